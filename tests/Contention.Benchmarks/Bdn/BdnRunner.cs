using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Contention.Benchmarks.Analysis;
using Contention.Benchmarks.Quick;

namespace Contention.Benchmarks.Bdn;

/// <summary>
/// <c>bench</c>: BenchmarkDotNet, in-process (the benchmark project is not rebuilt into a temporary one, and the
/// peer packages' folders stay where MSBuild found them), the monitoring strategy that suits operations of seconds,
/// MemoryDiagnoser. Our own options are taken out; the rest goes to BenchmarkDotNet (<c>--filter</c>, <c>--job</c>...).
/// </summary>
public static class BdnRunner
{
    public static int Run(List<string> args)
    {
        var bdnArgs = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--files":
                    if (i + 1 >= args.Count || !int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var files) || files < 2)
                    {
                        throw new UsageException("option --files takes a whole number of at least 2");
                    }

                    CorpusBenchmarks.Files = files;
                    i++;
                    break;
                case "--per-rule":
                    CorpusBenchmarks.PerRule = true;
                    break;
                case "--sets":
                    if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        throw new UsageException("option --sets needs a value, e.g. --sets compile,Contention,Meziantou");
                    }

                    CorpusBenchmarks.SetFilters = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    break;
                default:
                    bdnArgs.Add(args[i]);
                    break;
            }
        }

        if (!bdnArgs.Contains("--filter") && !bdnArgs.Contains("-f"))
        {
            bdnArgs.AddRange(new[] { "--filter", "*" });
        }

        foreach (var peer in PeerPackages.All)
        {
            Console.WriteLine("Peer " + PeerPackages.Describe(peer));
        }

        var config = DefaultConfig.Instance
            .AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(1)
                .WithIterationCount(5))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"))
            .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(60))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        var summaries = BenchmarkSwitcher.FromTypes(new[] { typeof(CorpusBenchmarks), typeof(SweepBenchmarks) }).Run(bdnArgs.ToArray(), config);
        foreach (var summary in summaries.Where(s => s.BenchmarksCases.Any(c => c.Descriptor.Type == typeof(CorpusBenchmarks))))
        {
            Console.WriteLine();
            Console.Write(RatioTable(summary));
        }

        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }

    /// <summary>The quick mode's summary table, from BenchmarkDotNet's medians and allocations.</summary>
    private static string RatioTable(BenchmarkDotNet.Reports.Summary summary)
    {
        var measurements = new List<SetMeasurement>();
        foreach (var report in summary.Reports.Where(r => r.Success && r.ResultStatistics is not null))
        {
            var name = (string)report.BenchmarkCase.Parameters["Set"];
            var set = BenchmarkSets.ByName(name, CorpusBenchmarks.PerRule);
            var bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
            measurements.Add(new SetMeasurement(
                set,
                report.ResultStatistics!.Median / 1_000_000.0,
                bytes,
                report.ResultStatistics.N,
                CorpusBenchmarks.DiagnosticsBySet.TryGetValue(name, out var count) ? count : 0,
                0,
                null));
        }

        var order = BenchmarkSets.All(CorpusBenchmarks.PerRule).Select((set, index) => (set.Name, index)).ToDictionary(x => x.Name, x => x.index, StringComparer.Ordinal);
        measurements.Sort((a, b) => order[a.Set.Name].CompareTo(order[b.Set.Name]));
        if (!measurements.Any(m => m.Set.Kind == SetKind.CompileOnly))
        {
            return "(no compile-alone measurement in this run: no ratio table)\n";
        }

        var corpus = BenchmarkSets.Corpus(CorpusBenchmarks.Files);
        var notLoaded = PeerPackages.All.Where(p => !p.IsLoaded);
        return Contention.Benchmarks.Summary.Render(
            string.Create(CultureInfo.InvariantCulture, $"Corpus: {corpus.Corpus.Files.Count} files, {corpus.Lines:N0} lines (BenchmarkDotNet)"),
            corpus.Lines,
            measurements,
            notLoaded);
    }
}
