using System;
using System.IO;
using System.Linq;
using System.Text;
using Contention.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Contention.Analyzers.Tests.Meta;

/// <summary>
/// Rule pages and the README's rule table are generated from the descriptors and compared here.
/// Run with <c>UPDATE_DOCS=1</c> to rewrite them (and to write a stub page for a new rule).
/// </summary>
public sealed class DocsTests
{
    private const string PageStart = "<!-- generated:start -->";
    private const string PageEnd = "<!-- generated:end -->";
    private const string TableStart = "<!-- rules:start -->";
    private const string TableEnd = "<!-- rules:end -->";

    private static readonly bool Update = Environment.GetEnvironmentVariable("UPDATE_DOCS") == "1";

    public static TheoryData<string> RuleIds() => new(CatalogTests.AllDescriptors.Select(d => d.Id).OrderBy(id => id));

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void RulePage_HasTheGeneratedTable(string id)
    {
        var descriptor = CatalogTests.AllDescriptors.Single(d => d.Id == id);
        var path = RepositoryPaths.Combine("docs", "rules", id + ".md");
        if (!File.Exists(path))
        {
            Assert.True(Update, $"docs/rules/{id}.md is missing; run UPDATE_DOCS=1 dotnet test to write a stub");
            File.WriteAllText(path, Stub(descriptor));
        }

        var text = File.ReadAllText(path);
        var expected = ReplaceBetween(text, PageStart, PageEnd, PageTable(descriptor));
        WriteOrCompare(path, text, expected);
        Assert.StartsWith($"# {id}: {descriptor.Title}\n", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void RulePage_ShowsAHarnessCommandThatExists(string id)
    {
        var text = File.ReadAllText(RepositoryPaths.Combine("docs", "rules", id + ".md"));

        Assert.Contains($"dotnet run --project src/Contention.Harness -- run {id}", text, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(RepositoryPaths.Combine("src", "Contention.Harness", "Scenarios"), id + "*.cs"));
    }

    [Fact]
    public void EveryRulePageBelongsToARule()
    {
        var ids = CatalogTests.AllDescriptors.Select(d => d.Id).ToHashSet();
        var pages = Directory.GetFiles(RepositoryPaths.Combine("docs", "rules"), "*.md").Select(Path.GetFileNameWithoutExtension);

        Assert.All(pages, page => Assert.Contains(page!, ids));
    }

    [Fact]
    public void Readme_HasTheGeneratedRuleTable()
    {
        var path = RepositoryPaths.Combine("README.md");
        var text = File.ReadAllText(path);
        WriteOrCompare(path, text, ReplaceBetween(text, TableStart, TableEnd, ReadmeTable()));
    }

    internal static string PageTable(DiagnosticDescriptor descriptor)
    {
        var builder = new StringBuilder();
        builder.Append("| | |\n|---|---|\n");
        builder.Append($"| **ID** | {descriptor.Id} |\n");
        builder.Append($"| **Title** | {descriptor.Title} |\n");
        builder.Append($"| **Category** | {descriptor.Category} |\n");
        builder.Append($"| **Default severity** | {descriptor.DefaultSeverity} |\n");
        builder.Append($"| **Enabled by default** | {(descriptor.IsEnabledByDefault ? "Yes" : "No")} |\n");
        builder.Append($"| **Code fix** | {(HasFix(descriptor.Id) ? "Yes, with Fix All (document, project, solution)" : "No: see [How to fix](#how-to-fix)")} |\n");
        builder.Append($"| **Reported** | {Reported(descriptor.Id)} |\n");
        return builder.ToString();
    }

    /// <summary>When a rule reports: live, on build, or both (a rule with a compilation-end twin descriptor).</summary>
    private static string Reported(string id)
    {
        var endTags = AnalyzerRunner.AllAnalyzers.SelectMany(a => a.SupportedDiagnostics).Where(d => d.Id == id)
            .Select(d => d.CustomTags.Contains(WellKnownDiagnosticTags.CompilationEnd)).Distinct().ToArray();
        return endTags.Length > 1
            ? "Live, as you type; more on build, where it needs the whole compilation"
            : endTags[0] ? "On build: the rule needs the whole compilation" : "Live, as you type";
    }

    internal static string ReadmeTable()
    {
        var builder = new StringBuilder();
        builder.Append("| Rule | Title | Family | Severity | Code fix |\n|---|---|---|---|---|\n");
        foreach (var descriptor in CatalogTests.AllDescriptors.OrderBy(d => d.Id, StringComparer.Ordinal))
        {
            var family = descriptor.Category.Replace("Contention.", "", StringComparison.Ordinal);
            builder.Append($"| [{descriptor.Id}](docs/rules/{descriptor.Id}.md) | {descriptor.Title} | {family} | {descriptor.DefaultSeverity} | {(HasFix(descriptor.Id) ? "Yes" : "No")} |\n");
        }

        return builder.ToString();
    }

    private static bool HasFix(string id) => AnalyzerRunner.AllCodeFixes.Any(f => f.FixableDiagnosticIds.Contains(id));

    private static string Stub(DiagnosticDescriptor descriptor)
    {
        var sections = new[]
        {
            "Cause", "Why it is a hazard", "See it happen", "Non-compliant code", "Compliant code", "How to fix",
            "Configuration", "When to suppress", "Known limitations", "Related rules in other packages",
        };
        var builder = new StringBuilder($"# {descriptor.Id}: {descriptor.Title}\n\n{PageStart}\n{PageEnd}\n");
        foreach (var section in sections)
        {
            builder.Append($"\n## {section}\n\nTODO\n");
        }

        return builder.ToString();
    }

    private static string ReplaceBetween(string text, string start, string end, string content)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        var to = text.IndexOf(end, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, $"markers {start} ... {end} not found");
        return text.Substring(0, from + start.Length) + "\n" + content + text.Substring(to);
    }

    private static void WriteOrCompare(string path, string actual, string expected)
    {
        if (actual == expected)
        {
            return;
        }

        Assert.True(Update, $"{Path.GetRelativePath(RepositoryPaths.Root, path)} is out of date; run UPDATE_DOCS=1 dotnet test");
        File.WriteAllText(path, expected);
    }
}
