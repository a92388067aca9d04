using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Contention.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace Contention.Analyzers.Tests.Robustness;

/// <summary>
/// The same code gives the same diagnostics however the analysis is scheduled: several analyses of the same compilations
/// at once (each with concurrent execution on), on the shared compilation objects and on fresh copies.
/// </summary>
[Collection(RobustnessCollection.Name)]
public sealed class DeterminismTests
{
    private const int Threads = 4;
    private const int Runs = 5;

    /// <summary>The harness is five times the samples' size: it joins the first runs of each thread only.</summary>
    private const int HarnessRuns = 2;

    private readonly ITestOutputHelper _output;

    public DeterminismTests(ITestOutputHelper output) => _output = output;

    /// <summary>
    /// Fails when any run's sorted diagnostics (id, span, message, additional locations, properties) differ from the
    /// first run's, or an analyzer throws: a race in a shared cache, an order-dependent walk or a first-wins report.
    /// </summary>
    [Fact]
    public async Task ConcurrentRuns_ReportIdenticalDiagnostics()
    {
        var samples = new Compilation[] { RobustnessCorpus.Gallery(), RobustnessCorpus.ValidCode() };
        var withHarness = samples.Append(RobustnessCorpus.Harness()).ToArray();
        var reference = await DescribeAsync(samples, fresh: false);
        var referenceWithHarness = await DescribeAsync(withHarness, fresh: false);
        Assert.Contains(reference, d => d.Contains("HazardGallery", StringComparison.Ordinal));
        Assert.Contains(referenceWithHarness, d => d.Contains("Contention.Harness", StringComparison.Ordinal));

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workers = Enumerable.Range(0, Threads).Select(worker => Task.Run(async () =>
        {
            await start.Task;
            var runs = new List<(string Name, IReadOnlyList<string> Diagnostics, IReadOnlyList<string> Reference)>();
            for (var run = 0; run < Runs; run++)
            {
                // Alternate between the shared compilations and copies whose per-compilation caches start empty.
                var fresh = (worker + run) % 2 == 1;
                var harness = run < HarnessRuns;
                runs.Add((
                    $"worker {worker} run {run}{(harness ? " with the harness" : "")}{(fresh ? " (fresh copies)" : "")}",
                    await DescribeAsync(harness ? withHarness : samples, fresh),
                    harness ? referenceWithHarness : reference));
            }

            return runs;
        })).ToArray();
        start.SetResult();
        var results = (await Task.WhenAll(workers)).SelectMany(r => r).ToArray();

        _output.WriteLine($"{results.Length} concurrent runs ({Threads * HarnessRuns} with the harness), {reference.Count} or {referenceWithHarness.Count} diagnostics each");
        Assert.Equal(Threads * Runs, results.Length);
        foreach (var (name, diagnostics, expected) in results)
        {
            var missing = expected.Except(diagnostics).ToArray();
            var extra = diagnostics.Except(expected).ToArray();
            Assert.True(
                diagnostics.SequenceEqual(expected),
                $"{name} differs from the first run: {diagnostics.Count} vs {expected.Count} diagnostics{Environment.NewLine}"
                    + $"missing:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", missing)}{Environment.NewLine}"
                    + $"extra:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", extra)}");
        }
    }

    private static async Task<IReadOnlyList<string>> DescribeAsync(IEnumerable<Compilation> compilations, bool fresh)
    {
        var all = new List<string>();
        foreach (var compilation in compilations)
        {
            var result = await AnalyzerRunner.RunAsync(fresh ? compilation.Clone() : compilation);
            Assert.True(!RobustnessCorpus.HasFailures(result), RobustnessCorpus.DescribeExceptions(result));
            all.AddRange(result.Diagnostics.Select(RobustnessCorpus.Describe));
        }

        all.Sort(StringComparer.Ordinal);
        return all;
    }
}
