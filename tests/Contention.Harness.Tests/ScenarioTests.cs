using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
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
    public void CTN3002_hazard_completes_no_Add_while_unrelated_code_holds_the_type_or_the_string()
    {
        var settings = new ScenarioSettings(Threads: 2, Iterations: 500, Timeout: TimeSpan.FromMilliseconds(100), Repeat: 1);

        var measurement = new CTN3002LockOnWeakIdentity().Run(Variant.Hazard, settings, CancellationToken.None);

        // The workers start only once the type and the interned literal are held: 0 whatever the timing.
        Assert.True(measurement.HazardObserved, measurement.Evidence);
        Assert.Equal(0, measurement.Figure);
        Assert.StartsWith("0 of 1000 Cache.Add() calls completed while unrelated code held typeof(Cache) for ", measurement.Evidence);
        Assert.Contains("; 0 of 1000 Registry.Add() calls completed while unrelated code held \"registry\" for ", measurement.Evidence);
        AssertWorkersFinishedAfterRelease(measurement);
    }

    [Fact]
    public void CTN3002_fixed_completes_every_Add_while_unrelated_code_holds_the_type_and_the_string()
    {
        var settings = new ScenarioSettings(Threads: 2, Iterations: 500, Timeout: TimeSpan.FromSeconds(10), Repeat: 1);

        var measurement = new CTN3002LockOnWeakIdentity().Run(Variant.Fixed, settings, CancellationToken.None);

        Assert.False(measurement.HazardObserved, measurement.Evidence);
        Assert.Equal(2000, measurement.Figure);
        AssertWorkersFinishedAfterRelease(measurement);
    }

    [Fact]
    public void CTN3003_hazard_counts_at_most_the_increments_made()
    {
        // Lost updates need two threads inside the lock at once: racy, so only the shape is asserted here.
        var settings = new ScenarioSettings(Threads: 2, Iterations: 20_000, Timeout: TimeSpan.FromSeconds(30), Repeat: 1);

        var measurement = new CTN3003LockOnMutableField().Run(Variant.Hazard, settings, CancellationToken.None);

        Assert.Equal(LostUpdates.Unit, measurement.Unit);
        Assert.True(measurement.Figure >= 0, measurement.Evidence);
        Assert.Equal(measurement.Figure > 0, measurement.HazardObserved);
        Assert.Matches(@"(^lost \d+ of 80000 increments|^80000 of 80000 increments counted) .*while another thread replaced the lock \d+ times$", measurement.Evidence);
    }

    [Fact]
    public void CTN3003_fixed_counts_every_increment_since_the_last_reset()
    {
        var settings = new ScenarioSettings(Threads: 2, Iterations: 20_000, Timeout: TimeSpan.FromSeconds(30), Repeat: 1);

        var measurement = new CTN3003LockOnMutableField().Run(Variant.Fixed, settings, CancellationToken.None);

        // Reset() and Increment() share one lock: exact whatever the timing.
        Assert.False(measurement.HazardObserved, measurement.Evidence);
        Assert.Equal(0, measurement.Figure);
        Assert.StartsWith("40000 of 40000 increments counted since the last Reset(), after ", measurement.Evidence);
        Assert.EndsWith(" Reset() calls ran alongside 40000 increments", measurement.Evidence);
    }

    [Fact]
    public void CTN3003_fixed_stays_exact_when_the_watchdog_cuts_the_increments_short()
    {
        // Far more work than fits in 5 ms, even when a loaded machine fires the watchdog's timer late.
        var settings = new ScenarioSettings(Threads: 2, Iterations: 200_000_000, Timeout: TimeSpan.FromMilliseconds(5), Repeat: 1);

        var measurement = new CTN3003LockOnMutableField().Run(Variant.Fixed, settings, CancellationToken.None);

        Assert.False(measurement.HazardObserved, measurement.Evidence);
        Assert.EndsWith("(the 5 ms watchdog cut the increments short)", measurement.Evidence);
    }

    [Fact]
    public void CTN2001_hazard_counts_at_most_the_increments_made()
    {
        // Racy like every lost update; on two or more cores it loses many, but only the shape is asserted.
        var settings = new ScenarioSettings(Threads: 4, Iterations: 20_000, Timeout: TimeSpan.FromSeconds(30), Repeat: 1);

        var measurement = new CTN2001NonAtomicFieldUpdate().Run(Variant.Hazard, settings, CancellationToken.None);

        Assert.Equal(LostUpdates.Unit, measurement.Unit);
        Assert.True(measurement.Figure >= 0, measurement.Evidence);
        Assert.Equal(measurement.Figure > 0, measurement.HazardObserved);
        Assert.Matches(@"^(lost \d+ of 80000 increments \(\d+ counted\)|80000 of 80000 increments counted) by a Parallel.For on 4 threads in \d+ ms$", measurement.Evidence);
    }

    [Fact]
    public void CTN2001_fixed_counts_every_increment()
    {
        var settings = new ScenarioSettings(Threads: 4, Iterations: 20_000, Timeout: TimeSpan.FromSeconds(30), Repeat: 1);

        var measurement = new CTN2001NonAtomicFieldUpdate().Run(Variant.Fixed, settings, CancellationToken.None);

        Assert.False(measurement.HazardObserved, measurement.Evidence);
        Assert.Equal(0, measurement.Figure);
        Assert.StartsWith("80000 of 80000 increments counted by a Parallel.For on 4 threads in ", measurement.Evidence);
    }

    [Fact]
    public void CTN2002_hazard_counts_at_most_the_increments_made()
    {
        // Racy like every lost update; on two or more cores it loses many, but only the shape is asserted.
        var settings = new ScenarioSettings(Threads: 4, Iterations: 20_000, Timeout: TimeSpan.FromSeconds(30), Repeat: 1);

        var measurement = new CTN2002CapturedLocalUpdate().Run(Variant.Hazard, settings, CancellationToken.None);

        Assert.Equal(LostUpdates.Unit, measurement.Unit);
        Assert.True(measurement.Figure >= 0, measurement.Evidence);
        Assert.Equal(measurement.Figure > 0, measurement.HazardObserved);
        Assert.Matches(@"^(lost \d+ of 80000 increments \(\d+ counted\)|80000 of 80000 increments counted) by a Parallel.For on 4 threads in \d+ ms$", measurement.Evidence);
    }

    [Fact]
    public void CTN2002_fixed_counts_every_increment()
    {
        var settings = new ScenarioSettings(Threads: 4, Iterations: 20_000, Timeout: TimeSpan.FromSeconds(30), Repeat: 1);

        var measurement = new CTN2002CapturedLocalUpdate().Run(Variant.Fixed, settings, CancellationToken.None);

        Assert.False(measurement.HazardObserved, measurement.Evidence);
        Assert.Equal(0, measurement.Figure);
        Assert.StartsWith("80000 of 80000 increments counted by a Parallel.For on 4 threads in ", measurement.Evidence);
    }

    [Fact]
    public void CTN2003_hazard_reports_what_each_collection_kept_and_threw()
    {
        // Racy: on two or more cores the fills lose thousands of items or throw, but only the shape is asserted.
        var settings = new ScenarioSettings(Threads: 4, Iterations: 20_000, Timeout: TimeSpan.FromSeconds(30), Repeat: 1);

        var measurement = new CTN2003NonThreadSafeCollection().Run(Variant.Hazard, settings, CancellationToken.None);

        Assert.Equal(CTN2003NonThreadSafeCollection.Unit, measurement.Unit);
        Assert.True(measurement.Figure >= 0, measurement.Evidence);
        Assert.True(measurement.Figure == 0 || measurement.HazardObserved, measurement.Evidence);
        Assert.Matches(@"^List<int>: .+; Dictionary<int, int>: .+; Parallel\.For on 4 threads, \d+ ms$", measurement.Evidence);
    }

    [Fact]
    public void CTN2003_fixed_keeps_every_item_and_entry()
    {
        var settings = new ScenarioSettings(Threads: 4, Iterations: 20_000, Timeout: TimeSpan.FromSeconds(30), Repeat: 1);

        var measurement = new CTN2003NonThreadSafeCollection().Run(Variant.Fixed, settings, CancellationToken.None);

        Assert.False(measurement.HazardObserved, measurement.Evidence);
        Assert.Equal(0, measurement.Figure);
        Assert.Matches(
            @"^ConcurrentBag<int>: 0 of 80000 items missing \(Count 80000\); ConcurrentDictionary<int, int>: 0 of 80000 keys missing, 0 wrong \(Count 80000\); Parallel\.For on 4 threads, \d+ ms$",
            measurement.Evidence);
    }

    [Fact]
    public void CTN2005_hazard_reports_callers_given_a_stray_widget()
    {
        // Racy: callers released together miss the cache together most rounds, but only the shape is asserted.
        var settings = new ScenarioSettings(Threads: 4, Iterations: 200, Timeout: TimeSpan.FromSeconds(30), Repeat: 1);

        var measurement = new CTN2005CheckThenAct().Run(Variant.Hazard, settings, CancellationToken.None);

        Assert.True(measurement.Figure >= 0, measurement.Evidence);
        Assert.Equal(measurement.Figure > 0, measurement.HazardObserved);
        Assert.Matches(
            @"^\d+ of 12800 Get\(\) calls were handed a widget the cache does not hold; the factory ran \d+ times for 3200 keys \(\d+ extra\); 200 rounds of 4 callers, \d+ ms$",
            measurement.Evidence);
    }

    [Fact]
    public void CTN2005_fixed_hands_every_caller_the_cached_widget()
    {
        var settings = new ScenarioSettings(Threads: 4, Iterations: 200, Timeout: TimeSpan.FromSeconds(30), Repeat: 1);

        var measurement = new CTN2005CheckThenAct().Run(Variant.Fixed, settings, CancellationToken.None);

        // GetOrAdd returns the stored widget to every caller: exact whatever the timing. It may still run the
        // factory more than once for a key, and the evidence says so when it does.
        Assert.False(measurement.HazardObserved, measurement.Evidence);
        Assert.Equal(0, measurement.Figure);
        var match = Regex.Match(
            measurement.Evidence,
            @"^0 of 12800 Get\(\) calls were handed a widget the cache does not hold; the factory ran (\d+) times for 3200 keys \((\d+) extra(: GetOrAdd may run it more than once, and keeps one result)?\); 200 rounds of 4 callers, \d+ ms$");
        Assert.True(match.Success, measurement.Evidence);
        Assert.True(int.Parse(match.Groups[1].Value) >= 3200, measurement.Evidence);
        Assert.Equal(int.Parse(match.Groups[2].Value) > 0, match.Groups[3].Success);
    }

    [Fact]
    public void CTN2005_fixed_stays_exact_when_the_watchdog_cuts_the_rounds_short()
    {
        var settings = new ScenarioSettings(Threads: 2, Iterations: 1_000_000, Timeout: TimeSpan.FromMilliseconds(5), Repeat: 1);

        var measurement = new CTN2005CheckThenAct().Run(Variant.Fixed, settings, CancellationToken.None);

        Assert.False(measurement.HazardObserved, measurement.Evidence);
        Assert.StartsWith("0 of ", measurement.Evidence);
        Assert.EndsWith(" ms (the 5 ms watchdog cut the rounds short)", measurement.Evidence);
    }

    [Fact]
    public void CTN2007_hazard_reports_whether_the_loop_saw_the_flag()
    {
        var measurement = Run(new CTN2007StopFlag(), Variant.Hazard, timeout: TimeSpan.FromMilliseconds(300));

        // The hazard needs the optimizing JIT to read the flag once, before the loop. .NET 10 on x64 does, every
        // run, but that is the JIT's choice (and a coverage tool's probes in the loop could change it): shape only.
        Assert.Equal("ms", measurement.Unit);
        Assert.Matches(
            @"^(Run\(\) was still spinning 300 ms after Stop\(\): the loop never saw the flag change|Run\(\) returned \d+ ms after Stop\(\), after \d+ spins)$",
            measurement.Evidence);
        Assert.Equal(measurement.Evidence.StartsWith("Run() was still spinning", StringComparison.Ordinal), measurement.HazardObserved);
    }

    [Fact]
    public void CTN2007_fixed_stops_the_loop()
    {
        var measurement = Run(new CTN2007StopFlag(), Variant.Fixed, timeout: TimeSpan.FromSeconds(30));

        // A volatile read happens on every pass: the loop sees the flag whatever the JIT does.
        Assert.False(measurement.HazardObserved, measurement.Evidence);
        Assert.Equal("ms", measurement.Unit);
        Assert.Matches(@"^Run\(\) returned \d+ ms after Stop\(\), after \d+ spins$", measurement.Evidence);
    }

    [Fact]
    public void CTN2006_hazard_reports_what_it_saw_on_this_processor()
    {
        // Whether a weakly ordered CPU shows the reordering is luck; only the shape and the honesty are asserted.
        var settings = new ScenarioSettings(Threads: 2, Iterations: 5_000, Timeout: TimeSpan.FromSeconds(30), Repeat: 1);

        var measurement = new CTN2006DoubleCheckedLocking().Run(Variant.Hazard, settings, CancellationToken.None);

        Assert.Equal(measurement.Figure > 0, measurement.HazardObserved);
        if (RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86)
        {
            Assert.False(measurement.HazardObserved, measurement.Evidence);
            Assert.StartsWith("not observed in 10000 reads on ", measurement.Evidence);
        }
    }

    [Fact]
    public void CTN2006_fixed_always_reads_the_initialized_value()
    {
        var settings = new ScenarioSettings(Threads: 2, Iterations: 5_000, Timeout: TimeSpan.FromSeconds(30), Repeat: 1);

        var measurement = new CTN2006DoubleCheckedLocking().Run(Variant.Fixed, settings, CancellationToken.None);

        Assert.False(measurement.HazardObserved, measurement.Evidence);
        Assert.Equal(0, measurement.Figure);
        Assert.StartsWith("10000 of 10000 reads returned the port on ", measurement.Evidence);
    }

    [Fact]
    public void CTN2008_hazard_gives_no_worker_the_initial_value()
    {
        var settings = new ScenarioSettings(Threads: 4, Iterations: 1, Timeout: TimeSpan.FromSeconds(30), Repeat: 1);

        var measurement = new CTN2008ThreadStaticInitializer().Run(Variant.Hazard, settings, CancellationToken.None);

        // The type is first used on the measuring thread, before any worker exists: no worker ever runs the
        // initializer, whatever the timing, and however many runs came before.
        Assert.True(measurement.HazardObserved, measurement.Evidence);
        Assert.Equal(0, measurement.Figure);
        Assert.Equal("0 of 4 new threads saw the initializer's value 100 (4 saw 0)", measurement.Evidence);
    }

    [Fact]
    public void CTN2008_fixed_gives_every_worker_the_initial_value()
    {
        var settings = new ScenarioSettings(Threads: 4, Iterations: 1, Timeout: TimeSpan.FromSeconds(30), Repeat: 1);

        var measurement = new CTN2008ThreadStaticInitializer().Run(Variant.Fixed, settings, CancellationToken.None);

        Assert.False(measurement.HazardObserved, measurement.Evidence);
        Assert.Equal(4, measurement.Figure);
        Assert.Equal("4 of 4 new threads saw the initializer's value 100", measurement.Evidence);
    }

    [Fact]
    public void CTN2004_hazard_counts_at_most_the_increments_made()
    {
        // Racy like every lost update: only the shape is asserted.
        var settings = new ScenarioSettings(Threads: 4, Iterations: 20_000, Timeout: TimeSpan.FromSeconds(30), Repeat: 1);

        var measurement = new CTN2004InconsistentSynchronization().Run(Variant.Hazard, settings, CancellationToken.None);

        Assert.Equal(LostUpdates.Unit, measurement.Unit);
        Assert.InRange(measurement.Figure, 0d, 80_000d);
        Assert.Equal(measurement.Figure > 0, measurement.HazardObserved);
        Assert.Matches(
            @"^(lost \d+ of 80000 increments \(\d+ counted\)|80000 of 80000 increments counted) by a Parallel.For on 4 threads in \d+ ms$",
            measurement.Evidence);
    }

    [Fact]
    public void CTN2004_fixed_keeps_every_increment()
    {
        var settings = new ScenarioSettings(Threads: 4, Iterations: 20_000, Timeout: TimeSpan.FromSeconds(30), Repeat: 1);

        var measurement = new CTN2004InconsistentSynchronization().Run(Variant.Fixed, settings, CancellationToken.None);

        // Add() and AddOne() share one lock: exact whatever the timing.
        Assert.False(measurement.HazardObserved, measurement.Evidence);
        Assert.Equal(0, measurement.Figure);
        Assert.StartsWith("80000 of 80000 increments counted by a Parallel.For on 4 threads in ", measurement.Evidence);
    }

    [Fact]
    public void CTN2009_hazard_ends_at_most_the_updates_made_away_from_the_expected_value()
    {
        // Racy like every lost update, and lost reserves and releases can cancel out: only the shape is asserted.
        var settings = new ScenarioSettings(Threads: 4, Iterations: 20_000, Timeout: TimeSpan.FromSeconds(30), Repeat: 1);

        var measurement = new CTN2009GuardedByViolation().Run(Variant.Hazard, settings, CancellationToken.None);

        Assert.Equal(CTN2009GuardedByViolation.Unit, measurement.Unit);
        Assert.InRange(measurement.Figure, 0d, 80_000d);
        Assert.Equal(measurement.Figure > 0, measurement.HazardObserved);
        Assert.Matches(
            @"^(lost at least \d+ of 80000 updates \(Reserved ended at -?\d+, not 0\)|Reserved ended at 0 as expected after 80000 updates) by a Parallel.For on 4 threads in \d+ ms$",
            measurement.Evidence);
    }

    [Fact]
    public void CTN2009_fixed_keeps_every_update()
    {
        var settings = new ScenarioSettings(Threads: 4, Iterations: 20_000, Timeout: TimeSpan.FromSeconds(30), Repeat: 1);

        var measurement = new CTN2009GuardedByViolation().Run(Variant.Fixed, settings, CancellationToken.None);

        // Reserve() and Release() share one lock: exact whatever the timing.
        Assert.False(measurement.HazardObserved, measurement.Evidence);
        Assert.Equal(0, measurement.Figure);
        Assert.StartsWith("Reserved ended at 0 as expected after 80000 updates by a Parallel.For on 4 threads in ", measurement.Evidence);
    }

    [Fact]
    public void CTN2010_hazard_counts_the_raises_that_threw()
    {
        // Racy, needs the two threads to run at once, and needs the JIT to keep both reads of the field (it does not in
        // every configuration, see docs/harness.md): only the shape is asserted.
        var settings = new ScenarioSettings(Threads: 2, Iterations: 100_000, Timeout: TimeSpan.FromSeconds(30), Repeat: 1);

        var measurement = new CTN2010EventRace().Run(Variant.Hazard, settings, CancellationToken.None);

        Assert.Equal("calls threw", measurement.Unit);
        Assert.True(measurement.Figure >= 0, measurement.Evidence);
        Assert.Equal(measurement.Figure > 0, measurement.HazardObserved);
        Assert.Matches(
            @"^\d+ of \d+ Raise\(\) calls threw NullReferenceException while another thread subscribed and unsubscribed the handler 100000 times; the handler ran \d+ times, \d+ ms$",
            measurement.Evidence);
    }

    [Fact]
    public void CTN2010_fixed_never_throws()
    {
        var settings = new ScenarioSettings(Threads: 2, Iterations: 100_000, Timeout: TimeSpan.FromSeconds(30), Repeat: 1);

        var measurement = new CTN2010EventRace().Run(Variant.Fixed, settings, CancellationToken.None);

        Assert.False(measurement.HazardObserved, measurement.Evidence);
        Assert.Equal(0, measurement.Figure);
        Assert.Matches(
            @"^0 of \d+ Raise\(\) calls threw NullReferenceException while another thread subscribed and unsubscribed the handler 100000 times; the handler ran \d+ times, \d+ ms$",
            measurement.Evidence);
    }

    [Fact]
    public void CTN3004_hazard_counts_at_most_the_increments_made()
    {
        // Racy like every lost update; on two or more cores it loses thousands, but only the shape is asserted.
        var settings = new ScenarioSettings(Threads: 4, Iterations: 20_000, Timeout: TimeSpan.FromSeconds(30), Repeat: 1);

        var measurement = new CTN3004LockOnFreshObject().Run(Variant.Hazard, settings, CancellationToken.None);

        Assert.Equal(LostUpdates.Unit, measurement.Unit);
        Assert.True(measurement.Figure >= 0, measurement.Evidence);
        Assert.Equal(measurement.Figure > 0, measurement.HazardObserved);
        Assert.Matches(@"^(lost \d+ of 80000 increments \(\d+ counted\)|80000 of 80000 increments counted) from 4 threads in \d+ ms$", measurement.Evidence);
    }

    [Fact]
    public void CTN3004_fixed_counts_every_increment()
    {
        var settings = new ScenarioSettings(Threads: 4, Iterations: 20_000, Timeout: TimeSpan.FromSeconds(30), Repeat: 1);

        var measurement = new CTN3004LockOnFreshObject().Run(Variant.Fixed, settings, CancellationToken.None);

        Assert.False(measurement.HazardObserved, measurement.Evidence);
        Assert.Equal(0, measurement.Figure);
        Assert.StartsWith("80000 of 80000 increments counted from 4 threads in ", measurement.Evidence);
    }

    [Fact]
    public void CTN3004_fixed_stays_exact_when_the_watchdog_cuts_the_increments_short()
    {
        // Far more work than fits in the watchdog's 1 ms, even when a loaded machine fires the watchdog's timer late:
        // 2,000,000 locked increments once finished in 74 ms before a delayed timer fired; 400,000,000 take seconds.
        var settings = new ScenarioSettings(Threads: 2, Iterations: 200_000_000, Timeout: TimeSpan.FromMilliseconds(1), Repeat: 1);

        var measurement = new CTN3004LockOnFreshObject().Run(Variant.Fixed, settings, CancellationToken.None);

        Assert.False(measurement.HazardObserved, measurement.Evidence);
        Assert.EndsWith(", cut short by the 1 ms watchdog", measurement.Evidence);
    }

    [Fact]
    public void CTN3005_hazard_leaves_the_monitor_held_after_the_exception()
    {
        var settings = new ScenarioSettings(Threads: 2, Iterations: 1, Timeout: TimeSpan.FromMilliseconds(200), Repeat: 1);

        var measurement = new CTN3005ReleaseNotInFinally().Run(Variant.Hazard, settings, CancellationToken.None);

        // The exception always skips the exit, and the monitor's owner never releases it: timing plays no part.
        Assert.True(measurement.HazardObserved, measurement.Evidence);
        Assert.Equal(0, measurement.Figure);
        Assert.Equal(
            "the second Add(\"widget\") threw ArgumentException; Add(\"gadget\") on another thread was still waiting for the monitor after 200 ms",
            measurement.Evidence);
    }

    [Fact]
    public void CTN3005_fixed_releases_the_monitor_despite_the_exception()
    {
        var settings = new ScenarioSettings(Threads: 2, Iterations: 1, Timeout: TimeSpan.FromSeconds(30), Repeat: 1);

        var measurement = new CTN3005ReleaseNotInFinally().Run(Variant.Fixed, settings, CancellationToken.None);

        Assert.False(measurement.HazardObserved, measurement.Evidence);
        Assert.Equal(1, measurement.Figure);
        Assert.Equal("the second Add(\"widget\") threw ArgumentException; Add(\"gadget\") on another thread returned", measurement.Evidence);
    }

    [Fact]
    public void CTN3006_hazard_leaks_the_monitor_to_the_thread_that_took_it()
    {
        var settings = new ScenarioSettings(Threads: 2, Iterations: 1, Timeout: TimeSpan.FromMilliseconds(200), Repeat: 1);

        var measurement = new CTN3006LockAcrossAwait().Run(Variant.Hazard, settings, CancellationToken.None);

        // The send completes on a timer thread, never on the first caller's: the exit always throws, the monitor
        // always stays owned, and the second caller always waits until the watchdog interrupts it.
        Assert.True(measurement.HazardObserved, measurement.Evidence);
        Assert.Equal(0, measurement.Figure);
        Assert.Equal(
            "the first FlushAsync() threw SynchronizationLockException; the second was still waiting for the monitor after 200 ms",
            measurement.Evidence);
    }

    [Fact]
    public void CTN3006_fixed_lets_both_flushes_return()
    {
        var settings = new ScenarioSettings(Threads: 2, Iterations: 1, Timeout: TimeSpan.FromSeconds(30), Repeat: 1);

        var measurement = new CTN3006LockAcrossAwait().Run(Variant.Fixed, settings, CancellationToken.None);

        Assert.False(measurement.HazardObserved, measurement.Evidence);
        Assert.Equal(2, measurement.Figure);
        Assert.Equal("the first FlushAsync() returned; the second returned", measurement.Evidence);
    }

    [Fact]
    public void CTN3007_hazard_deadlocks_on_the_first_calls()
    {
        var settings = new ScenarioSettings(Threads: 2, Iterations: 100, Timeout: TimeSpan.FromMilliseconds(300), Repeat: 1);

        var measurement = new CTN3007LockOrderInversion().Run(Variant.Hazard, settings, CancellationToken.None);

        // The pacer lets each thread take its first lock before either asks for its second: a deadlock every time.
        Assert.True(measurement.HazardObserved, measurement.Evidence);
        Assert.Equal(0, measurement.Figure);
        Assert.Equal(
            "deadlock: 0 of 200 calls returned within 300 ms; Transfer() holds _balancesGate and waits for _auditGate, " +
            "Reconcile() holds _auditGate and waits for _balancesGate",
            measurement.Evidence);
    }

    [Fact]
    public void CTN3007_fixed_returns_every_call()
    {
        var settings = new ScenarioSettings(Threads: 2, Iterations: 1000, Timeout: TimeSpan.FromSeconds(30), Repeat: 1);

        var measurement = new CTN3007LockOrderInversion().Run(Variant.Fixed, settings, CancellationToken.None);

        Assert.False(measurement.HazardObserved, measurement.Evidence);
        Assert.Equal(2000, measurement.Figure);
        Assert.Matches(@"^1000 Transfer\(\) and 1000 Reconcile\(\) calls returned on two threads in \d+ ms$", measurement.Evidence);
    }

    [Fact]
    public void CTN3008_hazard_serializes_the_sleeps()
    {
        var measurement = new CTN3008BlockingInsideLock().Run(Variant.Hazard, Settings3008, CancellationToken.None);

        // Every operation sleeps at least 1 ms holding the one lock: at most 1000 ops/s, whatever the timing.
        Assert.True(measurement.Figure <= 1000, measurement.Evidence);
        Assert.Equal("ops/s", measurement.Unit);
        // Eight sleepers in parallel against one: about 0.13 of the fixed throughput, against a 0.5 threshold.
        Assert.True(measurement.HazardObserved, measurement.Evidence);
        Assert.Matches(@"^\d+ ops/s with the sleep inside the lock vs \d+ outside it \(0\.\d\dx\), 8 threads$", measurement.Evidence);
    }

    [Fact]
    public void CTN3008_fixed_lets_the_sleeps_overlap()
    {
        var measurement = new CTN3008BlockingInsideLock().Run(Variant.Fixed, Settings3008, CancellationToken.None);

        Assert.False(measurement.HazardObserved, measurement.Evidence);
        // Eight threads sleeping 1 ms at a time in parallel beat one lock-holder sleeping 1 ms at a time (1000 ops/s).
        Assert.True(measurement.Figure > 1000, measurement.Evidence);
        Assert.Matches(@"^\d+ ops/s with the sleep outside the lock vs \d+ inside it \(\d+\.\d\dx\), 8 threads$", measurement.Evidence);
    }

    [Fact]
    public void CTN3009_hazard_completes_no_Add_while_outside_code_holds_the_instance()
    {
        var settings = new ScenarioSettings(Threads: 4, Iterations: 1000, Timeout: TimeSpan.FromMilliseconds(100), Repeat: 1);

        var measurement = new CTN3009SynchronizedMethod().Run(Variant.Hazard, settings, CancellationToken.None);

        Assert.True(measurement.HazardObserved, measurement.Evidence);
        Assert.Equal(0, measurement.Figure);
        Assert.StartsWith("0 of 4000 Add() calls completed while outside code held lock (inventory) for ", measurement.Evidence);
        AssertWorkersFinishedAfterRelease(measurement);
    }

    [Fact]
    public void CTN3009_fixed_completes_every_Add_while_outside_code_holds_the_instance()
    {
        var settings = new ScenarioSettings(Threads: 4, Iterations: 1000, Timeout: TimeSpan.FromSeconds(10), Repeat: 1);

        var measurement = new CTN3009SynchronizedMethod().Run(Variant.Fixed, settings, CancellationToken.None);

        Assert.False(measurement.HazardObserved, measurement.Evidence);
        Assert.Equal(4000, measurement.Figure);
        AssertWorkersFinishedAfterRelease(measurement);
    }

    [Fact]
    public void CTN3010_measures_both_lock_kinds_side_by_side()
    {
        var settings = new ScenarioSettings(Threads: 2, Iterations: 20_000, Timeout: TimeSpan.FromSeconds(30), Repeat: 1);

        var hazard = new CTN3010ObjectLockCouldBeLock().Run(Variant.Hazard, settings, CancellationToken.None);
        var @fixed = new CTN3010ObjectLockCouldBeLock().Run(Variant.Fixed, settings, CancellationToken.None);

        // Which lock is faster depends on the machine: only the shape is asserted, and the fix never shows the hazard.
        Assert.Equal("ops/s", hazard.Unit);
        Assert.True(hazard.Figure > 0, hazard.Evidence);
        Assert.Matches(@"^\d+ ops/s locking an object vs \d+ locking a Lock \(\d+\.\d\dx\), 2 threads$", hazard.Evidence);
        Assert.False(@fixed.HazardObserved, @fixed.Evidence);
        Assert.Matches(@"^\d+ ops/s locking a Lock vs \d+ locking an object \(\d+\.\d\dx\), 2 threads$", @fixed.Evidence);
    }

    [Fact]
    public void CTN3011_hazard_throws_on_every_exit()
    {
        var settings = new ScenarioSettings(Threads: 2, Iterations: 1000, Timeout: TimeSpan.FromSeconds(30), Repeat: 1);

        var measurement = new CTN3011SpinLockCopied().Run(Variant.Hazard, settings, CancellationToken.None);

        // Every Exit releases a fresh copy that no thread holds: it throws whatever the timing. How many bytes the
        // unexcluded updates lose is racy, so only its shape is asserted.
        Assert.True(measurement.HazardObserved, measurement.Evidence);
        Assert.Equal(2000, measurement.Figure);
        Assert.Matches(
            @"^2000 of 2000 Record\(\) calls threw SynchronizationLockException from SpinLock.Exit; \d+ of 2000 bytes counted, 2 threads$",
            measurement.Evidence);
    }

    [Fact]
    public void CTN3011_fixed_counts_every_byte()
    {
        var settings = new ScenarioSettings(Threads: 2, Iterations: 1000, Timeout: TimeSpan.FromSeconds(30), Repeat: 1);

        var measurement = new CTN3011SpinLockCopied().Run(Variant.Fixed, settings, CancellationToken.None);

        Assert.False(measurement.HazardObserved, measurement.Evidence);
        Assert.Equal(0, measurement.Figure);
        Assert.Equal("2000 of 2000 Record() calls returned; 2000 of 2000 bytes counted, 2 threads", measurement.Evidence);
    }

    [Fact]
    public void CTN3012_hazard_throws_and_wakes_no_waiter()
    {
        var settings = new ScenarioSettings(Threads: 2, Iterations: 1, Timeout: TimeSpan.FromMilliseconds(100), Repeat: 1);

        var measurement = new CTN3012MonitorWithoutLock().Run(Variant.Hazard, settings, CancellationToken.None);

        // Signal() runs only once both waiters are inside Monitor.Wait: the outcome does not depend on timing.
        Assert.True(measurement.HazardObserved, measurement.Evidence);
        Assert.Equal(0, measurement.Figure);
        Assert.Equal("Signal() threw SynchronizationLockException; 0 of 2 waiters woken; 2 gave up after their 100 ms wait", measurement.Evidence);
    }

    [Fact]
    public void CTN3012_fixed_wakes_every_waiter()
    {
        var settings = new ScenarioSettings(Threads: 2, Iterations: 1, Timeout: TimeSpan.FromSeconds(30), Repeat: 1);

        var measurement = new CTN3012MonitorWithoutLock().Run(Variant.Fixed, settings, CancellationToken.None);

        Assert.False(measurement.HazardObserved, measurement.Evidence);
        Assert.Equal(2, measurement.Figure);
        Assert.Matches(@"^Signal\(\) returned; 2 of 2 waiters woken \d+ ms after it$", measurement.Evidence);
    }

    [Fact]
    public void CTN1001_hazard_starves_the_thread_pool_until_it_injects_threads()
    {
        var measurement = Run(new CTN1001BlockingTaskWait(), Variant.Hazard, requests: 32);

        // More requests than pool threads, each holding its thread until a pool callback runs: the pool can only
        // make progress by adding threads, whatever the timing.
        Assert.True(measurement.HazardObserved, measurement.Evidence);
        Assert.True(measurement.Figure >= ThreadPoolStarvation.StarvedP99Ms, measurement.Evidence);
        Assert.Contains("32 requests took", measurement.Evidence);
        var (start, peak) = PoolThreads(measurement);
        Assert.True(peak > start, measurement.Evidence);
    }

    [Fact]
    public void CTN1001_fixed_leaves_the_thread_pool_responsive()
    {
        var measurement = Run(new CTN1001BlockingTaskWait(), Variant.Fixed, requests: 32);

        Assert.False(measurement.HazardObserved, measurement.Evidence);
        Assert.Equal("ms", measurement.Unit);
        Assert.Contains("32 requests took", measurement.Evidence);
    }

    [Fact]
    public void CTN1003_hazard_starves_the_thread_pool_until_it_injects_threads()
    {
        // The first requests take every slot and await; the rest block every pool thread in Wait(), with one to spare,
        // and the slots are only released by timer callbacks that need a pool thread.
        ThreadPool.GetMinThreads(out var poolThreads, out _);
        var requests = CTN1003SyncCallWithAsyncTwin.Slots + poolThreads + 1;

        var measurement = Run(new CTN1003SyncCallWithAsyncTwin(), Variant.Hazard, requests);

        Assert.True(measurement.HazardObserved, measurement.Evidence);
        Assert.True(measurement.Figure >= ThreadPoolStarvation.StarvedP99Ms, measurement.Evidence);
        Assert.Contains($"{requests} requests took", measurement.Evidence);
        var (start, peak) = PoolThreads(measurement);
        Assert.True(peak > start, measurement.Evidence);
    }

    [Fact]
    public void CTN1003_fixed_leaves_the_thread_pool_responsive()
    {
        var measurement = Run(new CTN1003SyncCallWithAsyncTwin(), Variant.Fixed, requests: 8);

        Assert.False(measurement.HazardObserved, measurement.Evidence);
        Assert.Equal("ms", measurement.Unit);
        Assert.Contains("8 requests took", measurement.Evidence);
    }

    [Fact]
    public void CTN1004_hazard_starves_the_thread_pool_until_it_injects_threads()
    {
        // One request more than the pool starts with: every pool thread blocks, and the signals need one more.
        ThreadPool.GetMinThreads(out var poolThreads, out _);
        var requests = poolThreads + 1;

        var measurement = Run(new CTN1004BlockingPrimitiveInAsync(), Variant.Hazard, requests);

        Assert.True(measurement.HazardObserved, measurement.Evidence);
        Assert.True(measurement.Figure >= ThreadPoolStarvation.StarvedP99Ms, measurement.Evidence);
        Assert.Contains($"{requests} requests took", measurement.Evidence);
        var (start, peak) = PoolThreads(measurement);
        Assert.True(peak > start, measurement.Evidence);
    }

    [Fact]
    public void CTN1004_fixed_leaves_the_thread_pool_responsive()
    {
        var measurement = Run(new CTN1004BlockingPrimitiveInAsync(), Variant.Fixed, requests: 8);

        Assert.False(measurement.HazardObserved, measurement.Evidence);
        Assert.Contains("8 requests took", measurement.Evidence);
    }

    [Fact]
    public void CTN1005_hazard_makes_work_queued_to_the_pool_wait_behind_the_blocked_requests()
    {
        // Eight requests per pool thread, each holding its thread for a 50 ms sleep: the first probe waits for
        // seven rounds of sleeps (350 ms), and still three rounds if the pool doubled its threads at once.
        ThreadPool.GetMinThreads(out var poolThreads, out _);
        var requests = 8 * poolThreads;

        var measurement = Run(new CTN1005BlockingViaSyncCall(), Variant.Hazard, requests);

        Assert.True(measurement.HazardObserved, measurement.Evidence);
        Assert.True(measurement.Figure >= ThreadPoolStarvation.StarvedP99Ms, measurement.Evidence);
        Assert.Contains($"{requests} requests took", measurement.Evidence);
    }

    [Fact]
    public void CTN1005_fixed_leaves_the_thread_pool_responsive()
    {
        ThreadPool.GetMinThreads(out var poolThreads, out _);
        var requests = 8 * poolThreads;

        var measurement = Run(new CTN1005BlockingViaSyncCall(), Variant.Fixed, requests);

        Assert.False(measurement.HazardObserved, measurement.Evidence);
        Assert.Equal("ms", measurement.Unit);
        Assert.Contains($"{requests} requests took", measurement.Evidence);
    }

    [Fact]
    public void CTN1006_hazard_crashes_the_process_past_the_callers_catch()
    {
        var measurement = Run(new CTN1006AsyncVoid(), Variant.Hazard, timeout: TimeSpan.FromSeconds(30));

        Assert.True(measurement.HazardObserved, measurement.Evidence);
        Assert.NotEqual(0, measurement.Figure);
        Assert.Equal("exit code", measurement.Unit);
        Assert.StartsWith("unhandled IOException escaped SaveAsync and crashed the process (exit code ", measurement.Evidence);
        Assert.EndsWith("the caller's catch never ran", measurement.Evidence);
    }

    [Fact]
    public void CTN1006_fixed_lets_the_caller_catch_the_exception()
    {
        var measurement = Run(new CTN1006AsyncVoid(), Variant.Fixed, timeout: TimeSpan.FromSeconds(30));

        Assert.False(measurement.HazardObserved, measurement.Evidence);
        Assert.Equal(0, measurement.Figure);
        Assert.Equal("caller caught IOException; process alive", measurement.Evidence);
    }

    [Fact]
    public void CTN1007_hazard_deadlocks_the_event_loop()
    {
        var measurement = Run(new CTN1007SyncOverAsync(), Variant.Hazard, timeout: TimeSpan.FromMilliseconds(300));

        // A deadlock does not end on its own: any timeout shows it.
        Assert.True(measurement.HazardObserved, measurement.Evidence);
        Assert.True(measurement.Figure >= 300, measurement.Evidence);
        Assert.StartsWith("deadlock: LoadConfig() did not return within 300 ms", measurement.Evidence);
    }

    [Fact]
    public void CTN1007_fixed_returns_the_config_on_the_event_loop()
    {
        var measurement = Run(new CTN1007SyncOverAsync(), Variant.Fixed, timeout: TimeSpan.FromSeconds(30));

        Assert.False(measurement.HazardObserved, measurement.Evidence);
        Assert.StartsWith("LoadConfigAsync() returned 'retries=3' in ", measurement.Evidence);
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

    private static ScenarioSettings Settings3008 => new(Threads: 8, Iterations: 10, Timeout: TimeSpan.FromSeconds(30), Repeat: 1);

    /// <summary>No note: every worker finished once the monitor was released, and the final counts were right.</summary>
    private static void AssertWorkersFinishedAfterRelease(Measurement measurement)
    {
        Assert.DoesNotContain("still running", measurement.Evidence);
        Assert.DoesNotContain("final count", measurement.Evidence);
    }

    private static Measurement Run(Scenario scenario, Variant variant, int requests = 1, TimeSpan? timeout = null)
    {
        var settings = new ScenarioSettings(Threads: 1, Iterations: requests, Timeout: timeout ?? TimeSpan.FromSeconds(30), Repeat: 1);
        return scenario.Run(variant, settings, CancellationToken.None);
    }

    private static (int Start, int Peak) PoolThreads(Measurement measurement)
    {
        var match = Regex.Match(measurement.Evidence, @"pool threads (\d+) at start, peak (\d+),");
        Assert.True(match.Success, measurement.Evidence);
        return (int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value));
    }

    private static Measurement Run1002(Variant variant)
    {
        var settings = new ScenarioSettings(Threads: 1, Iterations: Requests, Timeout: TimeSpan.FromSeconds(30), Repeat: 1);
        return new CTN1002ThreadSleepInAsync().Run(variant, settings, CancellationToken.None);
    }
}
