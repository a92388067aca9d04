using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Contention.Benchmarks.Analysis;

namespace Contention.Benchmarks;

/// <summary>One set's measured numbers: medians over the measured iterations.</summary>
public sealed class SetMeasurement
{
    public SetMeasurement(AnalyzerSet set, double medianMs, double medianAllocatedBytes, int iterations, int diagnostics, int analyzerExceptions, string? firstException,
        double medianProcessorMs = double.NaN)
    {
        Set = set;
        MedianMs = medianMs;
        MedianProcessorMs = medianProcessorMs;
        MedianAllocatedBytes = medianAllocatedBytes;
        Iterations = iterations;
        Diagnostics = diagnostics;
        AnalyzerExceptions = analyzerExceptions;
        FirstException = firstException;
    }

    public AnalyzerSet Set { get; }

    public double MedianMs { get; }

    /// <summary>Median processor time of the process, summed over threads; NaN when not measured (BenchmarkDotNet).</summary>
    public double MedianProcessorMs { get; }

    public double MedianAllocatedBytes { get; }

    public int Iterations { get; }

    /// <summary>Diagnostics of the set's own ids on the corpus.</summary>
    public int Diagnostics { get; }

    public int AnalyzerExceptions { get; }

    public string? FirstException { get; }
}

/// <summary>
/// The table a reader wants: per set, the analyzer cost (with analyzers minus compile alone) per 100k lines, the
/// allocations, and the cost as a ratio to the compile and to the fastest peer package that covers the async family.
/// </summary>
public static class Summary
{
    public static string Render(string title, int lines, IReadOnlyList<SetMeasurement> measurements, IEnumerable<AnalyzerSet> notLoaded)
    {
        var compile = measurements.FirstOrDefault(m => m.Set.Kind == SetKind.CompileOnly)
            ?? throw new InvalidOperationException("The summary needs the compile-alone measurement.");
        var perHundredK = 100_000.0 / lines;
        var fastestAsyncPeer = measurements
            .Where(m => m.Set.Kind == SetKind.Peer && m.Set.CoversAsyncFamily)
            .OrderBy(m => m.MedianMs)
            .FirstOrDefault();
        double Cost(SetMeasurement m) => Math.Max(0, m.MedianMs - compile.MedianMs);
        double CostBytes(SetMeasurement m) => Math.Max(0, m.MedianAllocatedBytes - compile.MedianAllocatedBytes);

        var table = new TextTable(
                "Analyzer set", "Rules", "Total ms", "Analyzer ms", "Analyzer ms / 100k lines", "Allocated MB", "Analyzer MB",
                "× compile", "× fastest async peer", "Diagnostics")
            .AlignRight(1, 2, 3, 4, 5, 6, 7, 8, 9);
        foreach (var m in measurements)
        {
            var isCompile = m.Set.Kind == SetKind.CompileOnly;
            var name = m.Set.Kind == SetKind.Peer ? $"{m.Set.Name} {m.Set.Version}" : m.Set.Name;
            if (m.AnalyzerExceptions > 0)
            {
                name += $" ({m.AnalyzerExceptions} analyzer exceptions)";
            }

            table.Add(
                name,
                isCompile ? "—" : N(m.Set.DiagnosticIds.Length),
                Ms(m.MedianMs),
                isCompile ? "—" : Ms(Cost(m)),
                isCompile ? Ms(m.MedianMs * perHundredK) + " (compile)" : Ms(Cost(m) * perHundredK),
                Mb(m.MedianAllocatedBytes),
                isCompile ? "—" : Mb(CostBytes(m)),
                isCompile ? "1" : Ratio(Cost(m) / compile.MedianMs),
                isCompile || fastestAsyncPeer is null ? "—" : Ratio(Cost(m) / Math.Max(1e-9, Cost(fastestAsyncPeer))),
                isCompile ? N(m.Diagnostics) + " (compiler)" : N(m.Diagnostics));
        }

        foreach (var set in notLoaded)
        {
            table.Add($"{set.Name} {set.Version}".TrimEnd(), "—", "could not load: " + set.LoadError, "—", "—", "—", "—", "—", "—", "—");
        }

        var text = new StringBuilder();
        text.Append("## ").Append(title).Append('\n').Append('\n');
        text.Append(table.Render()).Append('\n');
        var iterations = measurements.Select(m => m.Iterations).Distinct().OrderBy(n => n).ToList();
        text.Append(CultureInfo.InvariantCulture, $"Medians of {string.Join(" or ", iterations)} measured runs per set, each on a fresh compilation of {lines:N0} lines. ");
        text.Append("Analyzer ms = total minus compile alone (the empty analyzer's is the driver's fixed cost, which every package pays); ");
        text.Append("× compile = analyzer ms / compile ms; ");
        text.Append(fastestAsyncPeer is null
            ? "no async-family peer package was measured.\n"
            : $"× fastest async peer = analyzer ms / analyzer ms of {fastestAsyncPeer.Set.Name}, the fastest of the async-family peers measured.\n");

        var ours = measurements.FirstOrDefault(m => m.Set.Kind == SetKind.OursAll);
        if (ours is not null)
        {
            var share = Cost(ours) / compile.MedianMs;
            text.Append(CultureInfo.InvariantCulture, $"\nTarget: all our rules < 10% of compile time: {Percent(share)} over the compile alone — {(share < 0.10 ? "met" : "NOT met")}");
            if (measurements.FirstOrDefault(m => m.Set == AnalyzerSet.Empty) is { } empty)
            {
                var overEmpty = Math.Max(0, ours.MedianMs - empty.MedianMs) / compile.MedianMs;
                text.Append(CultureInfo.InvariantCulture, $"; {Percent(overEmpty)} over the empty analyzer — {(overEmpty < 0.10 ? "met" : "NOT met")}");
            }

            text.Append(".\n");
            if (fastestAsyncPeer is not null)
            {
                var peerCost = Cost(fastestAsyncPeer);
                text.Append(CultureInfo.InvariantCulture,
                    $"Target: less than the fastest async-family peer ({fastestAsyncPeer.Set.Name}, {Ms(peerCost)} ms): {Ms(Cost(ours))} ms — {(Cost(ours) < peerCost ? "met" : "NOT met")}.\n");
            }
        }

        if (measurements.All(m => !double.IsNaN(m.MedianProcessorMs)))
        {
            text.Append('\n').Append(ProcessorTime(measurements, compile, ours));
        }

        return text.ToString();
    }

    /// <summary>
    /// The same runs by the processor time of the process, summed over its threads: the work each set costs, which a
    /// busy machine moves far less than the wall clock (time spent waiting for a core is not counted).
    /// </summary>
    private static string ProcessorTime(IReadOnlyList<SetMeasurement> measurements, SetMeasurement compile, SetMeasurement? ours)
    {
        double Cost(SetMeasurement m) => Math.Max(0, m.MedianProcessorMs - compile.MedianProcessorMs);
        var empty = measurements.FirstOrDefault(m => m.Set == AnalyzerSet.Empty);
        var table = new TextTable("Analyzer set", "Processor ms", "Analyzer processor ms", "× compile", "Over the empty analyzer × compile")
            .AlignRight(1, 2, 3, 4);
        foreach (var m in measurements)
        {
            var isCompile = m.Set.Kind == SetKind.CompileOnly;
            var hasRules = m.Set.Kind is SetKind.OursAll or SetKind.OurRule or SetKind.Peer;
            table.Add(
                m.Set.Kind == SetKind.Peer ? $"{m.Set.Name} {m.Set.Version}" : m.Set.Name,
                Ms(m.MedianProcessorMs),
                isCompile ? "—" : Ms(Cost(m)),
                isCompile ? "1" : Ratio(Cost(m) / compile.MedianProcessorMs),
                hasRules && empty is not null ? Ratio(Math.Max(0, m.MedianProcessorMs - empty.MedianProcessorMs) / compile.MedianProcessorMs) : "—");
        }

        var text = new StringBuilder("### The same runs by processor time\n\n");
        text.Append(table.Render()).Append('\n');
        text.Append("Medians of the process's processor time per run, summed over its threads (the garbage collector's included).\n");
        if (ours is not null && empty is not null)
        {
            var share = Cost(ours) / compile.MedianProcessorMs;
            var overEmpty = Math.Max(0, ours.MedianProcessorMs - empty.MedianProcessorMs) / compile.MedianProcessorMs;
            text.Append(CultureInfo.InvariantCulture,
                $"\nTarget: all our rules < 10% of compile time, by processor time: {Percent(share)} over the compile alone — {(share < 0.10 ? "met" : "NOT met")}; {Percent(overEmpty)} over the empty analyzer — {(overEmpty < 0.10 ? "met" : "NOT met")}.\n");
        }

        return text.ToString();
    }

    public static string Ms(double ms) => ms.ToString(ms >= 100 ? "N0" : "N1", CultureInfo.InvariantCulture);

    public static string Mb(double bytes) => (bytes / (1024.0 * 1024.0)).ToString("N1", CultureInfo.InvariantCulture);

    public static string Ratio(double ratio) => ratio.ToString(ratio >= 10 ? "N1" : "N2", CultureInfo.InvariantCulture);

    public static string Percent(double share) => (share * 100).ToString("N1", CultureInfo.InvariantCulture) + "%";

    public static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
