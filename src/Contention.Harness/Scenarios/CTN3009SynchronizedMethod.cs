using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Contention.Harness.Scenarios;

/// <summary>
/// CTN3009: <c>[MethodImpl(MethodImplOptions.Synchronized)]</c>. The runtime wraps the method in a lock on
/// <c>this</c> (on the type for a static method): the same monitor as CTN3001's <c>lock (this)</c>, hidden in an
/// attribute. Outside code that locks the instance stalls every call.
/// </summary>
internal sealed class CTN3009SynchronizedMethod : Scenario
{
    public override string RuleId => "CTN3009";

    public override string Title => "[MethodImpl(Synchronized)]";

    public override string Description =>
        "the runtime locks this (or the type) around the method: any code holding the instance stalls every caller";

    public override string Measures =>
        "Add() calls that complete while outside code holds lock (inventory) " +
        "(threads x iterations calls; timeout = how long the lock is held at most)";

    public override ScenarioSettings Defaults { get; } =
        new(Threads: 4, Iterations: 1000, Timeout: TimeSpan.FromMilliseconds(150), Repeat: 3);

    /// <summary>The outside code locks the instance it was handed, as CTN3001's reporter does.</summary>
    public override Measurement Run(Variant variant, ScenarioSettings settings, CancellationToken cancellationToken)
    {
        IInventory inventory = variant == Variant.Hazard ? new Hazard.Inventory() : new Fixed.Inventory();
        var hold = HeldMonitor.Measure(inventory, inventory.Add, () => inventory.Count, settings, "CTN3009 worker", cancellationToken);
        return new Measurement(
            hold.Stalled, hold.CompletedWhileHeld, "Add() calls", hold.Describe("Add() calls", "outside code held lock (inventory)"));
    }

    /// <summary>Lets the measurement treat both versions alike; not part of the flagged or fixed code.</summary>
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

            [MethodImpl(MethodImplOptions.Synchronized)]
            public void Add()
            {
                _count++;
            }

            public int Count
            {
                [MethodImpl(MethodImplOptions.Synchronized)]
                get
                {
                    return _count;
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
