using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using static System.FormattableString;

namespace ConcurrencyModels;

/// <summary>
/// The same CPU-bound work (count the primes among big odd numbers) sequentially, split over N threads, and split
/// over N child processes. Each worker takes every N-th number, so the shares are alike and need no coordination.
/// </summary>
internal static class PrimesDemo
{
    public static async Task<int> RunAsync(TextWriter output, DemoOptions options)
    {
        var (count, workers) = (options.Count, options.Workers);
        await output.WriteLineAsync(Invariant(
            $"primes: count the primes among {count} odd numbers from {PrimeCheck.Start:N0} by trial division, sequentially, on {workers} threads and in {workers} processes ({Environment.ProcessorCount} processors)"));

        var clock = Stopwatch.StartNew();
        var sequential = PrimeCheck.CountPrimes(count, worker: 0, workers: 1);
        var sequentialTime = clock.Elapsed;
        await WriteRowAsync(output, "sequential", "1 thread", sequentialTime, sequential, sequentialTime);

        clock.Restart();
        var threads = await CountOnThreadsAsync(count, workers);
        await WriteRowAsync(output, "threads", Plural(workers, "thread"), clock.Elapsed, threads, sequentialTime);

        clock.Restart();
        var (processes, problem) = await CountInProcessesAsync(count, workers);
        if (problem is not null)
        {
            await output.WriteLineAsync("error: " + problem);
            return Cli.Failed;
        }

        await WriteRowAsync(output, "processes", Plural(workers, "process"), clock.Elapsed, processes, sequentialTime);

        if (threads != sequential || processes != sequential)
        {
            await output.WriteLineAsync(Invariant(
                $"error: the counts disagree: sequential {sequential}, threads {threads}, processes {processes}"));
            return Cli.Failed;
        }

        await output.WriteLineAsync(Invariant($"all three agree: {sequential} primes"));
        await output.WriteLineAsync(
            "note: .NET threads run CPU-bound work in parallel, one per core: there is no global interpreter lock, unlike CPython, "
            + "where only processes would speed this up. Processes pay for starting a runtime each, and share nothing but what they print.");
        return Cli.Success;
    }

    /// <summary>One thread per worker; each hands its count over through the task it completes.</summary>
    private static async Task<long> CountOnThreadsAsync(long count, int workers)
    {
        var shares = new Task<long>[workers];
        for (var i = 0; i < workers; i++)
        {
            var worker = i;
            var share = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            shares[worker] = share.Task;
            new Thread(() => SpinnerDemos.Complete(share, () => PrimeCheck.CountPrimes(count, worker, workers)))
            {
                IsBackground = true,
                Name = Invariant($"primes worker {worker}"),
            }.Start();
        }

        return (await Task.WhenAll(shares)).Sum();
    }

    /// <summary>One child process per worker, all started before any is awaited; each prints its count.</summary>
    private static async Task<(long Count, string? Problem)> CountInProcessesAsync(long count, int workers)
    {
        var children = new Task<(long Count, string? Problem)>[workers];
        for (var worker = 0; worker < workers; worker++)
        {
            children[worker] = CountInProcessAsync(count, worker, workers);
        }

        var shares = await Task.WhenAll(children);
        return shares.FirstOrDefault(s => s.Problem is not null) is { Problem: not null } failed
            ? (0, failed.Problem)
            : (shares.Sum(s => s.Count), null);
    }

    private static async Task<(long Count, string? Problem)> CountInProcessAsync(long count, int worker, int workers)
    {
        using var process = SelfProcess.Start(ChildCommands.PrimesArgs(count, worker, workers), out var problem);
        if (process is null)
        {
            return (0, problem);
        }

        // Generous: a share takes at most as long as the whole count, and on a busy machine the runtime is slow to start.
        var outcome = await SelfProcess.WaitAsync(process, TimeSpan.FromMinutes(10));
        var line = outcome.Output.Trim();
        return outcome.ExitCode == Cli.Success && long.TryParse(line, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var share)
            ? (share, null)
            : (0, Invariant($"child process {worker} of {workers} exited with code {outcome.ExitCode}: {outcome.Problem ?? "no count"}"));
    }

    private static Task WriteRowAsync(TextWriter output, string way, string units, TimeSpan elapsed, long primes, TimeSpan sequential) =>
        output.WriteLineAsync(Invariant(
            $"{way,-11}{units,-14}{elapsed.TotalSeconds,6:0.00} s {primes,8} primes   speed-up {sequential / elapsed,5:0.00}x"));

    private static string Plural(int n, string unit) => Invariant($"{n} {unit}{(n == 1 ? string.Empty : unit.EndsWith('s') ? "es" : "s")}");
}
