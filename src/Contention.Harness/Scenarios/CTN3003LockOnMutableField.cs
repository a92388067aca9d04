using System;
using System.Diagnostics;
using System.Threading;

namespace Contention.Harness.Scenarios;

/// <summary>
/// CTN3003: a lock on a field that is not <c>readonly</c>. <c>Reset()</c> replaces the lock object while other
/// threads use it: a thread that read the old object and one that read the new one hold "the" lock at the same time,
/// and their increments overwrite each other.
/// </summary>
internal sealed class CTN3003LockOnMutableField : Scenario
{
    /// <summary>Reset() calls between two looks at the clock and the cancellation token.</summary>
    private const int ResetsPerCheck = 64;

    public override string RuleId => "CTN3003";

    public override string Title => "lock on a mutable field";

    public override string Description =>
        "replacing the lock object while threads use it lets two of them hold \"the\" lock at once, and updates are lost";

    public override string Measures =>
        "increments counted vs made, while another thread calls Reset() over and over and then after a last Reset() " +
        "(threads x iterations increments in each phase; timeout = watchdog per phase)";

    public override ScenarioSettings Defaults { get; } =
        new(Threads: 4, Iterations: 100_000, Timeout: TimeSpan.FromSeconds(5), Repeat: 5);

    /// <summary>
    /// Two phases. In the first, the workers increment while this thread calls Reset() as fast as it can. Then, with
    /// every worker done, one last Reset(), and a second round of increments with no resets. The hazard's Reset()
    /// only swaps the lock object, so its count should hold every increment of both phases; the fix's Reset() clears
    /// the count under the lock, so its count should hold exactly the second phase's, whatever the timing.
    /// </summary>
    public override Measurement Run(Variant variant, ScenarioSettings settings, CancellationToken cancellationToken)
    {
        ICounter counter = variant == Variant.Hazard ? new Hazard.Counter() : new Fixed.Counter();

        var increments = WorkerGroup.Repeat(settings.Iterations, counter.Increment, stopCheckInterval: 256);
        var churn = WorkerGroup.Start(settings.Threads, "CTN3003 worker", increments);
        churn.Release();
        var clock = Stopwatch.StartNew();
        var resets = 0L;
        while (!churn.IsFinished && clock.Elapsed < settings.Timeout && !cancellationToken.IsCancellationRequested)
        {
            // As fast as it can: the more often the lock object changes, the more often two threads lock different ones.
            for (var i = 0; i < ResetsPerCheck; i++)
            {
                counter.Reset();
            }

            resets += ResetsPerCheck;
        }

        churn.StopAndJoin();
        cancellationToken.ThrowIfCancellationRequested();
        counter.Reset();
        var settled = WorkerGroup.Run(settings.Threads, "CTN3003 worker", increments, settings.Timeout, cancellationToken);
        if (churn.Unfinished + settled.Unfinished > 0)
        {
            throw new InvalidOperationException("CTN3003 workers did not stop when told to");
        }

        var stopped = churn.Operations + settled.Operations < 2L * settings.Threads * settings.Iterations
            ? $" (the {settings.Timeout.TotalMilliseconds:0} ms watchdog cut the increments short)"
            : string.Empty;
        return variant == Variant.Hazard
            ? LostUpdates.Judge(
                churn.Operations + settled.Operations,
                counter.Count,
                $"while another thread replaced the lock {resets} times{stopped}")
            : LostUpdates.Judge(
                settled.Operations,
                counter.Count,
                $"since the last Reset(), after {resets} Reset() calls ran alongside {churn.Operations} increments{stopped}");
    }

    /// <summary>Lets the measurement treat both versions alike; not part of the flagged or fixed code.</summary>
    internal interface ICounter
    {
        int Count { get; }

        void Increment();

        void Reset();
    }

    internal static class Hazard
    {
        public sealed class Counter : ICounter
        {
            private object _gate = new object();
            private int _count;

            public void Increment()
            {
                lock (_gate)
                {
                    _count++;
                }
            }

            public void Reset()
            {
                _gate = new object();
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

            public void Reset()
            {
                lock (_gate)
                {
                    _count = 0;
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
