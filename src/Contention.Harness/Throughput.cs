using System;
using System.Threading;

namespace Contention.Harness;

/// <summary>
/// Operations per second of <c>threads</c> workers making <c>iterations</c> calls each, all released at once. Shared
/// by the scenarios that compare two versions' throughput side by side (CTN3008, CTN3010).
/// </summary>
internal static class Throughput
{
    /// <summary>
    /// Runs the workers until the last is done or <c>timeout</c> passes. <paramref name="CutShort"/> in the result
    /// says the watchdog stopped them before every call was made.
    /// </summary>
    public static (double OpsPerSecond, bool CutShort) Measure(
        string workerName, Action operation, ScenarioSettings settings, CancellationToken cancellationToken, int stopCheckInterval = 1)
    {
        var workers = WorkerGroup.Run(
            settings.Threads, workerName, WorkerGroup.Repeat(settings.Iterations, operation, stopCheckInterval), settings.Timeout, cancellationToken);
        if (workers.Unfinished > 0)
        {
            throw new InvalidOperationException($"{workerName} threads did not stop when told to");
        }

        var opsPerSecond = workers.Operations / Math.Max(workers.Elapsed.TotalSeconds, 1e-6);
        return (opsPerSecond, workers.Operations < (long)settings.Threads * settings.Iterations);
    }
}
