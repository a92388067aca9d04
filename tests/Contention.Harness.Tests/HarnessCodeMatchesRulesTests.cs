using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace Contention.Harness.Tests;

/// <summary>
/// The harness's scenario code is the rules' own before-and-after: compiled with the real analyzers, each
/// scenario's nested <c>Hazard</c> class must fire its rule and every <c>Fixed</c> class must fire nothing.
/// </summary>
public class HarnessCodeMatchesRulesTests : IClassFixture<HarnessCodeMatchesRulesTests.Analysis>
{
    private static readonly Regex ScenarioFileName = new(@"^(CTN[0-9]{4})\w+\.cs$", RegexOptions.CultureInvariant);

    private readonly Analysis _analysis;

    public HarnessCodeMatchesRulesTests(Analysis analysis) => _analysis = analysis;

    [Fact]
    public void The_harness_sources_compile_without_errors()
    {
        Assert.Empty(_analysis.CompilerErrors.Select(d => d.ToString()));
    }

    [Fact]
    public void No_analyzer_throws_on_the_harness()
    {
        Assert.NotEmpty(_analysis.Analyzers);
        Assert.Empty(_analysis.AnalyzerExceptions.Select(e => e.ToString()));
    }

    [Fact]
    public void Every_scenario_file_belongs_to_a_registered_scenario_and_back()
    {
        var fileRuleIds = _analysis.ScenarioFiles.Select(f => f.RuleId).OrderBy(id => id, StringComparer.Ordinal);
        var registered = ScenarioRegistry.All.Select(s => s.RuleId).OrderBy(id => id, StringComparer.Ordinal);

        Assert.Equal(registered, fileRuleIds);
    }

    [Fact]
    public void Every_scenario_rule_is_a_diagnostic_some_analyzer_supports()
    {
        var supported = _analysis.Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);

        Assert.All(ScenarioRegistry.All, s => Assert.Contains(s.RuleId, supported));
    }

    [Fact]
    public void Every_Hazard_class_fires_its_rule()
    {
        var missing = _analysis.ScenarioFiles
            .Where(f => !_analysis.Diagnostics.Any(d => d.Id == f.RuleId && IsIn(d, f.Path, "Hazard")))
            .Select(f => $"{f.RuleId} not reported inside {Path.GetFileName(f.Path)} class Hazard")
            .ToArray();

        Assert.True(missing.Length == 0, string.Join(Environment.NewLine, missing));
    }

    [Fact]
    public void No_Hazard_class_fires_a_rule_other_than_its_own()
    {
        // A hazard shows one rule's pattern and nothing else, or the harness would measure two hazards at once.
        var unexpected = _analysis.ScenarioFiles
            .SelectMany(f => _analysis.Diagnostics.Where(d =>
                d.Id.StartsWith("CTN", StringComparison.Ordinal) && d.Id != f.RuleId && IsIn(d, f.Path, "Hazard")))
            .Select(d => d.ToString())
            .ToArray();

        Assert.True(unexpected.Length == 0, string.Join(Environment.NewLine, unexpected));
    }

    [Fact]
    public void Compilation_end_diagnostics_are_included()
    {
        // Rules such as CTN1005 judge the whole call graph in a compilation-end action, which only analysis of the
        // whole compilation runs (GetAnalyzerDiagnosticsAsync does; per-tree semantic analysis does not).
        var compilationEndRules = _analysis.Analyzers
            .SelectMany(a => a.SupportedDiagnostics)
            .Where(d => d.CustomTags.Contains(WellKnownDiagnosticTags.CompilationEnd))
            .Select(d => d.Id)
            .ToHashSet(StringComparer.Ordinal);
        var scenarioRules = ScenarioRegistry.All.Select(s => s.RuleId).Where(compilationEndRules.Contains).ToArray();

        Assert.NotEmpty(scenarioRules);
        Assert.All(scenarioRules, id => Assert.Contains(_analysis.Diagnostics, d => d.Id == id));
    }

    [Fact]
    public void No_Fixed_class_fires_any_rule()
    {
        var unexpected = _analysis.Diagnostics
            .Where(d => d.Id.StartsWith("CTN", StringComparison.Ordinal) && NestedScenarioClass(d) == "Fixed")
            .Select(d => d.ToString())
            .ToArray();

        Assert.True(unexpected.Length == 0, string.Join(Environment.NewLine, unexpected));
    }

    private static bool IsIn(Diagnostic diagnostic, string path, string nestedClass) =>
        string.Equals(diagnostic.Location.SourceTree?.FilePath, path, StringComparison.Ordinal)
        && NestedScenarioClass(diagnostic) == nestedClass;

    /// <summary>"Hazard" or "Fixed" when the diagnostic sits in such a class nested in another class, else null.</summary>
    private static string? NestedScenarioClass(Diagnostic diagnostic)
    {
        var tree = diagnostic.Location.SourceTree;
        if (tree is null)
        {
            return null;
        }

        var node = tree.GetRoot().FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        return node.AncestorsAndSelf()
            .OfType<ClassDeclarationSyntax>()
            .Where(c => c.Identifier.ValueText is "Hazard" or "Fixed" && c.Parent is ClassDeclarationSyntax)
            .Select(c => c.Identifier.ValueText)
            .FirstOrDefault();
    }

    /// <summary>Compiles src/Contention.Harness once and runs every Contention analyzer over it.</summary>
    public sealed class Analysis : IAsyncLifetime
    {
        public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; private set; }

        public IReadOnlyList<(string Path, string RuleId)> ScenarioFiles { get; private set; } = Array.Empty<(string, string)>();

        public ImmutableArray<Diagnostic> CompilerErrors { get; private set; }

        public ImmutableArray<Diagnostic> Diagnostics { get; private set; }

        public IReadOnlyList<Exception> AnalyzerExceptions { get; private set; } = Array.Empty<Exception>();

        public async Task InitializeAsync()
        {
            var harnessDirectory = Path.Combine(FindRepoRoot(), "src", "Contention.Harness");
            var files = Directory.EnumerateFiles(harnessDirectory, "*.cs", SearchOption.AllDirectories)
                .Where(f => !IsBuildOutput(Path.GetRelativePath(harnessDirectory, f)))
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToArray();
            ScenarioFiles = files
                .Where(f => Path.GetRelativePath(harnessDirectory, Path.GetDirectoryName(f)!) == "Scenarios")
                .Select(f => (Path: f, Match: ScenarioFileName.Match(Path.GetFileName(f))))
                .Where(f => f.Match.Success)
                .Select(f => (f.Path, f.Match.Groups[1].Value))
                .ToArray();

            // The language version the SDK compiles the net10.0 harness with, so version-gated rules (CTN3010: C# 13) apply.
            var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
            var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parseOptions, f)).ToArray();
            var compilation = CSharpCompilation.Create(
                "HarnessUnderAnalysis",
                trees,
                References(),
                new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
            CompilerErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();

            Analyzers = LoadAnalyzers();
            var exceptions = new List<Exception>();
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (exception, analyzer, diagnostic) =>
                {
                    lock (exceptions)
                    {
                        exceptions.Add(new InvalidOperationException($"{analyzer.GetType().Name} threw: {diagnostic}", exception));
                    }
                },
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false);
            Diagnostics = await compilation.WithAnalyzers(Analyzers, options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
            AnalyzerExceptions = exceptions;
        }

        public Task DisposeAsync() => Task.CompletedTask;

        private static ImmutableArray<DiagnosticAnalyzer> LoadAnalyzers() =>
            Assembly.Load("Contention.Analyzers").GetTypes()
                .Where(t => !t.IsAbstract
                    && typeof(DiagnosticAnalyzer).IsAssignableFrom(t)
                    && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
                .OrderBy(t => t.FullName, StringComparer.Ordinal)
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .ToImmutableArray();

        /// <summary>
        /// The running runtime's assemblies plus Spectre.Console. The harness and test assemblies themselves are
        /// left out: the harness's types must come from the sources under analysis only.
        /// </summary>
        private static IEnumerable<MetadataReference> References()
        {
            var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Where(p => !Path.GetFileName(p).StartsWith("Contention.", StringComparison.Ordinal))
                .Append(typeof(Spectre.Console.AnsiConsole).Assembly.Location);
            return paths.Distinct(StringComparer.Ordinal).Select(p => MetadataReference.CreateFromFile(p));
        }

        private static bool IsBuildOutput(string relativePath)
        {
            var first = relativePath.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)[0];
            return first is "bin" or "obj";
        }

        /// <summary>The folder holding Analyzers.sln, or failing that global.json, above the test's output.</summary>
        private static string FindRepoRoot()
        {
            foreach (var marker in new[] { "Analyzers.sln", "global.json" })
            {
                for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
                {
                    if (File.Exists(Path.Combine(directory.FullName, marker)))
                    {
                        return directory.FullName;
                    }
                }
            }

            throw new InvalidOperationException($"No Analyzers.sln or global.json above {AppContext.BaseDirectory}.");
        }
    }
}
