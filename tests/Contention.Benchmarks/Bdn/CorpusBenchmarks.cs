using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Contention.Benchmarks.Analysis;
using Contention.Benchmarks.Corpus;
using Microsoft.CodeAnalysis;

namespace Contention.Benchmarks.Bdn;

/// <summary>
/// The corpus, once per set: compile alone, the empty analyzer, all our rules, (with <c>--per-rule</c>) each rule alone,
/// and each peer package that loads. Every invocation compiles a fresh compilation. Our sets are checked against the
/// planted hazards in the global setup and after every iteration.
/// </summary>
[MemoryDiagnoser]
public class CorpusBenchmarks
{
    private CorpusCompilation _corpus = null!;
    private AnalyzerSet _set = null!;
    private ImmutableArray<Diagnostic> _last;
    private Compilation? _compilation;

    /// <summary>Set by <see cref="BdnRunner"/> from the command line; the benchmarks run in-process.</summary>
    public static int Files { get; set; } = CorpusGenerator.DefaultFiles;

    public static bool PerRule { get; set; }

    /// <summary>Only the sets whose name contains one of these (case-insensitive), or all.</summary>
    public static IReadOnlyList<string> SetFilters { get; set; } = Array.Empty<string>();

    /// <summary>Diagnostics of each set's own ids, from its validation run, for the summary table.</summary>
    internal static ConcurrentDictionary<string, int> DiagnosticsBySet { get; } = new();

    [ParamsSource(nameof(SetNames))]
    public string Set { get; set; } = "";

    public static IEnumerable<string> SetNames() =>
        BenchmarkSets.All(PerRule)
            .Where(s => s.IsLoaded && (SetFilters.Count == 0 || SetFilters.Any(f => s.Name.Contains(f, StringComparison.OrdinalIgnoreCase))))
            .Select(s => s.Name);

    [GlobalSetup]
    public void Setup()
    {
        _corpus = BenchmarkSets.Corpus(Files);
        _set = BenchmarkSets.ByName(Set, PerRule);
        var check = AnalysisRun.Run(_corpus, _set);
        CorpusValidation.Check(_corpus, _set, check);
        DiagnosticsBySet[Set] = _set.Kind == SetKind.CompileOnly ? check.Diagnostics.Length : check.CountsById(_set.DiagnosticIds).Values.Sum();
    }

    /// <summary>The fresh compilation (sources parsed again) is made here, outside the measured operation.</summary>
    [IterationSetup]
    public void Prepare() => _compilation = _corpus.Fresh(_set);

    [Benchmark]
    public int Analyze()
    {
        _last = AnalysisRun.Execute(_compilation!, _set);
        return _last.Length;
    }

    [IterationCleanup]
    public void CheckCounts()
    {
        if (!_last.IsDefault && _set.Kind is SetKind.OurRule or SetKind.OursAll)
        {
            var result = new RunResult(TimeSpan.Zero, TimeSpan.Zero, 0, _last, 0, null);
            CorpusValidation.Check(_corpus, _set, result);
        }
    }
}

/// <summary>The sets and the corpus shared by the benchmark classes of one process.</summary>
internal static class BenchmarkSets
{
    private static readonly ConcurrentDictionary<int, CorpusCompilation> Corpora = new();

    public static CorpusCompilation Corpus(int files) => Corpora.GetOrAdd(files, f => new CorpusCompilation(CorpusGenerator.Generate(f)));

    public static IEnumerable<AnalyzerSet> All(bool perRule)
    {
        yield return AnalyzerSet.CompileOnly;
        yield return AnalyzerSet.Empty;
        yield return OursAll;
        if (perRule)
        {
            foreach (var rule in Rules)
            {
                yield return rule;
            }
        }

        foreach (var peer in PeerPackages.All)
        {
            yield return peer;
        }
    }

    public static AnalyzerSet ByName(string name, bool perRule) =>
        All(perRule).FirstOrDefault(s => s.Name == name) ?? throw new InvalidOperationException($"No analyzer set named '{name}'.");

    private static AnalyzerSet OursAll { get; } = OurAnalyzers.AllRules();

    private static IReadOnlyList<AnalyzerSet> Rules { get; } = OurAnalyzers.EachRule().ToList();
}
