using System;
using System.Threading.Tasks;

namespace Contention.Harness.Scenarios;

/// <summary>
/// CTN1001: blocking on a task inside async code. Requests arrive on the thread pool at once; each starts a lookup
/// and blocks its pool thread on <c>.Result</c> while the lookup's own continuation needs a pool thread to finish.
/// Measured with <see cref="ThreadPoolStarvation"/> in a child process.
/// </summary>
internal sealed class CTN1001BlockingTaskWait : ChildProcessScenario
{
    internal const int DelayMs = 50;

    public override string RuleId => "CTN1001";

    public override string Title => ".Result on a task in async code";

    public override string Description =>
        "each request holds a pool thread until its lookup is done, and the lookup needs a pool thread to finish: the pool starves";

    public override string Measures =>
        $"how long work queued to the thread pool waits (p99) while N concurrent requests each block on a {DelayMs} ms lookup, " +
        "in a child process (iterations = requests; timeout = watchdog; threads is not used)";

    public override ScenarioSettings Defaults { get; } = new(Threads: 1, Iterations: 32, Timeout: TimeSpan.FromSeconds(5), Repeat: 1);

    public override Task<Measurement> RunInChildAsync(Variant variant, ScenarioSettings settings)
    {
        Func<Task> startRequest = variant == Variant.Hazard
            ? () => Hazard.HandleRequestAsync(DelayMs)
            : () => Fixed.HandleRequestAsync(DelayMs);
        return Task.FromResult(ThreadPoolStarvation.Measure(settings.Iterations, startRequest, settings.Timeout));
    }

    private static async Task<int> LookupAsync(int delayMs)
    {
        await Task.Delay(delayMs);
        return delayMs;
    }

    internal static class Hazard
    {
        public static async Task<int> HandleRequestAsync(int delayMs)
        {
            await Task.Yield();
            var lookup = LookupAsync(delayMs);
            return lookup.Result;
        }
    }

    internal static class Fixed
    {
        public static async Task<int> HandleRequestAsync(int delayMs)
        {
            await Task.Yield();
            var lookup = LookupAsync(delayMs);
            return await lookup;
        }
    }
}
