using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Contention.Benchmarks.Analysis;
using Contention.Benchmarks.Corpus;

namespace Contention.Benchmarks.Quick;

/// <summary>The options of <c>quick</c> and <c>validate</c>.</summary>
public sealed class QuickOptions
{
    public int Files { get; set; } = CorpusGenerator.DefaultFiles;

    public int Seed { get; set; } = CorpusGenerator.DefaultSeed;

    public int Warmup { get; set; } = 1;

    public int Iterations { get; set; } = 5;

    /// <summary>Measured rounds for the peer packages, which take most of the time (Sonar and NetAnalyzers with every rule on).</summary>
    public int PeerIterations { get; set; } = 3;

    /// <summary>Also time each of our rules alone (29 more sets; long).</summary>
    public bool PerRule { get; set; }

    /// <summary>Also measure the floors: an empty IOperation analyzer, and 29 of them.</summary>
    public bool Floors { get; set; }

    public bool Sweep { get; set; } = true;

    public bool CorpusRuns { get; set; } = true;

    /// <summary>Also build the corpus with the SDK's compiler (<see cref="Build.RealBuild"/>).</summary>
    public bool RealBuild { get; set; } = true;

    public IReadOnlyList<int> SweepSizes { get; set; } = SweepGenerator.DefaultSizes;

    public int SweepIterations { get; set; } = 3;

    public bool Peers { get; set; } = true;

    /// <summary>Only the peers whose id contains one of these.</summary>
    public List<string> PeerFilters { get; } = new();

    /// <summary>Also write the summary (Markdown) to this file.</summary>
    public string? OutputPath { get; set; }

    public bool Verbose { get; set; }
}

/// <summary>
/// <c>quick</c>: a Stopwatch loop instead of BenchmarkDotNet, for numbers in minutes. Each round runs every set once
/// (so a noisy moment hits every set alike), on a fresh compilation, after a full GC; medians are reported. Our
/// rules are checked against the planted hazards on every run.
/// </summary>
public static class QuickBenchmark
{
    public static int Run(QuickOptions options, TextWriter output)
    {
        var report = new System.Text.StringBuilder();
        void Print(string text)
        {
            output.Write(text);
            output.Flush();
            report.Append(text);
        }

        Print(Environment(options));
        if (options.CorpusRuns)
        {
            Print(RunCorpus(options, output));
        }

        if (options.RealBuild)
        {
            Print(Build.RealBuild.Run(options, output));
        }

        if (options.Sweep)
        {
            Print(SizeSweep.Run(options, output));
        }

        if (options.OutputPath is not null)
        {
            File.WriteAllText(options.OutputPath, report.ToString());
            output.WriteLine($"Summary written to {options.OutputPath}");
        }

        return 0;
    }

    private static string Environment(QuickOptions options) =>
        string.Create(CultureInfo.InvariantCulture, $"""
            # Contention analyzer cost (quick mode)

            Machine: {System.Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, Roslyn {typeof(Microsoft.CodeAnalysis.Compilation).Assembly.GetName().Version!.ToString(3)}, server GC {System.Runtime.GCSettings.IsServerGC}.
            Method: {options.Warmup} warm-up + {options.Iterations} measured rounds ({options.PeerIterations} for peer packages outside the async family); each round runs every set once on a fresh compilation, after a full GC; medians.


            """);

    private static string RunCorpus(QuickOptions options, TextWriter output)
    {
        var corpus = new CorpusCompilation(CorpusGenerator.Generate(options.Files, options.Seed));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Corpus: {corpus.Corpus.Files.Count} files, {corpus.Lines:N0} lines, {corpus.Corpus.Hazards} planted hazards (seed {options.Seed})."));

        var ours = OurAnalyzers.AllRules();
        var peers = options.Peers ? PeerPackages.Matching(options.PeerFilters) : Array.Empty<AnalyzerSet>();
        foreach (var peer in peers)
        {
            output.WriteLine("Peer " + PeerPackages.Describe(peer));
        }

        // Validation first: the corpus means what it claims before anything is timed.
        var validation = AnalysisRun.Run(corpus, ours);
        CorpusValidation.Check(corpus, ours, validation);
        output.WriteLine($"Validation: all {ours.DiagnosticIds.Length} rules report exactly the {corpus.Corpus.Hazards} planted hazards; no compiler errors.");
        output.WriteLine();

        var sets = new List<AnalyzerSet> { AnalyzerSet.CompileOnly, AnalyzerSet.Empty, ours };
        if (options.Floors)
        {
            sets.InsertRange(2, FloorAnalyzers.Sets());
        }
        if (options.PerRule)
        {
            sets.AddRange(OurAnalyzers.EachRule());
        }

        sets.AddRange(peers.Where(p => p.IsLoaded));
        var samples = sets.ToDictionary(s => s, _ => new List<RunResult>());
        var failedSets = new Dictionary<AnalyzerSet, string>();
        // The async-family peers run as many rounds as ours: the ratio to the fastest of them is a target, and on a
        // noisy machine medians over different rounds would compare different moments.
        int Iterations(AnalyzerSet set) => set.Kind == SetKind.Peer && !set.CoversAsyncFamily ? options.PeerIterations : options.Iterations;
        var rounds = options.Warmup + sets.Max(Iterations);
        for (var round = 0; round < rounds; round++)
        {
            var measured = round >= options.Warmup;
            output.Write(measured ? $"round {round - options.Warmup + 1}/{rounds - options.Warmup}:" : $"warm-up {round + 1}/{options.Warmup}:");
            foreach (var set in sets)
            {
                if (failedSets.ContainsKey(set) || round >= options.Warmup + Iterations(set))
                {
                    continue;
                }

                AnalysisRun.Settle();
                RunResult result;
                try
                {
                    result = AnalysisRun.Run(corpus, set);
                }
                catch (Exception e) when (set.Kind == SetKind.Peer && e is not OutOfMemoryException)
                {
                    failedSets[set] = $"failed while running: {e.GetType().Name}: {e.Message}";
                    output.Write($" {Short(set)} failed");
                    continue;
                }

                if (set.Kind is SetKind.OursAll or SetKind.OurRule or SetKind.CompileOnly)
                {
                    CorpusValidation.Check(corpus, set, result);
                }

                if (measured)
                {
                    samples[set].Add(result);
                }

                output.Write($" {Short(set)} {Summary.Ms(result.Elapsed.TotalMilliseconds)}");
                output.Flush();
            }

            output.WriteLine();
        }

        output.WriteLine();

        // Per-rule execution times from a warm run (the validation run above also paid for the JIT): one as a user's
        // build reports them, and one after the shared work was done, where each rule's time is its own.
        AnalysisRun.Settle();
        var telemetry = AnalysisRun.Run(corpus, ours, logExecutionTime: true);
        CorpusValidation.Check(corpus, ours, telemetry);
        AnalysisRun.Settle();
        var split = OurAnalyzers.AllRulesAfterSharedWork();
        var splitTelemetry = AnalysisRun.Run(corpus, split, logExecutionTime: true);
        CorpusValidation.Check(corpus, split, splitTelemetry);
        var measurements = sets.Where(s => !failedSets.ContainsKey(s)).Select(s => Measure(s, samples[s])).ToList();
        var notLoaded = peers.Where(p => !p.IsLoaded)
            .Concat(failedSets.Keys.Select(s => AnalyzerSet.Peer(s.Name, s.Version, default, failedSets[s], s.CoversAsyncFamily)))
            .ToList();
        var text = new System.Text.StringBuilder();
        text.Append(Summary.Render(
            string.Create(CultureInfo.InvariantCulture, $"Corpus: {corpus.Corpus.Files.Count} files, {corpus.Lines:N0} lines, {corpus.Corpus.Hazards} planted hazards"),
            corpus.Lines, measurements, notLoaded));
        text.Append('\n');
        text.Append(RuleTimes(telemetry, splitTelemetry, corpus.Lines));
        text.Append('\n');
        return text.ToString();
    }

    /// <summary>
    /// Per rule execution time from one warm run (<c>logAnalyzerExecutionTime</c>, as ReportAnalyzer shows it), and
    /// from one run where <see cref="SharedWorkAnalyzer"/> did the shared work first.
    /// </summary>
    private static string RuleTimes(RunResult run, RunResult split, int lines)
    {
        var times = run.ExecutionTimes!;
        var own = split.ExecutionTimes!;
        var total = times.Values.Sum(t => t.TotalMilliseconds);
        var ownTotal = OurAnalyzers.ByRule.Sum(r => own[r.Analyzer].TotalMilliseconds);
        var table = new TextTable("Rule", "Execution ms", "ms / 100k lines", "Share", "Own work ms").AlignRight(1, 2, 3, 4);
        foreach (var (rule, analyzer) in OurAnalyzers.ByRule.OrderByDescending(r => times[r.Analyzer]))
        {
            var ms = times[analyzer].TotalMilliseconds;
            table.Add(rule, Summary.Ms(ms), Summary.Ms(ms * 100_000 / lines), Summary.Percent(total == 0 ? 0 : ms / total), Summary.Ms(own[analyzer].TotalMilliseconds));
        }

        var shared = own[OurAnalyzers.SharedWork].TotalMilliseconds;
        return "### Our rules, execution time per rule\n\n"
            + "From one run of all rules with `logAnalyzerExecutionTime` (the time inside each rule's actions, summed over threads;\n"
            + "it does not add up to the wall-clock cost above, which also contains the driver's own work). A rule's time there includes\n"
            + "shared work it happened to ask for first (binding a block, a control-flow graph). \"Own work\" is from one more run in which an\n"
            + "analyzer first did that shared work for every block (see `SharedWorkAnalyzer`): "
            + string.Create(CultureInfo.InvariantCulture, $"{Summary.Ms(shared)} ms for all {lines:N0} lines, where the rules bind only some blocks.\n\n")
            + table.Render()
            + string.Create(CultureInfo.InvariantCulture, $"| **all** | **{Summary.Ms(total)}** | **{Summary.Ms(total * 100_000 / lines)}** | 100% | **{Summary.Ms(ownTotal)}** |\n");
    }

    internal static SetMeasurement Measure(AnalyzerSet set, IReadOnlyList<RunResult> runs)
    {
        var last = runs[runs.Count - 1];
        var diagnostics = set.Kind == SetKind.CompileOnly
            ? last.Diagnostics.Length
            : last.CountsById(set.DiagnosticIds).Values.Sum();
        return new SetMeasurement(
            set,
            Median(runs.Select(r => r.Elapsed.TotalMilliseconds)),
            Median(runs.Select(r => (double)r.AllocatedBytes)),
            runs.Count,
            diagnostics,
            runs.Max(r => r.AnalyzerExceptions),
            runs.Select(r => r.FirstException).FirstOrDefault(e => e is not null),
            Median(runs.Select(r => r.ProcessorTime.TotalMilliseconds)));
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Short(AnalyzerSet set) => set.Kind switch
    {
        SetKind.CompileOnly => "compile",
        SetKind.Empty when set == AnalyzerSet.Empty => "empty",
        SetKind.OursAll => "ours",
        _ => set.Name,
    };
}
