using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Contention.Harness.Scenarios;
using Xunit;

namespace Contention.Harness.Tests;

/// <summary>The Markdown report and the bar charts, from made-up results: no scenario runs.</summary>
public class ReportTests
{
    private static readonly ScenarioSettings Settings = new(Threads: 4, Iterations: 10, Timeout: TimeSpan.FromMilliseconds(100), Repeat: 1);

    [Fact]
    public void Markdown_escapes_pipes_and_markup_so_every_row_keeps_its_seven_cells()
    {
        var results = new[]
        {
            Result(new CTN3001LockOnReachableObject(), Variant.Hazard, 3, "a|b", "x | y <T> *z* `q` [l](u)\nnext line"),
            Result(new CTN3001LockOnReachableObject(), Variant.Fixed, 0.25, "a|b", "plain"),
        };

        var lines = WriteMarkdown(results, "run", "CTN3001");

        var rows = lines.Where(l => l.StartsWith("| CTN3001 | lock (this) | ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, rows.Length);
        Assert.All(rows, row => Assert.Equal(8, Regex.Matches(row, @"(?<!\\)\|").Count));
        Assert.Equal(
            @"| CTN3001 | lock (this) | Hazard | x \| y \<T\> \*z\* \`q\` \[l\](u) next line | hazard shown in 1 of 1 run | 3 | a\|b |",
            rows[0]);
        Assert.Equal("| CTN3001 | lock (this) | Fixed | plain | clean in 1 run | 0.25 | a\\|b |", rows[1]);
    }

    [Fact]
    public void Markdown_shows_the_command_line_verbatim_with_the_seed_and_each_scenarios_settings_once()
    {
        var results = new[]
        {
            Result(new CTN3001LockOnReachableObject(), Variant.Hazard, 0, "Add() calls", "e"),
            Result(new CTN3001LockOnReachableObject(), Variant.Fixed, 40, "Add() calls", "e"),
        };

        var lines = WriteMarkdown(results, "run", "CTN3001", "--markdown", "my `report`.md");

        Assert.Contains("- Command line: ``Contention.Harness run CTN3001 --markdown \"my `report`.md\"``", lines);
        Assert.Contains("- Seed: 7", lines);
        Assert.Single(lines, l => l.StartsWith("| CTN3001 | 4 | 10 | 100 | 1 |", StringComparison.Ordinal));
    }

    [Fact]
    public void The_chart_scales_each_pair_to_its_larger_figure_and_labels_bars_with_figure_and_unit()
    {
        var results = new[]
        {
            Result(new CTN3001LockOnReachableObject(), Variant.Hazard, 0, "Add() calls", "e"),
            Result(new CTN3001LockOnReachableObject(), Variant.Fixed, 4000, "Add() calls", "e"),
            Result(new CTN3003LockOnMutableField(), Variant.Hazard, 3, "lost increments", "e"),
            Result(new CTN3003LockOnMutableField(), Variant.Fixed, 1.5, "lost increments", "e"),
            Result(new CTN2009GuardedByViolation(), Variant.Hazard, 0, "ms", "e"),
            Result(new CTN2009GuardedByViolation(), Variant.Fixed, 0, "ms", "e"),
        };

        var chart = ResultsChart.Create(results);

        Assert.NotNull(chart);
        Assert.Equal(
            new[]
            {
                "CTN3001 hazard    0 Add() calls    ",
                "CTN3001 fixed  4000 Add() calls    ",
                "CTN3003 hazard    3 lost increments",
                "CTN3003 fixed   1.5 lost increments",
                "CTN2009 hazard    0 ms             ",
                "CTN2009 fixed     0 ms             ",
            },
            chart.Data.Select(d => d.Label));
        Assert.Equal(new[] { 0d, 100d, 100d, 50d, 0d, 0d }, chart.Data.Select(d => d.Value));
    }

    [Fact]
    public void The_chart_leaves_out_a_scenario_whose_variants_differ_in_unit_or_have_no_bar_length()
    {
        var results = new[]
        {
            Result(new CTN3001LockOnReachableObject(), Variant.Hazard, 1, "ms", "e"),
            Result(new CTN3001LockOnReachableObject(), Variant.Fixed, 1, "calls", "e"),
            Result(new CTN3003LockOnMutableField(), Variant.Hazard, -532462766, "exit code", "e"),
            Result(new CTN3003LockOnMutableField(), Variant.Fixed, 0, "exit code", "e"),
            Result(new CTN2009GuardedByViolation(), Variant.Hazard, double.NaN, "ms", "e"),
            Result(new CTN2009GuardedByViolation(), Variant.Fixed, 1, "ms", "e"),
        };

        Assert.Null(ResultsChart.Create(results));
    }

    private static string[] WriteMarkdown(VariantResult[] results, params string[] args)
    {
        using var stream = new MemoryStream();
        MarkdownReport.Write(stream, results, args, seed: 7);
        return Encoding.UTF8.GetString(stream.ToArray()).Split('\n');
    }

    private static VariantResult Result(Scenario scenario, Variant variant, double figure, string unit, string evidence) =>
        new(scenario, variant, Settings, new[] { new Measurement(variant == Variant.Hazard, figure, unit, evidence) });
}
