using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Contention.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace Contention.Analyzers.Tests.Robustness;

/// <summary>
/// Every analyzer on broken copies of real code (the samples and the harness scenarios): truncated, tokens deleted or
/// duplicated, braces unbalanced, identifiers renamed to missing symbols. No analyzer may throw, and no file may take
/// more than <see cref="PerVariantBound"/> to analyze. Reproducible: the seed and count are printed with every failure,
/// and docs/robustness.md has the command for a longer run.
/// </summary>
[Collection(RobustnessCollection.Name)]
public sealed class FuzzTests
{
    /// <summary>
    /// Each of the 55 corpus files cut at every sixth of its tokens and broken ~31 other ways: 30 to 40 s on two cores;
    /// CONTENTION_FUZZ_VARIANTS raises it for a local run (docs/robustness.md).
    /// </summary>
    public const int DefaultVariants = 2000;

    public const int DefaultSeed = 20_261_124;

    /// <summary>A safety net, not a benchmark: analysis of one broken file is measured in milliseconds.</summary>
    private static readonly TimeSpan PerVariantBound = TimeSpan.FromSeconds(10);

    /// <summary>A variant still running after this is cancelled and reported as a hang instead of blocking the run.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private readonly ITestOutputHelper _output;

    public FuzzTests(ITestOutputHelper output) => _output = output;

    /// <summary>
    /// Fails when an analyzer throws (or the driver reports AD0001) on any variant, or a variant's analysis takes longer
    /// than <see cref="PerVariantBound"/> or never ends.
    /// </summary>
    [Fact]
    public async Task BrokenVariantsOfRealCode_NeitherThrowNorStall()
    {
        var seed = Setting("CONTENTION_FUZZ_SEED", DefaultSeed);
        var count = Setting("CONTENTION_FUZZ_VARIANTS", DefaultVariants);
        var indexes = Environment.GetEnvironmentVariable("CONTENTION_FUZZ_ONLY") is { Length: > 0 } only
            ? only.Split(',').Select(i => int.Parse(i, CultureInfo.InvariantCulture)).ToArray()
            : Enumerable.Range(0, count).ToArray();
        var mutator = new SourceMutator(RobustnessCorpus.FuzzSources, seed, count);
        var empty = RobustnessCorpus.Create("Fuzz", Array.Empty<SyntaxTree>());
        var failures = new ConcurrentBag<string>();
        var times = new ConcurrentBag<(TimeSpan Elapsed, int Index)>();
        var total = Stopwatch.StartNew();

        // Several variants at a time: one small file's analysis leaves cores idle between its phases.
        await Parallel.ForEachAsync(indexes, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount) }, async (index, _) =>
        {
            var variant = mutator.Create(index);
            var (failure, elapsed) = await CheckAsync(variant, empty, AnalyzerRunner.AllAnalyzers);
            times.Add((elapsed, index));
            if (failure is not null)
            {
                failures.Add(Report(seed, count, variant, failure));
            }
        });

        var slowest = times.MaxBy(t => t.Elapsed);
        _output.WriteLine($"seed {seed}, {indexes.Length} of {count} variants of {RobustnessCorpus.FuzzSources.Count} files in {total.Elapsed.TotalSeconds:F1} s; "
            + $"slowest: variant {slowest.Index}, {slowest.Elapsed.TotalMilliseconds:F0} ms");
        var sorted = failures.OrderBy(f => f, StringComparer.Ordinal).ToArray();
        Assert.True(
            sorted.Length == 0,
            $"{sorted.Length} of {indexes.Length} variants failed (seed {seed}, count {count}):{Environment.NewLine}"
                + string.Join(Environment.NewLine + Environment.NewLine, sorted.Take(20)));
    }

    /// <summary>The variants are a function of seed, count and index, so a reported failure can be replayed.</summary>
    [Fact]
    public void Variants_AreReproducible_AndBreakTheCode()
    {
        var first = new SourceMutator(RobustnessCorpus.FuzzSources, DefaultSeed, DefaultVariants);
        var second = new SourceMutator(RobustnessCorpus.FuzzSources, DefaultSeed, DefaultVariants);
        var other = new SourceMutator(RobustnessCorpus.FuzzSources, DefaultSeed + 1, DefaultVariants);
        var sample = Enumerable.Range(0, 70).Select(i => i * 29).ToArray();

        Assert.All(sample, i => Assert.Equal(first.Create(i), second.Create(i)));
        Assert.Contains(sample, i => first.Create(i).Text != other.Create(i).Text);

        // Most variants must not compile, or the fuzzing would only be re-running the samples.
        var broken = sample.Count(i =>
        {
            var variant = first.Create(i);
            var original = RobustnessCorpus.FuzzSources.Single(f => f.Name == variant.File).Text;
            return ErrorCount(variant.Text) > ErrorCount(original);
        });
        Assert.True(broken >= sample.Length * 3 / 4, $"only {broken} of {sample.Length} variants are broken");
    }

    private static int ErrorCount(string text) =>
        RobustnessCorpus.Errors(RobustnessCorpus.Create("Check", new[] { RobustnessCorpus.Parse(text, "Check.cs") })).Length;

    /// <summary>The check itself: an analyzer that throws on broken code is caught and named, with the variant.</summary>
    [Fact]
    public async Task Check_ReportsAnAnalyzerThatThrows()
    {
        var variant = new Variant(0, "Throwing.cs", "a lock without a body", "class C { object o = new object(); void M() { lock (o) } }");
        var empty = RobustnessCorpus.Create("Fuzz", Array.Empty<SyntaxTree>());

        var (failure, _) = await CheckAsync(variant, empty, ImmutableArray.Create<DiagnosticAnalyzer>(new ThrowsOnLockAnalyzer()));

        Assert.NotNull(failure);
        Assert.Contains(nameof(ThrowsOnLockAnalyzer), failure, StringComparison.Ordinal);
    }

    internal static async Task<(string? Failure, TimeSpan Elapsed)> CheckAsync(Variant variant, CSharpCompilation empty, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var compilation = empty.AddSyntaxTrees(RobustnessCorpus.Parse(variant.Text, variant.File));
        using var hang = new CancellationTokenSource(HangGuard);
        var stopwatch = Stopwatch.StartNew();
        AnalyzerRunner.Result result;
        try
        {
            result = await AnalyzerRunner.RunAsync(compilation, ImmutableDictionary<string, string>.Empty, hang.Token, analyzers.ToArray());
        }
        catch (OperationCanceledException) when (hang.IsCancellationRequested)
        {
            return ($"analysis did not finish within {HangGuard.TotalSeconds} s", stopwatch.Elapsed);
        }

        var elapsed = stopwatch.Elapsed;
        if (RobustnessCorpus.HasFailures(result))
        {
            return ("analyzer exception:" + Environment.NewLine + RobustnessCorpus.DescribeExceptions(result), elapsed);
        }

        return elapsed > PerVariantBound
            ? ($"analysis took {elapsed.TotalSeconds:F1} s, more than the {PerVariantBound.TotalSeconds} s bound", elapsed)
            : (null, elapsed);
    }

    private static string Report(int seed, int count, Variant variant, string failure)
    {
        var directory = Path.Combine(Path.GetTempPath(), "contention-fuzz");
        Directory.CreateDirectory(directory);
        var copy = Path.Combine(directory, $"seed{seed}-count{count}-variant{variant.Index}.cs");
        File.WriteAllText(copy, variant.Text);
        return $"variant {variant.Index} of {variant.File}: {variant.Description}{Environment.NewLine}"
            + $"  replay: CONTENTION_FUZZ_SEED={seed} CONTENTION_FUZZ_VARIANTS={count} CONTENTION_FUZZ_ONLY={variant.Index}; source saved to {copy}{Environment.NewLine}"
            + "  " + failure;
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;

#pragma warning disable RS1036, RS1038, RS1041, RS2008 // a test-only analyzer: never shipped, never loaded by a compiler
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class ThrowsOnLockAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = new("TEST0001", "t", "t", "t", DiagnosticSeverity.Warning, true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterSyntaxNodeAction(_ => throw new InvalidOperationException("lock without a body"), SyntaxKind.LockStatement);
        }
    }
#pragma warning restore RS1036, RS1038, RS1041, RS2008
}
