using System;
using System.Threading;

namespace Contention.Harness.Scenarios;

/// <summary>
/// CTN3010: a dedicated <c>object</c> used only as a lock, where .NET 9+ offers <c>System.Threading.Lock</c>. This is a
/// suggestion, not a bug: nothing breaks. The scenario measures what the change buys in throughput, with both
/// versions run side by side in every run and the best of two rounds kept for each; it reports the hazard only when
/// locking the object is clearly slower (below <see cref="SlowerRatio"/> of the <c>Lock</c>'s throughput). On many
/// machines the difference is small, and the verdict then honestly says "not observed".
/// </summary>
internal sealed class CTN3010ObjectLockCouldBeLock : Scenario
{
    /// <summary>The object lock counts as slower when its throughput is below this fraction of the Lock's.</summary>
    public const double SlowerRatio = 0.9;

    public override string RuleId => "CTN3010";

    public override string Title => "object used only as a lock";

    public override string Description =>
        "lock (object) goes through the Monitor's object header; System.Threading.Lock is a dedicated, cheaper lock type";

    public override string Measures =>
        "operations per second of threads x iterations short critical sections, locking an object and locking a Lock, " +
        "best of two rounds each (timeout = watchdog per round)";

    public override ScenarioSettings Defaults { get; } =
        new(Threads: 4, Iterations: 200_000, Timeout: TimeSpan.FromSeconds(10), Repeat: 2);

    public override Measurement Run(Variant variant, ScenarioSettings settings, CancellationToken cancellationToken)
    {
        var onObject = new Hazard.HitCounter();
        var onLock = new Fixed.HitCounter();
        var (objectOps, lockOps, cutShort) = (0.0, 0.0, false);
        for (var round = 0; round < 2; round++)
        {
            var first = Throughput.Measure("CTN3010 worker", onObject.Increment, settings, cancellationToken, stopCheckInterval: 1024);
            var second = Throughput.Measure("CTN3010 worker", onLock.Increment, settings, cancellationToken, stopCheckInterval: 1024);
            (objectOps, lockOps) = (Math.Max(objectOps, first.OpsPerSecond), Math.Max(lockOps, second.OpsPerSecond));
            cutShort |= first.CutShort || second.CutShort;
        }

        var ratio = objectOps / lockOps;
        var evidence = variant == Variant.Hazard
            ? $"{objectOps:0} ops/s locking an object vs {lockOps:0} locking a Lock ({ratio:0.00}x), {settings.Threads} threads"
            : $"{lockOps:0} ops/s locking a Lock vs {objectOps:0} locking an object ({1 / ratio:0.00}x), {settings.Threads} threads";
        if (cutShort)
        {
            evidence += $"; the {settings.Timeout.TotalMilliseconds:0} ms watchdog cut a round short";
        }

        var mine = variant == Variant.Hazard ? objectOps : lockOps;
        return new Measurement(variant == Variant.Hazard && ratio < SlowerRatio, Math.Round(mine, 1), "ops/s", evidence);
    }

    internal static class Hazard
    {
        public sealed class HitCounter
        {
            private readonly object _gate = new object();
            private long _hits;

            public void Increment()
            {
                lock (_gate)
                {
                    _hits++;
                }
            }
        }
    }

    internal static class Fixed
    {
        public sealed class HitCounter
        {
            private readonly Lock _gate = new();
            private long _hits;

            public void Increment()
            {
                lock (_gate)
                {
                    _hits++;
                }
            }
        }
    }
}
