using System;
using System.Threading;
using System.Threading.Tasks;

namespace Contention.Harness.Scenarios;

/// <summary>
/// CTN3006: a monitor held across an <c>await</c>. <c>FlushAsync()</c> enters a monitor, awaits the send, and exits
/// the monitor in a <c>finally</c>. A first caller runs it on its own thread and waits for it; the send completes on
/// a timer thread, so the code after the <c>await</c> runs on a thread-pool thread, never on the caller's: its
/// <c>Monitor.Exit</c> throws <see cref="SynchronizationLockException"/>, and the monitor stays owned by the first
/// caller's thread. A second caller then waits for that monitor for good; the watchdog gives up after
/// <c>timeout</c> and interrupts it. With <c>SemaphoreSlim.WaitAsync</c> any thread may release, and both calls
/// return. No step depends on timing.
/// </summary>
internal sealed class CTN3006LockAcrossAwait : Scenario
{
    internal const int SendDelayMs = 5;

    public override string RuleId => "CTN3006";

    public override string Title => "Monitor held across an await";

    public override string Description =>
        "the code after the await resumes on another thread, whose Monitor.Exit throws; the monitor is never released";

    public override string Measures =>
        $"how many of two FlushAsync() calls ({SendDelayMs} ms async send each), made one after the other from two " +
        "threads, return (timeout = watchdog on the second call; threads and iterations are not used)";

    public override ScenarioSettings Defaults { get; } =
        new(Threads: 2, Iterations: 1, Timeout: TimeSpan.FromMilliseconds(500), Repeat: 1);

    public override Measurement Run(Variant variant, ScenarioSettings settings, CancellationToken cancellationToken)
    {
        IBuffer buffer = variant == Variant.Hazard ? new Hazard.MetricsBuffer() : new Fixed.MetricsBuffer();
        static Task Send() => Task.Delay(SendDelayMs);

        // The first caller waits for its flush to end, on a thread of its own.
        var first = DedicatedThread.Start("CTN3006 first caller", () => buffer.FlushAsync(Send).Wait());
        if (!first.Join(WorkerGroup.JoinTimeout))
        {
            throw new InvalidOperationException("the first FlushAsync() call did not end");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var second = DedicatedThread.RunWithWatchdog("CTN3006 second caller", () => buffer.FlushAsync(Send).Wait(), settings.Timeout);
        var calls = (first.Failure is null ? 1 : 0) + (second.Returned && second.Failure is null ? 1 : 0);
        var firstOutcome = first.Failure is { } failure ? $"the first FlushAsync() threw {failure.GetType().Name}" : "the first FlushAsync() returned";
        var secondOutcome = second.Returned
            ? second.Failure is { } secondFailure ? $"the second threw {secondFailure.GetType().Name}" : "the second returned"
            : $"the second was still waiting for the monitor after {settings.Timeout.TotalMilliseconds:0} ms";
        var evidence = $"{firstOutcome}; {secondOutcome}";
        if (second.Stuck)
        {
            evidence += "; the second caller's thread is still blocked after an interrupt";
        }

        return new Measurement(calls < 2, calls, "calls returned", evidence);
    }

    /// <summary>Lets the measurement treat both versions alike; not part of the flagged or fixed code.</summary>
    internal interface IBuffer
    {
        Task FlushAsync(Func<Task> send);
    }

    internal static class Hazard
    {
        public sealed class MetricsBuffer : IBuffer
        {
            private readonly object _flushGate = new();
            private int _flushes;

            public async Task FlushAsync(Func<Task> send)
            {
                Monitor.Enter(_flushGate);
                try
                {
                    await send();
                    _flushes++;
                }
                finally
                {
                    Monitor.Exit(_flushGate);
                }
            }
        }
    }

    internal static class Fixed
    {
        public sealed class MetricsBuffer : IBuffer
        {
            private readonly SemaphoreSlim _flushGate = new(1, 1);
            private int _flushes;

            public async Task FlushAsync(Func<Task> send)
            {
                await _flushGate.WaitAsync();
                try
                {
                    await send();
                    _flushes++;
                }
                finally
                {
                    _flushGate.Release();
                }
            }
        }
    }
}
