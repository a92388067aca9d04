using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Contention.Harness.Scenarios;
using Xunit;

namespace Contention.Harness.Tests;

/// <summary>Each scenario, run once and small. Bounds are generous: only the hazard outcomes are exact.</summary>
public class ScenarioTests
{
    private const int Requests = 10;

    [Fact]
    public void CTN1002_hazard_blocks_the_event_loop_for_at_least_one_sleep()
    {
        var measurement = Run1002(Variant.Hazard);

        // Every sleep runs on the loop thread between two loop-observed instants: this holds whatever the timing.
        Assert.True(measurement.HazardObserved, measurement.Evidence);
        Assert.True(measurement.Figure >= CTN1002ThreadSleepInAsync.DelayMs, measurement.Evidence);
        Assert.StartsWith("heartbeat stalled", measurement.Evidence);
    }

    [Fact]
    public void CTN1002_fixed_keeps_the_heartbeat_going()
    {
        var measurement = Run1002(Variant.Fixed);

        // Back-to-back sleeps would stall the loop for Requests * DelayMs (500 ms); the fix leaves it ~10 ms gaps.
        Assert.True(measurement.Figure < Requests * CTN1002ThreadSleepInAsync.DelayMs / 2.0, measurement.Evidence);
        Assert.Contains($"{Requests} requests took", measurement.Evidence);
        Assert.Equal("ms", measurement.Unit);
    }

    [Fact]
    public void CTN3001_hazard_completes_no_Add_while_outside_code_holds_the_instance()
    {
        var settings = new ScenarioSettings(Threads: 4, Iterations: 1000, Timeout: TimeSpan.FromMilliseconds(100), Repeat: 1);

        var measurement = new CTN3001LockOnReachableObject().Run(Variant.Hazard, settings, CancellationToken.None);

        Assert.True(measurement.HazardObserved, measurement.Evidence);
        Assert.Equal(0, measurement.Figure);
        Assert.StartsWith("0 of 4000 Add() calls completed", measurement.Evidence);
        Assert.DoesNotContain(";", measurement.Evidence); // no note: the workers finished once released
    }

    [Fact]
    public void CTN3001_fixed_completes_every_Add_while_outside_code_holds_the_instance()
    {
        var settings = new ScenarioSettings(Threads: 4, Iterations: 1000, Timeout: TimeSpan.FromSeconds(10), Repeat: 1);

        var measurement = new CTN3001LockOnReachableObject().Run(Variant.Fixed, settings, CancellationToken.None);

        Assert.False(measurement.HazardObserved, measurement.Evidence);
        Assert.Equal(4000, measurement.Figure);
        Assert.DoesNotContain(";", measurement.Evidence);
    }

    [Fact]
    public void Every_scenario_has_usable_defaults_and_a_unique_rule_ID()
    {
        Assert.NotEmpty(ScenarioRegistry.All);
        Assert.Equal(ScenarioRegistry.All.Count, new HashSet<string>(ScenarioRegistry.All.Select(s => s.RuleId)).Count);
        foreach (var scenario in ScenarioRegistry.All)
        {
            Assert.Matches("^CTN[0-9]{4}$", scenario.RuleId);
            Assert.True(scenario.Defaults is { Threads: > 0, Iterations: > 0, Repeat: > 0 }, scenario.RuleId);
            Assert.True(scenario.Defaults.Timeout > TimeSpan.Zero, scenario.RuleId);
            Assert.False(string.IsNullOrWhiteSpace(scenario.Title + scenario.Description + scenario.Measures));
        }
    }

    private static Measurement Run1002(Variant variant)
    {
        var settings = new ScenarioSettings(Threads: 1, Iterations: Requests, Timeout: TimeSpan.FromSeconds(30), Repeat: 1);
        return new CTN1002ThreadSleepInAsync().Run(variant, settings, CancellationToken.None);
    }
}
