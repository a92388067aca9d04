using System;
using System.Threading;
using System.Threading.Tasks;

namespace Contention.Harness.Scenarios;

/// <summary>
/// CTN1005: async code calling a synchronous helper of its own that blocks further down. Requests arrive on the
/// thread pool at once; each reads its config through <c>ReadConfig()</c>, which calls <c>LoadFromDisk()</c>, which
/// sleeps <see cref="DelayMs"/> ms. The async method looks clean, but every request holds its pool thread for the
/// whole read, so the pool runs only as many requests at a time as it has threads and all other work queues behind
/// them. Measured with <see cref="ThreadPoolStarvation"/> in a child process.
/// </summary>
internal sealed class CTN1005BlockingViaSyncCall : ChildProcessScenario
{
    internal const int DelayMs = 50;

    public override string RuleId => "CTN1005";

    public override string Title => "Thread.Sleep in a sync helper of async code";

    public override string Description =>
        "each request blocks its pool thread inside a synchronous helper, so the pool runs a request per thread and all other work queues behind them";

    public override string Measures =>
        $"how long work queued to the thread pool waits (p99) while N concurrent requests each read a config through synchronous " +
        $"helpers that block {DelayMs} ms, in a child process (iterations = requests; timeout = watchdog; threads is not used)";

    public override ScenarioSettings Defaults { get; } = new(Threads: 1, Iterations: 64, Timeout: TimeSpan.FromSeconds(5), Repeat: 1);

    public override Task<Measurement> RunInChildAsync(Variant variant, ScenarioSettings settings)
    {
        Func<Task> startRequest = variant == Variant.Hazard
            ? () => Hazard.HandleRequestAsync(CancellationToken.None)
            : () => Fixed.HandleRequestAsync(CancellationToken.None);
        return Task.FromResult(ThreadPoolStarvation.Measure(settings.Iterations, startRequest, settings.Timeout));
    }

    internal static class Hazard
    {
        public static async Task<string> HandleRequestAsync(CancellationToken cancellationToken)
        {
            await Task.Yield();
            return ReadConfig();
        }

        private static string ReadConfig() => LoadFromDisk();

        private static string LoadFromDisk()
        {
            Thread.Sleep(DelayMs);
            return "config";
        }
    }

    internal static class Fixed
    {
        public static async Task<string> HandleRequestAsync(CancellationToken cancellationToken)
        {
            await Task.Yield();
            return await ReadConfigAsync(cancellationToken);
        }

        private static async Task<string> ReadConfigAsync(CancellationToken cancellationToken) => await LoadFromDiskAsync(cancellationToken);

        private static async Task<string> LoadFromDiskAsync(CancellationToken cancellationToken)
        {
            await Task.Delay(DelayMs, cancellationToken);
            return "config";
        }
    }
}
