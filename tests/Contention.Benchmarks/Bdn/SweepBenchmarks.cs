using System.Collections.Concurrent;
using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Contention.Benchmarks.Analysis;
using Contention.Benchmarks.Corpus;
using Microsoft.CodeAnalysis;

namespace Contention.Benchmarks.Bdn;

/// <summary>
/// The size sweep under BenchmarkDotNet: one method or one type of 1k to 16k lines, compiled alone and with all our
/// rules. The per-rule growth exponents come from <c>quick</c>, which records each rule's execution time.
/// </summary>
[MemoryDiagnoser]
public class SweepBenchmarks
{
    private static readonly ConcurrentDictionary<(SweepShape, int), CorpusCompilation> Corpora = new();

    private CorpusCompilation _corpus = null!;
    private AnalyzerSet _set = null!;
    private ImmutableArray<Diagnostic> _last;
    private Compilation? _compilation;

    [Params(SweepShape.Method, SweepShape.Type)]
    public SweepShape Shape { get; set; }

    [Params(1_000, 2_000, 4_000, 8_000, 16_000)]
    public int Lines { get; set; }

    [Params("compile alone", "Contention (all 29 rules)")]
    public string Set { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _corpus = Corpora.GetOrAdd((Shape, Lines), key => new CorpusCompilation(SweepGenerator.Generate(key.Item1, key.Item2)));
        _set = Set == AnalyzerSet.CompileOnly.Name ? AnalyzerSet.CompileOnly : OurAnalyzers.AllRules();
        CorpusValidation.Check(_corpus, _set, AnalysisRun.Run(_corpus, _set));
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
        if (!_last.IsDefault && _set.Kind == SetKind.OursAll)
        {
            CorpusValidation.Check(_corpus, _set, new RunResult(System.TimeSpan.Zero, System.TimeSpan.Zero, 0, _last, 0, null));
        }
    }
}
