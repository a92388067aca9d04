using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Contention.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace Contention.Analyzers.Tests.Robustness;

/// <summary>
/// A cancelled analysis (the IDE cancels on every keystroke) stops promptly, reports no exception of its own, and leaves
/// nothing behind that changes the next run's diagnostics.
/// </summary>
[Collection(RobustnessCollection.Name)]
public sealed class CancellationTests
{
    /// <summary>Generous: a cooperative analyzer stops within milliseconds of the request.</summary>
    private static readonly TimeSpan PromptBound = TimeSpan.FromSeconds(5);

    private readonly ITestOutputHelper _output;

    public CancellationTests(ITestOutputHelper output) => _output = output;

    /// <summary>
    /// Cancelled 200 ms into the analysis of ~28,000 lines (about ten seconds in full on two cores). Fails when the run
    /// completes anyway, stops later than <see cref="PromptBound"/> after the request, or an analyzer reports an
    /// exception other than the cancellation.
    /// </summary>
    [Fact]
    public async Task CancelAfter_StopsPromptly()
    {
        var compilation = Large(copies: 20);
        using var cancellation = new CancellationTokenSource();
        var stopwatch = Stopwatch.StartNew();
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(200));

        var canceled = await Assert.ThrowsAsync<AnalyzerRunner.RunCanceledException>(
            () => AnalyzerRunner.RunAsync(compilation, ImmutableDictionary<string, string>.Empty, cancellation.Token));

        var late = stopwatch.Elapsed - TimeSpan.FromMilliseconds(200);
        _output.WriteLine($"stopped {late.TotalMilliseconds:F0} ms after the request");
        Assert.Empty(canceled.Exceptions.Select(e => e.ToString()));
        Assert.True(late <= PromptBound, $"stopped {late.TotalSeconds:F1} s after cancellation");
    }

    /// <summary>
    /// Cancelled from inside the analysis, at a deterministic point: on the 200th operation block analyzed (the run must
    /// then throw: most of the code is still ahead), or when compilation-end actions start (CTN1005's and CTN3007's
    /// interprocedural passes; the run may then also complete, there being little left to cancel). Fails when the run
    /// returns later than <see cref="PromptBound"/> after the request, or an analyzer reports an exception.
    /// </summary>
    [Theory]
    [InlineData(Tripwire.Trigger.OperationBlock)]
    [InlineData(Tripwire.Trigger.CompilationEnd)]
    public async Task CancelFromInsideTheAnalysis_StopsPromptly(Tripwire.Trigger trigger)
    {
        var compilation = Large(copies: trigger == Tripwire.Trigger.OperationBlock ? 2 : 1)
            .AddSyntaxTrees(RobustnessCorpus.Parse(PathologicalSources.MutualRecursion(1_000), "Recursion.cs"));

        var (canceled, exceptions, late) = await RunWithTripwireAsync(compilation, trigger, after: 200);

        _output.WriteLine($"{trigger}: {(canceled ? "canceled" : "completed")} {late.TotalMilliseconds:F0} ms after the request");
        Assert.True(canceled || trigger == Tripwire.Trigger.CompilationEnd, "the run completed although cancelled early");
        Assert.Empty(exceptions.Select(e => e.ToString()));
        Assert.True(late <= PromptBound, $"returned {late.TotalSeconds:F1} s after cancellation");
    }

    /// <summary>
    /// Fails when a run cancelled half-way leaves a cache (per compilation, per tree, per symbol) that makes the next run
    /// over the same compilation report anything other than what a run that was never cancelled reports.
    /// </summary>
    [Theory]
    [InlineData(Tripwire.Trigger.OperationBlock)]
    [InlineData(Tripwire.Trigger.CompilationEnd)]
    public async Task AfterACancelledRun_TheNextRunIsComplete(Tripwire.Trigger trigger)
    {
        var compilation = RobustnessCorpus.Gallery().AddSyntaxTrees(RobustnessCorpus.ValidCode().SyntaxTrees);
        var reference = (await AnalyzerRunner.RunAsync(compilation.Clone())).Diagnostics.Select(RobustnessCorpus.Describe).Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(reference);

        var (canceled, exceptions, _) = await RunWithTripwireAsync(compilation, trigger, after: 20);
        var again = await AnalyzerRunner.RunAsync(compilation);

        Assert.True(canceled || trigger == Tripwire.Trigger.CompilationEnd, "the run completed although cancelled early");
        Assert.Empty(exceptions);
        Assert.Empty(again.Exceptions);
        Assert.Equal(reference, again.Diagnostics.Select(RobustnessCorpus.Describe).Order(StringComparer.Ordinal));
    }

    /// <summary>Runs every analyzer plus a <see cref="Tripwire"/>: whether the run was cancelled, what threw, how long it took to return after the request.</summary>
    private static async Task<(bool Canceled, IReadOnlyList<Exception> Exceptions, TimeSpan Late)> RunWithTripwireAsync(Compilation compilation, Tripwire.Trigger trigger, int after)
    {
        using var cancellation = new CancellationTokenSource();
        var tripwire = new Tripwire(trigger, after, cancellation);
        try
        {
            var result = await AnalyzerRunner.RunAsync(compilation, ImmutableDictionary<string, string>.Empty, cancellation.Token, AnalyzerRunner.AllAnalyzers.Add(tripwire).ToArray());
            Assert.True(cancellation.IsCancellationRequested, $"the tripwire never fired ({trigger}, after {after})");
            return (false, result.Exceptions, tripwire.SinceCanceled);
        }
        catch (AnalyzerRunner.RunCanceledException canceled)
        {
            return (true, canceled.Exceptions, tripwire.SinceCanceled);
        }
    }

    /// <summary>The gallery and ValidCode, <paramref name="copies"/> times over in namespaces of their own.</summary>
    private static Compilation Large(int copies)
    {
        var sources = RobustnessCorpus.FuzzSources.Where(f => f.Name.StartsWith("samples/", StringComparison.Ordinal)).ToArray();
        var trees = Enumerable.Range(0, copies).SelectMany(copy => sources.Select(f => RobustnessCorpus.Parse(
            f.Text.Replace("namespace HazardGallery;", $"namespace HazardGallery.Copy{copy};", StringComparison.Ordinal)
                .Replace("namespace ValidCode;", $"namespace ValidCode.Copy{copy};", StringComparison.Ordinal),
            $"Copy{copy}/{f.Name}")));
        return RobustnessCorpus.Create("Large", trees);
    }

    /// <summary>Cancels the run from inside: on the N-th operation block it sees, or when compilation-end actions start.</summary>
#pragma warning disable RS1036, RS1038, RS1041, RS2008 // a test-only analyzer: never shipped, never loaded by a compiler
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class Tripwire : DiagnosticAnalyzer
    {
        private readonly Trigger _trigger;
        private readonly int _after;
        private readonly CancellationTokenSource _cancellation;
        private readonly Stopwatch _sinceCanceled = new();
        private int _seen;

        public Tripwire(Trigger trigger, int after, CancellationTokenSource cancellation)
        {
            _trigger = trigger;
            _after = after;
            _cancellation = cancellation;
        }

        public enum Trigger
        {
            OperationBlock,
            CompilationEnd,
        }

        public TimeSpan SinceCanceled => _sinceCanceled.Elapsed;

        // Never reported, but the driver skips an analyzer that supports no diagnostic.
        private static readonly DiagnosticDescriptor Unused = new("TEST0002", "t", "t", "t", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Unused);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                if (_trigger == Trigger.OperationBlock)
                {
                    start.RegisterOperationBlockAction(_ =>
                    {
                        if (Interlocked.Increment(ref _seen) == _after)
                        {
                            Cancel();
                        }
                    });
                }
                else
                {
                    start.RegisterCompilationEndAction(_ => Cancel());
                }
            });
        }

        private void Cancel()
        {
            _sinceCanceled.Start();
            _cancellation.Cancel();
        }
    }
#pragma warning restore RS1036, RS1038, RS1041, RS2008
}
