using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Contention.Harness;

/// <summary>
/// Thread-pool starvation, measured from outside the pool. Starts every request at once, then from the calling
/// thread (not a pool thread, so it keeps time whatever the pool does) queues a probe work item to the pool every
/// <see cref="ProbePeriodMs"/> ms and records how long each waited for a thread, and samples
/// <see cref="ThreadPool.ThreadCount"/> every 100 ms, until every request is done or the watchdog fires.
/// Run it in a fresh process: a starved pool keeps the threads it injected.
/// </summary>
internal static class ThreadPoolStarvation
{
    public const int ProbePeriodMs = 10;

    /// <summary>
    /// The p99 probe wait that counts as starved: ten probe periods, twice a request's own 50 ms wait, and far above
    /// the few milliseconds an idle pool takes to pick up a work item even on a busy two-core machine.
    /// </summary>
    public const double StarvedP99Ms = 100;

    private const int TicksPerThreadCountSample = 10;

    public static Measurement Measure(int requests, Func<Task> startRequest, TimeSpan watchdog)
    {
        var probes = new List<Probe>();
        var threadCounts = new List<int>();
        var clock = Stopwatch.StartNew();
        var pending = new Task[requests];
        for (var i = 0; i < requests; i++)
        {
            pending[i] = startRequest();
        }

        var all = Task.WhenAll(pending);
        var tick = 0;
        do
        {
            var probe = new Probe();
            probes.Add(probe);
            ThreadPool.UnsafeQueueUserWorkItem(static p => p.MarkRun(), probe, preferLocal: false);
            if (tick++ % TicksPerThreadCountSample == 0)
            {
                threadCounts.Add(ThreadPool.ThreadCount);
            }

            Thread.Sleep(ProbePeriodMs);
        }
        while (!all.IsCompleted && clock.Elapsed < watchdog);

        var window = clock.Elapsed;
        var end = Stopwatch.GetTimestamp();
        threadCounts.Add(ThreadPool.ThreadCount);
        if (all.IsFaulted)
        {
            throw new InvalidOperationException("a request failed", all.Exception);
        }

        var waits = probes.Select(p => p.WaitedMs(end)).OrderBy(ms => ms).ToArray();
        var p99 = Percentile(waits, 0.99);
        var unfinished = pending.Count(t => !t.IsCompleted);
        var outcome = unfinished == 0
            ? $"{requests} requests took {window.TotalMilliseconds:0} ms"
            : $"{unfinished} of {requests} requests unfinished when the {watchdog.TotalMilliseconds:0} ms watchdog fired";
        var evidence =
            $"pool work waited p50 {Percentile(waits, 0.5):0} ms, p99 {p99:0} ms, max {waits[^1]:0} ms ({waits.Length} probes); " +
            $"pool threads {threadCounts[0]} at start, peak {threadCounts.Max()}, {threadCounts[^1]} at end; {outcome}";
        return new Measurement(p99 >= StarvedP99Ms, Math.Round(p99, 1), "ms", evidence);
    }

    /// <summary>Nearest rank of an ascending, non-empty array.</summary>
    private static double Percentile(double[] ascending, double fraction) =>
        ascending[Math.Max(0, (int)Math.Ceiling(fraction * ascending.Length) - 1)];

    private sealed class Probe
    {
        private readonly long _queued = Stopwatch.GetTimestamp();
        private long _run;

        public void MarkRun() => Volatile.Write(ref _run, Stopwatch.GetTimestamp());

        /// <summary>A probe still queued when the window closed counts with its wait so far: a lower bound.</summary>
        public double WaitedMs(long end) =>
            Stopwatch.GetElapsedTime(_queued, Volatile.Read(ref _run) is var run and not 0 ? run : end).TotalMilliseconds;
    }
}
