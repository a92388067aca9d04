using System;
using System.Threading;
using System.Threading.Tasks;

namespace Contention.Harness.Scenarios;

/// <summary>
/// CTN2004: a meter whose total is updated under <c>_gate</c> in <c>Add</c> and read under it in <c>Total</c>, but
/// incremented without it in <c>AddOne</c>. The locked updates exclude each other, not the unlocked one: its
/// read-add-write overlaps them, and one of the two updates is lost.
/// </summary>
internal sealed class CTN2004InconsistentSynchronization : Scenario
{
    public override string RuleId => "CTN2004";

    public override string Title => "field locked everywhere but one method";

    public override string Description =>
        "a total that Add() updates under _gate and AddOne() increments without it: the unlocked increments overwrite locked updates";

    public override string Measures =>
        "increments counted vs made by a Parallel.For of threads x iterations steps alternating Add(1) and AddOne() (threads = max degree of parallelism)";

    public override ScenarioSettings Defaults { get; } =
        new(Threads: 4, Iterations: 250_000, Timeout: TimeSpan.FromSeconds(10), Repeat: 3);

    public override Measurement Run(Variant variant, ScenarioSettings settings, CancellationToken cancellationToken)
    {
        if (variant == Variant.Hazard)
        {
            var meter = new Hazard.Meter();
            return Count(settings, cancellationToken, meter.Add, meter.AddOne, () => meter.Total);
        }

        var fixedMeter = new Fixed.Meter();
        return Count(settings, cancellationToken, fixedMeter.Add, fixedMeter.AddOne, () => fixedMeter.Total);
    }

    /// <summary>A Parallel.For whose even steps call <paramref name="add"/>(1) and odd steps <paramref name="addOne"/>: every step adds 1.</summary>
    private static Measurement Count(ScenarioSettings settings, CancellationToken cancellationToken, Action<long> add, Action addOne, Func<long> total) =>
        LostUpdates.JudgeParallel(settings, cancellationToken, (steps, options) =>
        {
            Parallel.For(0L, steps, options, i =>
            {
                if (i % 2 == 0)
                {
                    add(1);
                }
                else
                {
                    addOne();
                }
            });
            return total();
        });

    internal static class Hazard
    {
        public sealed class Meter
        {
            private readonly Lock _gate = new();
            private long _total;

            public long Total
            {
                get
                {
                    lock (_gate)
                    {
                        return _total;
                    }
                }
            }

            public void Add(long value)
            {
                lock (_gate)
                {
                    _total += value;
                }
            }

            public void AddOne() => _total++;
        }
    }

    internal static class Fixed
    {
        public sealed class Meter
        {
            private readonly Lock _gate = new();
            private long _total;

            public long Total
            {
                get
                {
                    lock (_gate)
                    {
                        return _total;
                    }
                }
            }

            public void Add(long value)
            {
                lock (_gate)
                {
                    _total += value;
                }
            }

            public void AddOne()
            {
                lock (_gate)
                {
                    _total++;
                }
            }
        }
    }
}
