using System;
using System.Collections.Generic;
using System.Threading;

namespace Contention.Harness.Scenarios;

/// <summary>
/// CTN3005: <c>Monitor.Exit</c> outside a <c>finally</c>. <c>Add()</c> enters a monitor, adds to a dictionary and exits.
/// A first caller adds the same key twice: the second add throws <see cref="ArgumentException"/> between
/// <c>Enter</c> and <c>Exit</c>, so <c>Exit</c> never runs and the monitor stays owned by that caller's thread. A
/// second caller, on another thread, then waits for the monitor for good; the watchdog gives up after
/// <c>timeout</c> and interrupts it. With the exit in a <c>finally</c> the exception still reaches the first caller,
/// but the monitor is released and the second call returns. No step depends on timing.
/// </summary>
internal sealed class CTN3005ReleaseNotInFinally : Scenario
{
    public override string RuleId => "CTN3005";

    public override string Title => "Monitor.Exit outside a finally";

    public override string Description =>
        "an exception between Monitor.Enter and Monitor.Exit skips the exit: the monitor stays held and every later caller waits for good";

    public override string Measures =>
        "whether a call on a second thread returns after a first call threw between Enter and Exit " +
        "(timeout = watchdog on the second call; threads and iterations are not used)";

    public override ScenarioSettings Defaults { get; } =
        new(Threads: 2, Iterations: 1, Timeout: TimeSpan.FromMilliseconds(500), Repeat: 1);

    public override Measurement Run(Variant variant, ScenarioSettings settings, CancellationToken cancellationToken)
    {
        IInventory inventory = variant == Variant.Hazard ? new Hazard.Inventory() : new Fixed.Inventory();

        // The first caller adds the same item twice: the second add throws, on the first caller's thread.
        var first = DedicatedThread.Start("CTN3005 first caller", () =>
        {
            inventory.Add("widget", 1);
            inventory.Add("widget", 1);
        });
        if (!first.Join(WorkerGroup.JoinTimeout))
        {
            throw new InvalidOperationException("the first caller did not end");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var thrown = first.Failure?.GetType().Name ?? "nothing";
        var second = DedicatedThread.RunWithWatchdog("CTN3005 second caller", () => inventory.Add("gadget", 1), settings.Timeout);
        var outcome = second.Returned
            ? second.Failure is { } failure ? $"Add(\"gadget\") on another thread threw {failure.GetType().Name}" : "Add(\"gadget\") on another thread returned"
            : $"Add(\"gadget\") on another thread was still waiting for the monitor after {settings.Timeout.TotalMilliseconds:0} ms";
        var evidence = $"the second Add(\"widget\") threw {thrown}; {outcome}";
        if (second.Stuck)
        {
            evidence += "; the second caller's thread is still blocked after an interrupt";
        }

        var returned = second.Returned && second.Failure is null;
        return new Measurement(!returned, returned ? 1 : 0, "later calls returned", evidence);
    }

    /// <summary>Lets the measurement treat both versions alike; not part of the flagged or fixed code.</summary>
    internal interface IInventory
    {
        void Add(string item, int count);
    }

    internal static class Hazard
    {
        public sealed class Inventory : IInventory
        {
            private readonly object _gate = new();
            private readonly Dictionary<string, int> _stock = new();

            public void Add(string item, int count)
            {
                Monitor.Enter(_gate);
                _stock.Add(item, count);
                Monitor.Exit(_gate);
            }
        }
    }

    internal static class Fixed
    {
        public sealed class Inventory : IInventory
        {
            private readonly object _gate = new();
            private readonly Dictionary<string, int> _stock = new();

            public void Add(string item, int count)
            {
                Monitor.Enter(_gate);
                try
                {
                    _stock.Add(item, count);
                }
                finally
                {
                    Monitor.Exit(_gate);
                }
            }
        }
    }
}
