using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Contention.Harness;

/// <summary>
/// Expected against observed: the increments a counter was given against the count it ended with. Shared by the
/// scenarios whose hazard loses increments (CTN2001, CTN2002, CTN3003, CTN3004).
/// </summary>
internal static class LostUpdates
{
    public const string Unit = "lost increments";

    /// <summary>
    /// The hazard is observed when the count differs from the increments made. The figure is the number lost.
    /// <paramref name="context"/> ends the sentence: "lost 312 of 400000 increments (399688 counted) {context}".
    /// </summary>
    public static Measurement Judge(long expected, long counted, string context)
    {
        var lost = expected - counted;
        var evidence = lost switch
        {
            > 0 => $"lost {lost} of {expected} increments ({counted} counted) {context}",
            0 => $"{counted} of {expected} increments counted {context}",
            _ => $"counted {counted} but made only {expected} increments {context}",
        };
        return new Measurement(lost != 0, lost, Unit, evidence);
    }

    /// <summary>
    /// Runs <paramref name="count"/> (a Parallel.For of the given steps, returning the count it ended with) on
    /// threads x iterations steps with the threads as the maximum degree of parallelism, and judges the count.
    /// </summary>
    public static Measurement JudgeParallel(ScenarioSettings settings, CancellationToken cancellationToken, Func<long, ParallelOptions, long> count)
    {
        var steps = (long)settings.Threads * settings.Iterations;
        var options = new ParallelOptions { MaxDegreeOfParallelism = settings.Threads, CancellationToken = cancellationToken };
        var watch = Stopwatch.StartNew();
        var counted = count(steps, options);
        return Judge(steps, counted, $"by a Parallel.For on {settings.Threads} threads in {watch.ElapsedMilliseconds} ms");
    }
}
