using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Contention.Benchmarks.Analysis;

/// <summary>What one measured operation produced.</summary>
public sealed class RunResult
{
    public RunResult(TimeSpan elapsed, TimeSpan processorTime, long allocatedBytes, ImmutableArray<Diagnostic> diagnostics, int analyzerExceptions, string? firstException,
        IReadOnlyDictionary<DiagnosticAnalyzer, TimeSpan>? executionTimes = null)
    {
        Elapsed = elapsed;
        ProcessorTime = processorTime;
        AllocatedBytes = allocatedBytes;
        Diagnostics = diagnostics;
        AnalyzerExceptions = analyzerExceptions;
        FirstException = firstException;
        ExecutionTimes = executionTimes;
    }

    public TimeSpan Elapsed { get; }

    /// <summary>Processor time of the whole process during the operation, summed over its threads (the GC's included).</summary>
    public TimeSpan ProcessorTime { get; }

    /// <summary>Bytes allocated by the whole process during the operation (all threads).</summary>
    public long AllocatedBytes { get; }

    /// <summary>Compiler and analyzer diagnostics (analyzer diagnostics only for a run that logged execution times).</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    /// <summary>Exceptions thrown by analyzers (reported by the driver as AD0001).</summary>
    public int AnalyzerExceptions { get; }

    public string? FirstException { get; }

    /// <summary>Per analyzer execution time, when asked for with <c>logAnalyzerExecutionTime</c> (then <see cref="Diagnostics"/> has no compiler diagnostics).</summary>
    public IReadOnlyDictionary<DiagnosticAnalyzer, TimeSpan>? ExecutionTimes { get; }

    public int Errors => Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("AD", StringComparison.Ordinal));

    /// <summary>Analyzer diagnostics by id (compiler diagnostics left out).</summary>
    public IReadOnlyDictionary<string, int> CountsById(IEnumerable<string> ids)
    {
        var wanted = new HashSet<string>(ids, StringComparer.Ordinal);
        return Diagnostics.Where(d => wanted.Contains(d.Id))
            .GroupBy(d => d.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }
}

/// <summary>
/// Runs one set on a fresh compilation: the compiler's diagnostics alone (<c>GetDiagnostics</c>), or compiler and
/// analyzers together (<c>CompilationWithAnalyzers.GetAllDiagnosticsAsync</c>, concurrent, as the compiler runs them).
/// </summary>
public static class AnalysisRun
{
    public static RunResult Run(CorpusCompilation corpus, AnalyzerSet set, bool logExecutionTime = false, CancellationToken cancellationToken = default)
    {
        if (!set.IsLoaded)
        {
            throw new InvalidOperationException($"{set.Name} could not load: {set.LoadError}");
        }

        var compilation = corpus.Fresh(set);
        var exceptions = new ConcurrentQueue<string>();
        var withAnalyzers = set.RunsAnalyzers
            ? compilation.WithAnalyzers(set.Analyzers, Options(logExecutionTime, exceptions))
            : null;

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var processorBefore = Environment.CpuUsage.TotalTime;
        var stopwatch = Stopwatch.StartNew();
        ImmutableArray<Diagnostic> diagnostics;
        Dictionary<DiagnosticAnalyzer, TimeSpan>? times = null;
        if (withAnalyzers is null)
        {
            diagnostics = compilation.GetDiagnostics(cancellationToken);
        }
        else if (!logExecutionTime)
        {
            diagnostics = withAnalyzers.GetAllDiagnosticsAsync(cancellationToken).GetAwaiter().GetResult();
        }
        else
        {
            // The analysis result carries the telemetry (GetAnalyzerTelemetryInfoAsync reports no time after
            // GetAllDiagnosticsAsync). It binds the whole compilation as GetAllDiagnosticsAsync does, but returns the
            // analyzers' diagnostics only: asking the compilation for its own again would bind it a second time.
            var analysis = withAnalyzers.GetAnalysisResultAsync(cancellationToken).GetAwaiter().GetResult();
            diagnostics = analysis.GetAllDiagnostics();
            times = analysis.AnalyzerTelemetryInfo.ToDictionary(pair => pair.Key, pair => pair.Value.ExecutionTime);
        }

        stopwatch.Stop();
        var processor = Environment.CpuUsage.TotalTime - processorBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        return new RunResult(stopwatch.Elapsed, processor, allocated, diagnostics, exceptions.Count, exceptions.TryPeek(out var first) ? first : null, times);
    }

    /// <summary>The measured operation alone, for BenchmarkDotNet: the diagnostics of a fresh compilation (<see cref="CorpusCompilation.Fresh"/>, made in the iteration setup) with the set's.</summary>
    public static ImmutableArray<Diagnostic> Execute(Compilation compilation, AnalyzerSet set)
    {
        return set.RunsAnalyzers
            ? compilation.WithAnalyzers(set.Analyzers, Options(logExecutionTime: false, exceptions: null)).GetAllDiagnosticsAsync().GetAwaiter().GetResult()
            : compilation.GetDiagnostics();
    }

    /// <summary>As the compiler runs analyzers: concurrently, no suppressed diagnostics, no options files.</summary>
    private static CompilationWithAnalyzersOptions Options(bool logExecutionTime, ConcurrentQueue<string>? exceptions) =>
        new(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            exceptions is null ? null : (exception, analyzer, _) => exceptions.Enqueue($"{analyzer.GetType().Name}: {exception.GetType().Name}: {exception.Message}"),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: logExecutionTime,
            reportSuppressedDiagnostics: false);

    /// <summary>A full collection, so that one run's garbage is not collected on the next run's time.</summary>
    public static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
