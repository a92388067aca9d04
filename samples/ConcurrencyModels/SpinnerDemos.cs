using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using static System.FormattableString;

namespace ConcurrencyModels;

/// <summary>
/// The same spinner while a slow step runs, three ways: the step on a <see cref="Thread"/>, in a child
/// <see cref="Process"/>, and as an async method. The spinner itself is async code started from Main, so it runs on
/// thread-pool threads and only the slow step changes.
/// </summary>
internal static class SpinnerDemos
{
    public static async Task<int> RunThreadAsync(TextWriter output, DemoOptions options)
    {
        await output.WriteLineAsync(Invariant(
            $"spinner-thread: a new Thread keeps a core busy for {options.Seconds:0.0##} s checking big numbers for primality; the spinner turns meanwhile"));
        var clock = Stopwatch.StartNew();

        // The thread shares nothing with the spinner: it hands its result over through the task it completes.
        var computation = new TaskCompletionSource<BusyWork>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => Complete(computation, () => PrimeCheck.BusyFor(options.Duration)))
        {
            IsBackground = true,
            Name = "computation",
        };
        thread.Start();

        var spinner = await Spinner.SpinUntilAsync(computation.Task, "computing on a thread", output, options.Animate);
        var work = await computation.Task;
        await output.WriteLineAsync(Invariant(
            $"computation: {work.Describe()} on thread {work.ThreadId} of process {work.ProcessId} in {work.Elapsed.TotalSeconds:0.00} s ({clock.Elapsed.TotalSeconds:0.00} s from start to result)"));
        await output.WriteLineAsync(spinner.Describe());
        await output.WriteLineAsync(spinner.Verdict(options.Duration, "the computation had a thread of its own, and the operating system ran both"));
        return Cli.Success;
    }

    public static async Task<int> RunProcessAsync(TextWriter output, DemoOptions options)
    {
        await output.WriteLineAsync(Invariant(
            $"spinner-process: a child process (this program, started again) keeps a core busy for {options.Seconds:0.0##} s checking big numbers for primality; the spinner turns meanwhile"));
        var clock = Stopwatch.StartNew();
        using var process = SelfProcess.Start(ChildCommands.SpinnerArgs(options.Duration), out var problem);
        if (process is null)
        {
            await output.WriteLineAsync("error: " + problem);
            return Cli.Failed;
        }

        var child = SelfProcess.WaitAsync(process, options.Duration + SelfProcess.StartupAllowance);
        var spinner = await Spinner.SpinUntilAsync(child, "computing in a child process", output, options.Animate);
        var outcome = await child;
        var work = outcome.Output.Split('\n').Select(BusyWork.Parse).LastOrDefault(w => w is not null);
        if (outcome.ExitCode != Cli.Success || work is null)
        {
            await output.WriteLineAsync(Invariant($"error: the child process exited with code {outcome.ExitCode}: {outcome.Problem ?? "no result"}"));
            return Cli.Failed;
        }

        await output.WriteLineAsync(Invariant(
            $"computation: {work.Describe()} in process {work.ProcessId} in {work.Elapsed.TotalSeconds:0.00} s ({clock.Elapsed.TotalSeconds:0.00} s from start to exit, starting a runtime included); this process is {Environment.ProcessId}"));
        await output.WriteLineAsync(spinner.Describe());
        await output.WriteLineAsync(spinner.Verdict(options.Duration, "the computation had a process of its own, with its own memory and its own threads"));
        return Cli.Success;
    }

    public static async Task<int> RunAsyncAsync(TextWriter output, DemoOptions options)
    {
        await output.WriteLineAsync(Invariant(
            $"spinner-async: an async method awaits a simulated slow call of {options.Seconds:0.0##} s (await Task.Delay); the spinner, another async method, turns meanwhile"));
        var clock = Stopwatch.StartNew();
        var slowCall = SlowCallAsync(options.Duration);
        var spinner = await Spinner.SpinUntilAsync(slowCall, "awaiting a slow call", output, options.Animate);
        var answer = await slowCall;
        await output.WriteLineAsync(Invariant(
            $"computation: the slow call answered {answer} in {clock.Elapsed.TotalSeconds:0.00} s; no thread was busy while it was awaited"));
        await output.WriteLineAsync(spinner.Describe());
        await output.WriteLineAsync(spinner.Verdict(options.Duration, "an await gives the thread back until the awaited thing completes"));
        return Cli.Success;
    }

    /// <summary>A stand-in for a slow network or database call: nothing runs until the timer fires.</summary>
    private static async Task<int> SlowCallAsync(TimeSpan duration)
    {
        await Task.Delay(duration);
        return 42;
    }

    /// <summary>Runs <paramref name="compute"/> and hands its result, or its exception, to the waiting task.</summary>
    internal static void Complete<T>(TaskCompletionSource<T> result, Func<T> compute)
    {
        try
        {
            result.SetResult(compute());
        }
        catch (Exception e)
        {
            result.SetException(e);
        }
    }
}
