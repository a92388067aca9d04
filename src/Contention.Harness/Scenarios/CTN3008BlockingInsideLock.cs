using System;
using System.Threading;

namespace Contention.Harness.Scenarios;

/// <summary>
/// CTN3008: blocking while a lock is held. Each <c>Increment()</c> sleeps 1 ms (standing in for I/O or a wait) and
/// bumps a counter. With the sleep inside the lock, every other thread waits out every sleep: the lock serializes
/// the blocking and throughput stays at one sleeper's, whatever the thread count. With the sleep outside the lock,
/// the sleeps overlap and throughput grows with the threads.
/// </summary>
internal sealed class CTN3008BlockingInsideLock : Scenario
{
    /// <summary>A variant shows the hazard when its throughput is below this fraction of the other variant's.</summary>
    public const double CollapseRatio = 0.5;

    public override string RuleId => "CTN3008";

    public override string Title => "Thread.Sleep inside a lock";

    public override string Description =>
        "every thread waiting for the lock waits out the sleep too: the lock serializes the blocking and throughput collapses";

    public override string Measures =>
        "operations per second of threads x iterations Increment() calls that each sleep 1 ms, with the sleep inside and " +
        "outside the lock, measured side by side in every run (timeout = watchdog per variant)";

    public override ScenarioSettings Defaults { get; } =
        new(Threads: 4, Iterations: 40, Timeout: TimeSpan.FromSeconds(5), Repeat: 2);

    /// <summary>
    /// Both versions run in every run, back to back with the same threads, so that whatever else the machine is doing
    /// weighs on both. The figure is this variant's throughput; it shows the hazard when it is below
    /// <see cref="CollapseRatio"/> of the other version's.
    /// </summary>
    public override Measurement Run(Variant variant, ScenarioSettings settings, CancellationToken cancellationToken)
    {
        var inside = Throughput.Measure("CTN3008 worker", new Hazard.Counter().Increment, settings, cancellationToken);
        var outside = Throughput.Measure("CTN3008 worker", new Fixed.Counter().Increment, settings, cancellationToken);
        var (mine, other) = variant == Variant.Hazard ? (inside, outside) : (outside, inside);
        var ratio = mine.OpsPerSecond / other.OpsPerSecond;
        var evidence = variant == Variant.Hazard
            ? $"{mine.OpsPerSecond:0} ops/s with the sleep inside the lock vs {other.OpsPerSecond:0} outside it ({ratio:0.00}x), {settings.Threads} threads"
            : $"{mine.OpsPerSecond:0} ops/s with the sleep outside the lock vs {other.OpsPerSecond:0} inside it ({ratio:0.00}x), {settings.Threads} threads";
        var cutShort = (inside.CutShort, outside.CutShort) switch
        {
            (true, true) => "both runs",
            (true, false) => "the inside run",
            (false, true) => "the outside run",
            _ => null,
        };
        if (cutShort is not null)
        {
            evidence += $"; the {settings.Timeout.TotalMilliseconds:0} ms watchdog cut {cutShort} short";
        }

        return new Measurement(ratio < CollapseRatio, Math.Round(mine.OpsPerSecond, 1), "ops/s", evidence);
    }

    internal static class Hazard
    {
        public sealed class Counter
        {
            private readonly Lock _gate = new();
            private int _count;

            public void Increment()
            {
                lock (_gate)
                {
                    Thread.Sleep(1);
                    _count++;
                }
            }
        }
    }

    internal static class Fixed
    {
        public sealed class Counter
        {
            private readonly Lock _gate = new();
            private int _count;

            public void Increment()
            {
                Thread.Sleep(1);
                lock (_gate)
                {
                    _count++;
                }
            }
        }
    }
}
