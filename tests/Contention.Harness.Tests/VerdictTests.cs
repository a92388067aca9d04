using System;
using System.Linq;
using Contention.Harness.Scenarios;
using Xunit;

namespace Contention.Harness.Tests;

public class VerdictTests
{
    private static readonly ScenarioSettings Settings = new(1, 1, TimeSpan.FromSeconds(1), 3);

    [Theory]
    [InlineData("Hazard", "TTT", "hazard shown in 3 of 3 runs")]
    [InlineData("Hazard", "FTF", "hazard shown in 1 of 3 runs")]
    [InlineData("Hazard", "FFF", "not observed in 3 runs")]
    [InlineData("Hazard", "F", "not observed in 1 run")]
    [InlineData("Fixed", "FFF", "clean in 3 runs")]
    [InlineData("Fixed", "F", "clean in 1 run")]
    [InlineData("Fixed", "FTT", "hazard shown in 2 of 3 runs")]
    [InlineData("Fixed", "T", "hazard shown in 1 of 1 run")]
    public void Verdict_counts_only_what_was_observed(string variant, string runs, string expected)
    {
        Assert.Equal(expected, Result(Enum.Parse<Variant>(variant), runs).Verdict);
    }

    [Fact]
    public void Evidence_comes_from_the_first_run_that_showed_the_hazard_else_the_last()
    {
        Assert.Equal("run 1", Result(Variant.Fixed, "FTT").Representative.Evidence);
        Assert.Equal("run 2", Result(Variant.Hazard, "FFF").Representative.Evidence);
    }

    /// <summary><paramref name="runs"/>: one letter per run, T where the hazard showed.</summary>
    private static VariantResult Result(Variant variant, string runs) => new(
        new CTN3001LockOnReachableObject(),
        variant,
        Settings,
        runs.Select((c, i) => new Measurement(c == 'T', i, "unit", $"run {i}")).ToArray());
}
