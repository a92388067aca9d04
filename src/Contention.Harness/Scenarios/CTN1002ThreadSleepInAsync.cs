using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Contention.Harness.Scenarios;

/// <summary>
/// CTN1002: <c>Thread.Sleep</c> in async code. Requests run on a single-threaded event loop while a heartbeat
/// posts a tick to the loop every 10 ms; the longest stretch in which the loop ran nothing shows whether the
/// requests' waiting held the loop thread.
/// </summary>
internal sealed class CTN1002ThreadSleepInAsync : Scenario
{
    internal const int DelayMs = 50;
    private static readonly TimeSpan TickPeriod = TimeSpan.FromMilliseconds(10);

    public override string RuleId => "CTN1002";

    public override string Title => "Thread.Sleep in async code";

    public override string Description =>
        "each request sleeps on the thread its continuation runs on, so a single-threaded loop freezes for every sleep in turn";

    public override string Measures =>
        $"longest heartbeat gap on a one-thread event loop while N concurrent requests each wait {DelayMs} ms " +
        "(iterations = requests; timeout = watchdog; threads is not used)";

    public override ScenarioSettings Defaults { get; } = new(Threads: 1, Iterations: 4, Timeout: TimeSpan.FromSeconds(5), Repeat: 3);

    public override Measurement Run(Variant variant, ScenarioSettings settings, CancellationToken cancellationToken)
    {
        Func<int, CancellationToken, Task> handleRequest = variant == Variant.Hazard
            ? Hazard.HandleRequestAsync
            : Fixed.HandleRequestAsync;
        var requests = settings.Iterations;
        var timeline = new Timeline();
        using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bool finished;
        long posted, waited;
        using (var loop = new EventLoop("CTN1002 event loop"))
        using (new Heartbeat(loop, timeline))
        {
            posted = Stopwatch.GetTimestamp();
            var served = loop.InvokeAsync(() => ServeAsync(handleRequest, requests, timeline, watchdog.Token));
            finished = WaitQuietly(served, settings.Timeout, cancellationToken);
            waited = Stopwatch.GetTimestamp();
            watchdog.Cancel();
            if (loop.Fault is { } fault)
            {
                throw new InvalidOperationException("an event loop callback failed", fault);
            }
        }

        var (maxGap, window) = timeline.Measure(fallbackStart: posted, cutOff: finished ? null : waited);
        var observed = maxGap.TotalMilliseconds >= DelayMs;
        var heartbeat = observed
            ? $"heartbeat stalled {maxGap.TotalMilliseconds:0} ms (tick due every {TickPeriod.TotalMilliseconds:0} ms)"
            : $"heartbeat max gap {maxGap.TotalMilliseconds:0} ms (tick due every {TickPeriod.TotalMilliseconds:0} ms)";
        var what = requests == 1 ? "1 request" : $"{requests} requests";
        var outcome = finished
            ? $"{what} took {window.TotalMilliseconds:0} ms"
            : $"{what} unfinished when the {settings.Timeout.TotalMilliseconds:0} ms watchdog fired";
        return new Measurement(observed, Math.Round(maxGap.TotalMilliseconds, 1), "ms", $"{heartbeat}; {outcome}");
    }

    /// <summary>One loop item starts every request at once, then waits (on the loop) until all are done.</summary>
    private static async Task ServeAsync(
        Func<int, CancellationToken, Task> handleRequest, int requests, Timeline timeline, CancellationToken cancellationToken)
    {
        timeline.MarkStart();
        var pending = new Task[requests];
        for (var i = 0; i < requests; i++)
        {
            pending[i] = handleRequest(DelayMs, cancellationToken);
        }

        await Task.WhenAll(pending);
        timeline.MarkEnd();
    }

    /// <summary>True when <paramref name="task"/> finished in time; a failed task rethrows, user cancellation too.</summary>
    private static bool WaitQuietly(Task task, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!task.Wait(timeout, cancellationToken))
        {
            return false;
        }

        task.GetAwaiter().GetResult();
        return true;
    }

    /// <summary>
    /// Posts a tick onto the loop every <see cref="TickPeriod"/> from a thread of its own. Not a pool timer: a busy
    /// thread pool (a test runner's, say) would delay the ticks and pass for a stalled loop.
    /// </summary>
    private sealed class Heartbeat : IDisposable
    {
        private readonly ManualResetEventSlim _stop = new();
        private readonly Thread _thread;

        public Heartbeat(EventLoop loop, Timeline timeline)
        {
            _thread = new Thread(() =>
            {
                while (!_stop.Wait(TickPeriod))
                {
                    loop.Post(_ => timeline.Tick(), null);
                }
            })
            { IsBackground = true, Name = "CTN1002 heartbeat" };
            _thread.Start();
        }

        public void Dispose()
        {
            _stop.Set();
            _thread.Join();
            _stop.Dispose();
        }
    }

    /// <summary>Instants the loop itself observed. Only the loop thread writes; the caller reads once it is done.</summary>
    private sealed class Timeline
    {
        private readonly ConcurrentQueue<long> _ticks = new();
        private long _start;
        private long _end;

        public void Tick() => _ticks.Enqueue(Stopwatch.GetTimestamp());

        public void MarkStart() => Volatile.Write(ref _start, Stopwatch.GetTimestamp());

        public void MarkEnd() => Volatile.Write(ref _end, Stopwatch.GetTimestamp());

        /// <summary>
        /// The longest gap between consecutive instants of [start, ticks..., end], and start to end.
        /// <paramref name="fallbackStart"/> stands in for a start the loop never reached (a tiny watchdog), and
        /// <paramref name="cutOff"/>, when given, ends the window where the watchdog fired.
        /// </summary>
        public (TimeSpan MaxGap, TimeSpan Window) Measure(long fallbackStart, long? cutOff)
        {
            var start = Volatile.Read(ref _start) is var s and not 0 ? s : fallbackStart;
            var end = cutOff ?? Volatile.Read(ref _end);
            var instants = _ticks.Where(t => t > start && t < end).Prepend(start).Append(end).ToArray();
            var maxGap = TimeSpan.Zero;
            for (var i = 1; i < instants.Length; i++)
            {
                var gap = Stopwatch.GetElapsedTime(instants[i - 1], instants[i]);
                maxGap = gap > maxGap ? gap : maxGap;
            }

            return (maxGap, Stopwatch.GetElapsedTime(start, end));
        }
    }

    internal static class Hazard
    {
        public static async Task HandleRequestAsync(int delayMs, CancellationToken cancellationToken)
        {
            await Task.Yield();
            Thread.Sleep(delayMs);
        }
    }

    internal static class Fixed
    {
        public static async Task HandleRequestAsync(int delayMs, CancellationToken cancellationToken)
        {
            await Task.Yield();
            await Task.Delay(delayMs, cancellationToken);
        }
    }
}
