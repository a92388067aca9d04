using System;
using System.Collections.Generic;
using System.Linq;
using Spectre.Console;

namespace Contention.Harness;

/// <summary>
/// The bar chart after the results table: each scenario's hazard figure against its fixed figure. The scenarios
/// measure unrelated things in unrelated units (ms of starvation, lost increments, ops/s), so bars are only
/// compared within a pair: each pair is scaled to the larger of its two figures, and each bar's label gives the
/// real figure and unit.
/// </summary>
internal static class ResultsChart
{
    public const string Heading = "Hazard against fixed (bars scaled per scenario to the larger figure):";

    /// <summary>Wide enough to tell bars apart, narrow enough to read in a 200-column log.</summary>
    private const int Width = 120;

    /// <summary>
    /// The chart, or null when no scenario qualifies. A scenario takes part when both variants' figures (from the runs
    /// whose evidence the table shows) have the same unit and are finite and not negative.
    /// </summary>
    public static BarChart? Create(IEnumerable<VariantResult> results)
    {
        var bars = new List<(string RuleId, Variant Variant, Measurement Run, double Scaled)>();
        foreach (var scenario in results.GroupBy(r => r.Scenario.RuleId))
        {
            var hazard = scenario.FirstOrDefault(r => r.Variant == Variant.Hazard)?.Representative;
            var fixedRun = scenario.FirstOrDefault(r => r.Variant == Variant.Fixed)?.Representative;
            if (hazard is null || fixedRun is null || hazard.Unit != fixedRun.Unit || !IsBar(hazard) || !IsBar(fixedRun))
            {
                continue;
            }

            var larger = Math.Max(hazard.Figure, fixedRun.Figure);
            bars.Add((scenario.Key, Variant.Hazard, hazard, larger == 0 ? 0 : 100 * hazard.Figure / larger));
            bars.Add((scenario.Key, Variant.Fixed, fixedRun, larger == 0 ? 0 : 100 * fixedRun.Figure / larger));
        }

        if (bars.Count == 0)
        {
            return null;
        }

        // Labels padded to one width read as columns: rule, variant, figure (right-aligned), unit.
        var figureWidth = bars.Max(b => Measurement.FormatFigure(b.Run.Figure).Length);
        var unitWidth = bars.Max(b => b.Run.Unit.Length);
        var chart = new BarChart().Width(Width).WithMaxValue(100).HideValues();
        foreach (var (ruleId, variant, run, scaled) in bars)
        {
            var label = $"{ruleId} {variant.ToString().ToLowerInvariant(),-6} " +
                $"{Measurement.FormatFigure(run.Figure).PadLeft(figureWidth)} {run.Unit.PadRight(unitWidth)}";
            chart.AddItem(Markup.Escape(label), scaled, variant == Variant.Hazard ? Color.Red : Color.Green);
        }

        return chart;
    }

    private static bool IsBar(Measurement run) => double.IsFinite(run.Figure) && run.Figure >= 0;
}
