using System;
using System.Diagnostics;
using System.Threading;

namespace Contention.Harness.Scenarios;

/// <summary>
/// CTN3001: a type that locks <c>this</c>. Outside code that was handed the instance locks it to take a snapshot
/// and, while holding it, workers call the instance's own <c>Add()</c>. When the type locks itself, none of those
/// calls can complete until the outsider lets go; when it locks a private gate, all of them can.
/// </summary>
internal sealed class CTN3001LockOnReachableObject : Scenario
{
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(10);

    public override string RuleId => "CTN3001";

    public override string Title => "lock (this)";

    public override string Description =>
        "any code holding a reference to the object can take its monitor and stall every caller of the type";

    public override string Measures =>
        "Add() calls that complete while outside code holds lock (instance) " +
        "(threads x iterations calls; timeout = how long the lock is held at most)";

    public override ScenarioSettings Defaults { get; } =
        new(Threads: 4, Iterations: 1000, Timeout: TimeSpan.FromMilliseconds(250), Repeat: 3);

    public override Measurement Run(Variant variant, ScenarioSettings settings, CancellationToken cancellationToken)
    {
        IInventory inventory = variant == Variant.Hazard ? new Hazard.Inventory() : new Fixed.Inventory();
        return ReportWhileAdding(inventory, settings, cancellationToken);
    }

    /// <summary>
    /// The outside code: a reporter that locks the instance it was handed (a parameter, which CTN3001 rightly
    /// does not flag) and keeps it locked until every Add() is done or the timeout passes. The workers start
    /// only once the lock is held, so with <c>lock (this)</c> none can finish whatever the timing.
    /// </summary>
    private static Measurement ReportWhileAdding(IInventory inventory, ScenarioSettings settings, CancellationToken cancellationToken)
    {
        var total = settings.Threads * settings.Iterations;
        var completed = 0;
        using var allDone = new ManualResetEventSlim();
        var workers = new Thread[settings.Threads];
        int completedWhileHeld;
        TimeSpan held;

        lock (inventory)
        {
            var holding = Stopwatch.StartNew();
            for (var w = 0; w < workers.Length; w++)
            {
                workers[w] = new Thread(() =>
                {
                    for (var i = 0; i < settings.Iterations; i++)
                    {
                        inventory.Add();
                        if (Interlocked.Increment(ref completed) == total)
                        {
                            allDone.Set();
                        }
                    }
                })
                { IsBackground = true, Name = $"CTN3001 worker {w}" };
                workers[w].Start();
            }

            allDone.Wait(settings.Timeout, cancellationToken);
            completedWhileHeld = Volatile.Read(ref completed);
            held = holding.Elapsed;
        }

        // Released: the stalled workers can now finish. One deadline for all of them, and they are background
        // threads, so a stuck one cannot hang the harness.
        var joining = Stopwatch.StartNew();
        var joined = Array.TrueForAll(workers, w => w.Join(Remaining(JoinTimeout, joining.Elapsed)));
        int? finalCount = joined ? inventory.Count : null;

        var observed = completedWhileHeld < total;
        var evidence = observed
            ? $"{completedWhileHeld} of {total} Add() calls completed while outside code held the instance lock for {held.TotalMilliseconds:0} ms"
            : $"{completedWhileHeld} of {total} Add() calls completed while outside code held the instance lock ({held.TotalMilliseconds:0} ms)";
        if (finalCount != total)
        {
            evidence += finalCount is null ? "; workers still running after release" : $"; final count {finalCount}";
        }

        return new Measurement(observed, completedWhileHeld, "Add() calls", evidence);
    }

    private static TimeSpan Remaining(TimeSpan budget, TimeSpan elapsed) =>
        elapsed < budget ? budget - elapsed : TimeSpan.Zero;

    /// <summary>Lets the reporter treat both versions alike; not part of the flagged or fixed code.</summary>
    internal interface IInventory
    {
        int Count { get; }

        void Add();
    }

    internal static class Hazard
    {
        public sealed class Inventory : IInventory
        {
            private int _count;

            public void Add()
            {
                lock (this)
                {
                    _count++;
                }
            }

            public int Count
            {
                get
                {
                    lock (this)
                    {
                        return _count;
                    }
                }
            }
        }
    }

    internal static class Fixed
    {
        public sealed class Inventory : IInventory
        {
            private readonly object _gate = new();
            private int _count;

            public void Add()
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
