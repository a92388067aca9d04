using System;
using System.Collections.Generic;
using System.Composition;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Contention.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace Contention.Analyzers.Tests.Meta;

/// <summary>Rules every analyzer and fixer obeys, found by reflection so a new rule is covered without edits.</summary>
public sealed class CatalogTests
{
    private static readonly Dictionary<char, (string Category, string Folder)> Families = new()
    {
        ['1'] = (DiagnosticCategories.Async, "Async"),
        ['2'] = (DiagnosticCategories.SharedState, "SharedState"),
        ['3'] = (DiagnosticCategories.Locking, "Locking"),
    };

    public static TheoryData<string> AnalyzerNames() => new(AnalyzerRunner.AllAnalyzers.Select(a => a.GetType().Name));

    /// <summary>Each analyzer's rule: its first descriptor (a second one may only be its compilation-end twin).</summary>
    public static IEnumerable<DiagnosticDescriptor> AllDescriptors =>
        AnalyzerRunner.AllAnalyzers.Select(a => a.SupportedDiagnostics[0]);

    [Fact]
    public void ThereAreAnalyzersAndFixers()
    {
        Assert.NotEmpty(AnalyzerRunner.AllAnalyzers);
        Assert.NotEmpty(AnalyzerRunner.AllCodeFixes);
    }

    [Fact]
    public void EveryIdIsReportedByExactlyOneAnalyzer()
    {
        var duplicates = AllDescriptors.GroupBy(d => d.Id).Where(g => g.Count() > 1).Select(g => g.Key);
        Assert.Empty(duplicates);
    }

    [Fact]
    public void EveryDiagnosticIdConstantHasADescriptor()
    {
        var constants = typeof(DiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetValue(null)!)
            .OrderBy(id => id)
            .ToArray();
        Assert.Equal(constants, AllDescriptors.Select(d => d.Id).OrderBy(id => id).ToArray());
    }

    [Theory]
    [MemberData(nameof(AnalyzerNames))]
    public void AnalyzerFollowsTheConventions(string analyzerName)
    {
        var analyzer = AnalyzerRunner.AllAnalyzers.Single(a => a.GetType().Name == analyzerName);
        var type = analyzer.GetType();
        var descriptor = analyzer.SupportedDiagnostics[0];
        foreach (var twin in analyzer.SupportedDiagnostics.Skip(1))
        {
            // A rule that reports both live and at compilation end has two descriptors that differ only in that tag.
            Assert.Equal(descriptor.Id, twin.Id);
            Assert.Equal(descriptor.Title.ToString(), twin.Title.ToString());
            Assert.Equal(descriptor.MessageFormat.ToString(), twin.MessageFormat.ToString());
            Assert.Equal(descriptor.Description.ToString(), twin.Description.ToString());
            Assert.Equal(descriptor.Category, twin.Category);
            Assert.Equal(descriptor.DefaultSeverity, twin.DefaultSeverity);
            Assert.Equal(descriptor.HelpLinkUri, twin.HelpLinkUri);
            Assert.DoesNotContain(WellKnownDiagnosticTags.CompilationEnd, descriptor.CustomTags);
            Assert.Equal(descriptor.CustomTags.Append(WellKnownDiagnosticTags.CompilationEnd).OrderBy(t => t), twin.CustomTags.OrderBy(t => t));
        }

        Assert.True(analyzer.SupportedDiagnostics.Length <= 2, "one descriptor per rule, and at most its compilation-end twin");

        Assert.Matches(new Regex("^CTN[123][0-9]{3}$"), descriptor.Id);
        var family = Families[descriptor.Id[3]];
        Assert.Equal(family.Category, descriptor.Category);
        Assert.Equal("Contention.Analyzers." + family.Folder, type.Namespace);
        Assert.StartsWith(descriptor.Id, type.Name, StringComparison.Ordinal);
        Assert.EndsWith("Analyzer", type.Name, StringComparison.Ordinal);
        Assert.True(File.Exists(RepositoryPaths.Combine("src", "Contention.Analyzers", family.Folder, type.Name + ".cs")), "one rule, one file named after the analyzer");

        Assert.Equal(Descriptors.HelpLinkBase + descriptor.Id + ".md", descriptor.HelpLinkUri);
        Assert.True(descriptor.IsEnabledByDefault);
        Assert.Equal(new[] { LanguageNames.CSharp }, type.GetCustomAttribute<DiagnosticAnalyzerAttribute>()!.Languages);
    }

    [Theory]
    [MemberData(nameof(AnalyzerNames))]
    public void TextsAreWrittenForPeople(string analyzerName)
    {
        var descriptor = AnalyzerRunner.AllAnalyzers.Single(a => a.GetType().Name == analyzerName).SupportedDiagnostics[0];
        var title = descriptor.Title.ToString();
        var message = descriptor.MessageFormat.ToString();
        var description = descriptor.Description.ToString();

        Assert.False(title.EndsWith('.'), "titles do not end with a period");
        Assert.True(char.IsUpper(title[0]), "titles start with a capital letter");
        Assert.False(message.EndsWith('.'), "messages do not end with a period");
        Assert.True(description.EndsWith('.'), "descriptions are sentences");
        Assert.DoesNotContain("possible", message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ReleaseTrackingListsEveryRule()
    {
        var unshipped = File.ReadAllLines(RepositoryPaths.Combine("src", "Contention.Analyzers", "AnalyzerReleases.Unshipped.md"));
        var shipped = File.ReadAllLines(RepositoryPaths.Combine("src", "Contention.Analyzers", "AnalyzerReleases.Shipped.md"));
        var rows = unshipped.Concat(shipped).Where(l => l.StartsWith("CTN", StringComparison.Ordinal)).ToArray();
        foreach (var descriptor in AllDescriptors)
        {
            var row = Assert.Single(rows, r => r.StartsWith(descriptor.Id + " ", StringComparison.Ordinal));
            var cells = row.Split('|').Select(c => c.Trim()).ToArray();
            Assert.Equal(descriptor.Category, cells[1]);
            Assert.Equal(descriptor.DefaultSeverity.ToString(), cells[2]);
        }
    }

    [Fact]
    public void EveryFixerIsExportedSharedAndFixesKnownIds()
    {
        var ids = AllDescriptors.Select(d => d.Id).ToHashSet();
        foreach (var fixer in AnalyzerRunner.AllCodeFixes)
        {
            var type = fixer.GetType();
            var export = type.GetCustomAttribute<ExportCodeFixProviderAttribute>();
            Assert.NotNull(export);
            Assert.Equal(new[] { LanguageNames.CSharp }, export!.Languages);
            Assert.Equal(type.Name, export.Name);
            Assert.NotNull(type.GetCustomAttribute<SharedAttribute>());
            Assert.NotNull(fixer.GetFixAllProvider());

            var fixable = Assert.Single(fixer.FixableDiagnosticIds);
            Assert.Contains(fixable, ids);
            Assert.StartsWith(fixable, type.Name, StringComparison.Ordinal);
            Assert.EndsWith("CodeFixProvider", type.Name, StringComparison.Ordinal);

            var analyzerNamespace = AnalyzerRunner.AllAnalyzers.Single(a => a.SupportedDiagnostics[0].Id == fixable).GetType().Namespace!;
            Assert.Equal(analyzerNamespace.Replace("Contention.Analyzers", "Contention.CodeFixes", StringComparison.Ordinal), type.Namespace);
        }
    }

    [Fact]
    public void EquivalenceKeysAreDistinctAndNamedAfterTheirRule()
    {
        var keys = typeof(Contention.CodeFixes.EquivalenceKeys).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (Name: f.Name, Value: (string)f.GetValue(null)!))
            .ToArray();
        Assert.NotEmpty(keys);
        Assert.Equal(keys.Length, keys.Select(k => k.Value).Distinct().Count());
        foreach (var (name, value) in keys)
        {
            Assert.Matches(new Regex(@"^CTN[123][0-9]{3}\.[A-Z][A-Za-z]+$"), value);
            Assert.StartsWith(value.Substring(0, 7), name, StringComparison.Ordinal);
        }
    }
}
