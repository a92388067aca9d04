using System;
using System.Diagnostics;
using System.Threading;

namespace Contention.Harness;

/// <summary>
/// Outside code holding a monitor that a type also uses, measured: how many of the type's own calls complete while
/// the outsider holds it. Shared by every scenario whose hazard is a monitor anyone can take (CTN3001
/// <c>lock (this)</c>, CTN3002 a type or string, CTN3009 <c>[MethodImpl(Synchronized)]</c>).
/// </summary>
internal static class HeldMonitor
{
    /// <summary>
    /// Locks <paramref name="monitor"/> and, while holding it, starts <c>threads</c> workers that each make
    /// <paramref name="call"/> <c>iterations</c> times; waits until every call is done or <c>timeout</c> passes,
    /// counts the completed calls, and only then lets go. The workers start only once the monitor is held, so when
    /// the calls need the same monitor none can complete, whatever the timing. After the release the workers are
    /// joined (they are background threads, with one deadline for all) and <paramref name="count"/> is read.
    /// </summary>
    public static HoldResult Measure(
        object monitor, Action call, Func<int> count, ScenarioSettings settings, string workerName, CancellationToken cancellationToken)
    {
        var total = settings.Threads * settings.Iterations;
        var completed = 0;
        WorkerGroup workers;
        int completedWhileHeld;
        TimeSpan held;

        lock (monitor)
        {
            var holding = Stopwatch.StartNew();
            workers = WorkerGroup.Start(settings.Threads, workerName, (_, _) =>
            {
                for (var i = 0; i < settings.Iterations; i++)
                {
                    call();
                    Interlocked.Increment(ref completed);
                }

                return settings.Iterations;
            });
            workers.Release();
            workers.WaitFinished(settings.Timeout, cancellationToken);
            completedWhileHeld = Volatile.Read(ref completed);
            held = holding.Elapsed;
        }

        // Released: the stalled workers can now finish every call, so they are not told to stop.
        var joined = workers.Join(WorkerGroup.JoinTimeout);
        workers.ThrowIfFaulted();
        return new HoldResult(completedWhileHeld, total, held, joined ? count() : null);
    }
}

/// <summary>What <see cref="HeldMonitor.Measure"/> saw.</summary>
/// <param name="CompletedWhileHeld">Calls that completed while the outside code held the monitor.</param>
/// <param name="Total">Calls made in all: threads x iterations.</param>
/// <param name="Held">How long the outside code held it.</param>
/// <param name="FinalCount">The type's own count once every worker finished; null if some did not.</param>
internal sealed record HoldResult(int CompletedWhileHeld, int Total, TimeSpan Held, int? FinalCount)
{
    /// <summary>Some calls could not complete while the outside code held the monitor.</summary>
    public bool Stalled => CompletedWhileHeld < Total;

    /// <summary>
    /// "0 of 4000 Add() calls completed while outside code held the instance lock for 253 ms", with a note when the
    /// workers did not finish after the release or the final count is off.
    /// </summary>
    public string Describe(string calls, string holding)
    {
        var evidence = Stalled
            ? $"{CompletedWhileHeld} of {Total} {calls} completed while {holding} for {Held.TotalMilliseconds:0} ms"
            : $"{CompletedWhileHeld} of {Total} {calls} completed while {holding} ({Held.TotalMilliseconds:0} ms)";
        if (FinalCount != Total)
        {
            evidence += FinalCount is null ? "; workers still running after release" : $"; final count {FinalCount}";
        }

        return evidence;
    }
}
