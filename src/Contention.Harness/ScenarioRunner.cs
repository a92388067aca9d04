using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace Contention.Harness;

/// <summary>All runs of one variant of one scenario, and the verdict they add up to.</summary>
internal sealed record VariantResult(Scenario Scenario, Variant Variant, ScenarioSettings Settings, IReadOnlyList<Measurement> Runs)
{
    public int HazardRuns => Runs.Count(r => r.HazardObserved);

    /// <summary>
    /// Counts only what was observed: "hazard shown in k of N runs" whenever k &gt; 0, otherwise
    /// "not observed in N runs" for the hazard variant and "clean in N runs" for the fix.
    /// </summary>
    public string Verdict
    {
        get
        {
            var runs = Runs.Count == 1 ? "1 run" : $"{Runs.Count} runs";
            if (HazardRuns > 0)
            {
                return $"hazard shown in {HazardRuns} of {runs}";
            }

            return Variant == Variant.Hazard ? $"not observed in {runs}" : $"clean in {runs}";
        }
    }

    /// <summary>The run whose evidence backs the verdict: the first that showed the hazard, else the last.</summary>
    public Measurement Representative => Runs.FirstOrDefault(r => r.HazardObserved) ?? Runs[^1];
}

/// <summary>A run about to start: run <paramref name="Run"/> of <paramref name="Repeat"/> of one variant of one scenario.</summary>
internal sealed record RunStarting(Scenario Scenario, Variant Variant, int Run, int Repeat)
{
    /// <summary>Short enough for an 80-column live display: the scenario's title is in the results table.</summary>
    public override string ToString() => $"{Scenario.RuleId} {Variant.ToString().ToLowerInvariant()}, run {Run} of {Repeat}";
}

internal static class ScenarioRunner
{
    /// <summary>Runs every run of both variants, hazard first; <paramref name="runStarting"/> hears of each run before it starts.</summary>
    public static IReadOnlyList<VariantResult> Run(
        Scenario scenario, HarnessOptions options, CancellationToken cancellationToken, Action<RunStarting>? runStarting = null)
    {
        var settings = options.ApplyTo(scenario.Defaults);
        var results = new List<VariantResult>();
        foreach (var variant in new[] { Variant.Hazard, Variant.Fixed })
        {
            var runs = new List<Measurement>();
            for (var i = 0; i < settings.Repeat; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                runStarting?.Invoke(new RunStarting(scenario, variant, i + 1, settings.Repeat));
                runs.Add(scenario.Run(variant, settings, cancellationToken));
            }

            results.Add(new VariantResult(scenario, variant, settings, runs));
        }

        return results;
    }
}
