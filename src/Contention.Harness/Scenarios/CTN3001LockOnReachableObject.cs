using System;
using System.Threading;

namespace Contention.Harness.Scenarios;

/// <summary>
/// CTN3001: a type that locks <c>this</c>. Outside code that was handed the instance locks it to take a snapshot
/// and, while holding it, workers call the instance's own <c>Add()</c>. When the type locks itself, none of those
/// calls can complete until the outsider lets go; when it locks a private gate, all of them can.
/// </summary>
internal sealed class CTN3001LockOnReachableObject : Scenario
{
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
    /// does not flag) and keeps it locked until every Add() is done or the timeout passes.
    /// </summary>
    private static Measurement ReportWhileAdding(IInventory inventory, ScenarioSettings settings, CancellationToken cancellationToken)
    {
        var hold = HeldMonitor.Measure(inventory, inventory.Add, () => inventory.Count, settings, "CTN3001 worker", cancellationToken);
        return new Measurement(
            hold.Stalled, hold.CompletedWhileHeld, "Add() calls", hold.Describe("Add() calls", "outside code held the instance lock"));
    }

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
            private readonly Lock _gate = new();
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
