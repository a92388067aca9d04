using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using static System.FormattableString;

namespace ConcurrencyModels;

/// <summary>
/// The spinner and a slow step as two async methods on one <see cref="EventLoop"/>, as in asyncio: they take turns
/// on the loop's only thread. Awaiting the slow step lets the spinner run; blocking in it stops everything.
/// </summary>
internal static class EventLoopDemos
{
    public static Task<int> RunBlockedAsync(TextWriter output, DemoOptions options) =>
        EventLoop.RunAsync(() => SuperviseAsync(output, options, blocking: true));

    public static Task<int> RunAsync(TextWriter output, DemoOptions options) =>
        EventLoop.RunAsync(() => SuperviseAsync(output, options, blocking: false));

    private static async Task<int> SuperviseAsync(TextWriter output, DemoOptions options, bool blocking)
    {
        var step = blocking ? "Thread.Sleep" : "await Task.Delay";
        await output.WriteLineAsync(Invariant(
            $"spinner-loop{(blocking ? "-blocked" : string.Empty)}: the spinner and a slow step of {options.Seconds:0.0##} s ({step}) are async methods on a single-threaded event loop (thread {Environment.CurrentManagedThreadId})"));
        var clock = Stopwatch.StartNew();
        var slowStep = blocking ? SlowStepBlockingAsync(options.Duration) : SlowStepAsync(options.Duration);
        var spinner = await Spinner.SpinUntilAsync(slowStep, step + " on the loop", output, options.Animate);
        await slowStep;
        await output.WriteLineAsync(Invariant($"computation: the slow step ({step}) returned after {clock.Elapsed.TotalSeconds:0.00} s"));
        await output.WriteLineAsync(spinner.Describe());
        await output.WriteLineAsync(blocking
            ? spinner.Verdict(options.Duration, "the sleep was too short to notice", frozeBecause: "Thread.Sleep held the loop's only thread, so no other callback could run")
            : spinner.Verdict(options.Duration, "at each await the loop's thread went back to running other callbacks"));
        return Cli.Success;
    }

    private static async Task SlowStepBlockingAsync(TimeSpan duration)
    {
        await Task.Yield(); // from here on this method runs as a callback of the loop, as a coroutine's body would
        Thread.Sleep(duration); // CTN1002: Thread.Sleep in an async method blocks the loop's only thread; the warning is the point of this demo
    }

    private static async Task SlowStepAsync(TimeSpan duration)
    {
        await Task.Yield();
        await Task.Delay(duration);
    }
}
