using System;
using System.Diagnostics;
using System.Threading.Tasks;

namespace Contention.Harness.Scenarios;

/// <summary>
/// CTN1007: sync-over-async in synchronous code. <c>LoadConfig()</c> runs on a single-threaded event loop (a UI
/// thread) and blocks on <c>ReadAsync().Result</c>; ReadAsync's continuation is posted back to that loop, which is
/// the thread waiting for it: a deadlock. Runs in a child process: the deadlocked loop thread can never be freed.
/// </summary>
internal sealed class CTN1007SyncOverAsync : ChildProcessScenario
{
    internal const int ReadDelayMs = 10;

    public override string RuleId => "CTN1007";

    public override string Title => ".Result on a task in sync code";

    public override string Description =>
        "blocking on a task whose continuation needs the blocked thread deadlocks a single-threaded SynchronizationContext";

    public override string Measures =>
        $"whether loading a config ({ReadDelayMs} ms async read) on a one-thread event loop returns, in a child process " +
        "(timeout = deadlock watchdog; threads and iterations are not used)";

    public override ScenarioSettings Defaults { get; } =
        new(Threads: 1, Iterations: 1, Timeout: TimeSpan.FromMilliseconds(500), Repeat: 1);

    public override async Task<Measurement> RunInChildAsync(Variant variant, ScenarioSettings settings)
    {
        var source = new Source();
        var loop = new EventLoop("CTN1007 event loop");
        var call = variant == Variant.Hazard ? "LoadConfig()" : "LoadConfigAsync()";
        string? config = null;
        var clock = Stopwatch.StartNew();
        var loading = variant == Variant.Hazard
            ? loop.InvokeAsync(() =>
            {
                config = Hazard.LoadConfig(source);
                return Task.CompletedTask;
            })
            : loop.InvokeAsync(async () => config = await Fixed.LoadConfigAsync(source));

        if (await Task.WhenAny(loading, Task.Delay(settings.Timeout)) != loading)
        {
            // Not disposed: the loop thread is stuck for good, and ends with the child process.
            var queued = loop.Pending is var pending and > 0
                ? $"; the continuation it waits for is queued on the loop it blocks ({pending} pending)"
                : string.Empty;
            return new Measurement(
                true, Math.Round(clock.Elapsed.TotalMilliseconds, 1), "ms",
                $"deadlock: {call} did not return within {settings.Timeout.TotalMilliseconds:0} ms on a single-threaded SynchronizationContext{queued}");
        }

        await loading;
        var elapsed = clock.Elapsed;
        loop.Dispose();
        return new Measurement(
            false, Math.Round(elapsed.TotalMilliseconds, 1), "ms",
            $"{call} returned '{config}' in {elapsed.TotalMilliseconds:0} ms on a single-threaded SynchronizationContext");
    }

    internal sealed class Source
    {
        /// <summary>No ConfigureAwait(false), as most code: the continuation goes back to the caller's context.</summary>
        public async Task<string> ReadAsync()
        {
            await Task.Delay(ReadDelayMs);
            return "retries=3";
        }
    }

    internal static class Hazard
    {
        public static string LoadConfig(Source source) => source.ReadAsync().Result;
    }

    internal static class Fixed
    {
        public static async Task<string> LoadConfigAsync(Source source) => await source.ReadAsync();
    }
}
