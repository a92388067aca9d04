using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Contention.Harness.Scenarios;

/// <summary>
/// The scenario's own <c>[GuardedBy]</c>: CTN2009 recognizes the attribute by its name, in any namespace, so code that
/// takes no dependency for it declares one like this.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
internal sealed class GuardedByAttribute(string lockName) : Attribute
{
    public string LockName { get; } = lockName;
}

/// <summary>
/// CTN2009: a field marked <c>[GuardedBy(nameof(_gate))]</c> that one method updates without holding <c>_gate</c>.
/// The locked updates exclude each other but not the unlocked one, and a read-subtract-write that overlaps another
/// update overwrites it.
/// </summary>
internal sealed class CTN2009GuardedByViolation : Scenario
{
    public const string Unit = "lost updates";

    public override string RuleId => "CTN2009";

    public override string Title => "[GuardedBy] field updated without its lock";

    public override string Description =>
        "a field guarded by _gate that Reserve() updates under the lock and Release() without it: the updates overwrite each other";

    public override string Measures =>
        "final value vs expected after a Parallel.For of threads x iterations steps alternating Reserve(1) and Release(1) (threads = max degree of parallelism)";

    public override ScenarioSettings Defaults { get; } =
        new(Threads: 4, Iterations: 500_000, Timeout: TimeSpan.FromSeconds(10), Repeat: 3);

    public override Measurement Run(Variant variant, ScenarioSettings settings, CancellationToken cancellationToken)
    {
        if (variant == Variant.Hazard)
        {
            var inventory = new Hazard.Inventory();
            return JudgeParallel(settings, cancellationToken, (steps, options) =>
            {
                Parallel.For(0L, steps, options, i =>
                {
                    if (i % 2 == 0)
                    {
                        inventory.Reserve(1);
                    }
                    else
                    {
                        inventory.Release(1);
                    }
                });
                return inventory.Reserved;
            });
        }

        var fixedInventory = new Fixed.Inventory();
        return JudgeParallel(settings, cancellationToken, (steps, options) =>
        {
            Parallel.For(0L, steps, options, i =>
            {
                if (i % 2 == 0)
                {
                    fixedInventory.Reserve(1);
                }
                else
                {
                    fixedInventory.Release(1);
                }
            });
            return fixedInventory.Reserved;
        });
    }

    /// <summary>
    /// Runs <paramref name="reserveAndRelease"/> (a Parallel.For of the given steps, even steps reserving 1 and odd
    /// steps releasing 1, returning the final <c>Reserved</c>) on threads x iterations steps, and judges the final value
    /// against the one the steps leave: 0, or 1 for an odd number of steps. A lost Reserve and a lost Release cancel
    /// out, so the difference is the least number of updates lost.
    /// </summary>
    private static Measurement JudgeParallel(ScenarioSettings settings, CancellationToken cancellationToken, Func<long, ParallelOptions, long> reserveAndRelease)
    {
        var steps = (long)settings.Threads * settings.Iterations;
        var expected = steps % 2;
        var options = new ParallelOptions { MaxDegreeOfParallelism = settings.Threads, CancellationToken = cancellationToken };
        var watch = Stopwatch.StartNew();
        var reserved = reserveAndRelease(steps, options);
        var context = $"by a Parallel.For on {settings.Threads} threads in {watch.ElapsedMilliseconds} ms";
        var lost = Math.Abs(reserved - expected);
        var evidence = lost == 0
            ? $"Reserved ended at {expected} as expected after {steps} updates {context}"
            : $"lost at least {lost} of {steps} updates (Reserved ended at {reserved}, not {expected}) {context}";
        return new Measurement(lost != 0, lost, Unit, evidence);
    }

    internal static class Hazard
    {
        public sealed class Inventory
        {
            private readonly Lock _gate = new();

            [GuardedBy(nameof(_gate))]
            private long _reserved;

            public long Reserved
            {
                get
                {
                    lock (_gate)
                    {
                        return _reserved;
                    }
                }
            }

            public void Reserve(long amount)
            {
                lock (_gate)
                {
                    _reserved += amount;
                }
            }

            public void Release(long amount) => _reserved -= amount;
        }
    }

    internal static class Fixed
    {
        public sealed class Inventory
        {
            private readonly Lock _gate = new();

            [GuardedBy(nameof(_gate))]
            private long _reserved;

            public long Reserved
            {
                get
                {
                    lock (_gate)
                    {
                        return _reserved;
                    }
                }
            }

            public void Reserve(long amount)
            {
                lock (_gate)
                {
                    _reserved += amount;
                }
            }

            public void Release(long amount)
            {
                lock (_gate)
                {
                    _reserved -= amount;
                }
            }
        }
    }
}
