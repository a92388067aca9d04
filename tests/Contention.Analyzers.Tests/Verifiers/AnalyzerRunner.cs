using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Contention.Analyzers.Tests.Verifiers;

/// <summary>
/// Runs analyzers the way the compiler does (<see cref="CompilationWithAnalyzers"/>, concurrent execution on),
/// collecting their diagnostics and any exception they throw. For meta-tests and half-typed code, where the
/// markup verifiers are too strict about compiler errors.
/// </summary>
public static class AnalyzerRunner
{
    public static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers { get; } = typeof(DiagnosticIds).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static ImmutableArray<CodeFixProvider> AllCodeFixes { get; } = typeof(Contention.CodeFixes.EquivalenceKeys).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static Task<Result> RunAsync(string source, params DiagnosticAnalyzer[] analyzers) =>
        RunAsync(new[] { ("Test0.cs", source) }, OutputKind.DynamicallyLinkedLibrary, analyzers);

    public static async Task<Result> RunAsync(
        IReadOnlyList<(string Path, string Text)> sources, OutputKind outputKind, params DiagnosticAnalyzer[] analyzers)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, parseOptions, s.Path)).ToArray();
        var compilation = CSharpCompilation.Create(
            "AnalyzerRunner",
            trees,
            TestReferences.CurrentSdkReferences,
            new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable));
        return await RunAsync(compilation, analyzers);
    }

    /// <summary>Runs <paramref name="analyzers"/> (all of ours when none are given) over <paramref name="compilation"/>.</summary>
    public static Task<Result> RunAsync(Compilation compilation, params DiagnosticAnalyzer[] analyzers) =>
        RunAsync(compilation, ImmutableDictionary<string, string>.Empty, analyzers);

    /// <summary>Runs with <paramref name="editorConfig"/> as the .editorconfig options of every tree.</summary>
    public static Task<Result> RunAsync(Compilation compilation, ImmutableDictionary<string, string> editorConfig, params DiagnosticAnalyzer[] analyzers) =>
        RunAsync(compilation, editorConfig, CancellationToken.None, analyzers);

    /// <summary>
    /// Runs with <paramref name="editorConfig"/> and <paramref name="cancellationToken"/>; a cancelled run throws
    /// <see cref="OperationCanceledException"/>, whatever the analyzers reported before it.
    /// </summary>
    public static Task<Result> RunAsync(
        Compilation compilation, ImmutableDictionary<string, string> editorConfig, CancellationToken cancellationToken, params DiagnosticAnalyzer[] analyzers) =>
        RunCoreAsync(compilation, editorConfig, includeCompilerDiagnostics: false, cancellationToken, analyzers);

    /// <summary>
    /// All of our analyzers and the compiler in one pass (<see cref="CompilationWithAnalyzers.GetAllDiagnosticsAsync(CancellationToken)"/>),
    /// which binds the code once for both: <see cref="Result.CompilerErrors"/> comes from that pass.
    /// </summary>
    public static Task<Result> RunWithCompilerAsync(Compilation compilation, CancellationToken cancellationToken = default) =>
        RunCoreAsync(compilation, ImmutableDictionary<string, string>.Empty, includeCompilerDiagnostics: true, cancellationToken, AllAnalyzers.ToArray());

    private static async Task<Result> RunCoreAsync(
        Compilation compilation,
        ImmutableDictionary<string, string> editorConfig,
        bool includeCompilerDiagnostics,
        CancellationToken cancellationToken,
        DiagnosticAnalyzer[] analyzers)
    {
        if (analyzers.Length == 0)
        {
            analyzers = AllAnalyzers.ToArray();
        }

        var exceptions = new List<Exception>();
        var exceptionDiagnostics = new List<Diagnostic>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new EditorConfigProvider(editorConfig)),
            onAnalyzerException: (exception, analyzer, diagnostic) =>
            {
                lock (exceptions)
                {
                    exceptions.Add(exception);
                    exceptionDiagnostics.Add(diagnostic);
                }
            },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var withAnalyzers = compilation.WithAnalyzers(analyzers.ToImmutableArray(), options);
        ImmutableArray<Diagnostic>? compilerDiagnostics = null;
        ImmutableArray<Diagnostic> diagnostics;
        try
        {
            if (includeCompilerDiagnostics)
            {
                var all = await withAnalyzers.GetAllDiagnosticsAsync(cancellationToken);
                var analyzerIds = analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
                compilerDiagnostics = all.Where(d => !analyzerIds.Contains(d.Id) && !d.Id.StartsWith("AD", StringComparison.Ordinal)).ToImmutableArray();
            }

            // After GetAllDiagnosticsAsync this only collects what that pass computed.
            diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken);
        }
        catch (OperationCanceledException canceled) when (cancellationToken.IsCancellationRequested)
        {
            lock (exceptions)
            {
                throw new RunCanceledException(canceled, exceptions.ToArray(), exceptionDiagnostics.ToArray());
            }
        }

        return new Result(compilation, diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray(), exceptions)
        {
            ExceptionDiagnostics = exceptionDiagnostics,
            CompilerDiagnostics = compilerDiagnostics,
        };
    }

    public sealed record Result(Compilation Compilation, ImmutableArray<Diagnostic> Diagnostics, IReadOnlyList<Exception> Exceptions)
    {
        /// <summary>The AD0001-style diagnostic for each of <see cref="Exceptions"/>, naming the analyzer that threw.</summary>
        public IReadOnlyList<Diagnostic> ExceptionDiagnostics { get; init; } = Array.Empty<Diagnostic>();

        /// <summary>The compiler's diagnostics when computed in the same pass (<see cref="RunWithCompilerAsync"/>), else null.</summary>
        public ImmutableArray<Diagnostic>? CompilerDiagnostics { get; init; }

        public ImmutableArray<Diagnostic> CompilerErrors =>
            (CompilerDiagnostics ?? Compilation.GetDiagnostics()).Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
    }

    /// <summary>A cancelled run: still an <see cref="OperationCanceledException"/>, with what the analyzers threw before it stopped.</summary>
    public sealed class RunCanceledException : OperationCanceledException
    {
        public RunCanceledException(OperationCanceledException canceled, IReadOnlyList<Exception> exceptions, IReadOnlyList<Diagnostic> exceptionDiagnostics)
            : base(canceled.Message, canceled, canceled.CancellationToken)
        {
            Exceptions = exceptions;
            ExceptionDiagnostics = exceptionDiagnostics;
        }

        public IReadOnlyList<Exception> Exceptions { get; }

        public IReadOnlyList<Diagnostic> ExceptionDiagnostics { get; }
    }

    private sealed class EditorConfigProvider : AnalyzerConfigOptionsProvider
    {
        private readonly Options _options;

        public EditorConfigProvider(ImmutableDictionary<string, string> values) => _options = new Options(values);

        public override AnalyzerConfigOptions GlobalOptions => _options;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

        private sealed class Options : AnalyzerConfigOptions
        {
            private readonly ImmutableDictionary<string, string> _values;

            public Options(ImmutableDictionary<string, string> values) => _values = values;

            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
        }
    }
}
