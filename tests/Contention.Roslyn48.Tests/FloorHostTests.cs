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
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace Contention.Roslyn48.Tests;

/// <summary>
/// The package promises to work from the .NET 8 SDK's compiler, Roslyn 4.8. These tests run in a process that has
/// Roslyn 4.8.0 and nothing newer, load the two shipped assemblies from the folder the package ships them in side by
/// side (the code-fix project's output holds both), and use them as a host would: analyze hazards, then fix one.
/// </summary>
public sealed class FloorHostTests
{
    /// <summary>Every marked line must get exactly the rule named in its comment, and no other line any rule.</summary>
    private const string Hazards = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class Service
        {
            private readonly object _gate = new object();
            private readonly Dictionary<string, int> _counts = new Dictionary<string, int>();
            [ThreadStatic] private static int t_depth = 1; // CTN2008
            private int _hits;

            public async Task<int> LoadAsync(Task<int> pending)
            {
                Thread.Sleep(100); // CTN1002
                await Task.Yield();
                return pending.Result; // CTN1001
            }

            public async void Refresh() => await Task.Delay(1); // CTN1006

            public void CountAll(int n) => Parallel.For(0, n, i => _hits++); // CTN2001

            public void Add(string key)
            {
                lock (_gate)
                {
                    _counts[key] = 1;
                }
            }

            public void Reset() => _counts.Clear(); // CTN2004

            public void Touch()
            {
                lock (this) // CTN3001
                {
                    _hits = t_depth;
                }
            }

            public void Fresh()
            {
                lock (new object()) // CTN3004
                {
                }
            }
        }
        """;

    private static readonly string CodeFixesFolder = Path.Combine(
        RepositoryRoot(), "src", "Contention.CodeFixes", "bin", BuildConfiguration(), "netstandard2.0");

    [Fact]
    public void The_host_has_Roslyn_4_8()
    {
        // Fails if a package in this project pulls a newer compiler in, and the rest of this class proves nothing.
        Assert.Equal(new Version(4, 8, 0, 0), typeof(Compilation).Assembly.GetName().Version);
        Assert.Equal(new Version(4, 8, 0, 0), typeof(CodeFixProvider).Assembly.GetName().Version);
    }

    [Fact]
    public async Task Every_analyzer_loads_and_reports_its_hazards()
    {
        var analyzers = LoadAnalyzers(out var loadFailures);
        Assert.Empty(loadFailures);

        // 29 rules today: CTN1001-CTN1007, CTN2001-CTN2010, CTN3001-CTN3012.
        var ids = analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToHashSet();
        Assert.Equal(29, ids.Count(id => id.StartsWith("CTN", StringComparison.Ordinal)));

        var (diagnostics, exceptions) = await AnalyzeAsync(Compile(Hazards), analyzers);

        Assert.Empty(exceptions);
        Assert.Equal(Marked(Hazards), diagnostics.Select(d => $"{d.Location.GetLineSpan().StartLinePosition.Line + 1}: {d.Id}").OrderBy(s => s, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_code_fix_loads_and_one_fixes_its_hazard()
    {
        var providers = LoadCodeFixes();
        Assert.NotEmpty(providers);
        foreach (var provider in providers)
        {
            // Touches the members a host calls first; a missing Roslyn API would throw here.
            Assert.NotEmpty(provider.FixableDiagnosticIds);
            _ = provider.GetFixAllProvider();
        }

        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Create(),
            "App",
            "App",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary),
            metadataReferences: References()));
        var document = workspace.AddDocument(project.Id, "Hazards.cs", SourceText.From(Hazards));
        var compilation = (await document.Project.GetCompilationAsync())!;
        var (diagnostics, _) = await AnalyzeAsync(compilation, LoadAnalyzers(out _));
        var lockThis = Assert.Single(diagnostics, d => d.Id == "CTN3001");

        var actions = new List<CodeAction>();
        foreach (var provider in providers.Where(p => p.FixableDiagnosticIds.Contains("CTN3001")))
        {
            await provider.RegisterCodeFixesAsync(new CodeFixContext(document, lockThis, (action, _) => actions.Add(action), CancellationToken.None));
        }

        var operations = await Assert.Single(actions).GetOperationsAsync(CancellationToken.None);
        var changed = Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution.GetDocument(document.Id)!;
        var text = (await changed.GetTextAsync()).ToString();

        Assert.DoesNotContain("lock (this)", text);
        Assert.Empty((await changed.Project.GetCompilationAsync())!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    private static ImmutableArray<DiagnosticAnalyzer> LoadAnalyzers(out List<string> failures)
    {
        var loader = new FolderLoader();
        var found = new List<string>();
        var analyzers = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
        foreach (var name in new[] { "Contention.Analyzers.dll", "Contention.CodeFixes.dll" })
        {
            var reference = new AnalyzerFileReference(Path.Combine(CodeFixesFolder, name), loader);
            reference.AnalyzerLoadFailed += (_, e) => found.Add($"{name}: {e.ErrorCode} {e.Message}");
            analyzers.AddRange(reference.GetAnalyzers(LanguageNames.CSharp));
        }

        failures = found;
        return analyzers.ToImmutable();
    }

    private static ImmutableArray<CodeFixProvider> LoadCodeFixes() =>
        new FolderLoader().LoadFromPath(Path.Combine(CodeFixesFolder, "Contention.CodeFixes.dll")).GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    private static async Task<(ImmutableArray<Diagnostic> Diagnostics, List<Exception> Exceptions)> AnalyzeAsync(
        Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var exceptions = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (exception, _, _) => { lock (exceptions) { exceptions.Add(exception); } },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
        return (diagnostics, exceptions);
    }

    private static CSharpCompilation Compile(string source) => CSharpCompilation.Create(
        "App",
        new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp12), "Hazards.cs") },
        References(),
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    /// <summary>The running framework's assemblies: what a net10.0 project compiles against, near enough.</summary>
    private static IEnumerable<MetadataReference> References() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
            .Select(path => MetadataReference.CreateFromFile(path));

    private static IEnumerable<string> Marked(string source) =>
        source.Split('\n')
            .Select((line, index) => (Match: Regex.Match(line, @"// (CTN\d{4})"), Line: index + 1))
            .Where(x => x.Match.Success)
            .Select(x => $"{x.Line}: {x.Match.Groups[1].Value}")
            .OrderBy(s => s, StringComparer.Ordinal);

    private static string BuildConfiguration() =>
        AppContext.BaseDirectory.Replace('\\', '/').Contains("/bin/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Analyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Analyzers.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Loads from the shipped folder into this process, next to its Roslyn 4.8, as the compiler's loader does.</summary>
    private sealed class FolderLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}
