using System;
using System.Threading;

namespace Contention.Harness.Scenarios;

/// <summary>
/// CTN3004: a lock on an object nobody else can hold. <c>lock (new object())</c> takes a monitor created for this call
/// alone, so it never excludes another thread: concurrent increments overwrite each other.
/// </summary>
internal sealed class CTN3004LockOnFreshObject : Scenario
{
    public override string RuleId => "CTN3004";

    public override string Title => "lock (new object())";

    public override string Description =>
        "a lock object created for the call excludes nobody: every thread holds a lock of its own, and updates are lost";

    public override string Measures =>
        "increments counted vs made by threads x iterations concurrent Increment() calls (timeout = watchdog)";

    public override ScenarioSettings Defaults { get; } =
        new(Threads: 4, Iterations: 100_000, Timeout: TimeSpan.FromSeconds(5), Repeat: 3);

    public override Measurement Run(Variant variant, ScenarioSettings settings, CancellationToken cancellationToken)
    {
        ICounter counter = variant == Variant.Hazard ? new Hazard.Counter() : new Fixed.Counter();
        var workers = WorkerGroup.Run(
            settings.Threads, "CTN3004 worker", WorkerGroup.Repeat(settings.Iterations, counter.Increment, stopCheckInterval: 256), settings.Timeout, cancellationToken);
        if (workers.Unfinished > 0)
        {
            throw new InvalidOperationException("CTN3004 workers did not stop when told to");
        }

        var stopped = workers.Operations < (long)settings.Threads * settings.Iterations
            ? $", cut short by the {settings.Timeout.TotalMilliseconds:0} ms watchdog"
            : string.Empty;
        return LostUpdates.Judge(
            workers.Operations,
            counter.Count,
            $"from {settings.Threads} threads in {workers.Elapsed.TotalMilliseconds:0} ms{stopped}");
    }

    /// <summary>Lets the measurement treat both versions alike; not part of the flagged or fixed code.</summary>
    internal interface ICounter
    {
        int Count { get; }

        void Increment();
    }

    internal static class Hazard
    {
        public sealed class Counter : ICounter
        {
            private int _count;

            public void Increment()
            {
                lock (new object())
                {
                    _count++;
                }
            }

            public int Count => Volatile.Read(ref _count);
        }
    }

    internal static class Fixed
    {
        public sealed class Counter : ICounter
        {
            private readonly Lock _gate = new();
            private int _count;

            public void Increment()
            {
                lock (_gate)
                {
                    _count++;
                }
            }

            public int Count
            {
                get
                {
                    lock (_gate)
                    {
                        return _count;
                    }
                }
            }
        }
    }
}
