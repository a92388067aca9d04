using System;
using System.Threading;
using System.Threading.Tasks;

namespace Contention.Harness.Scenarios;

/// <summary>
/// CTN1003: a synchronous call with an awaitable twin in async code. Requests arrive on the thread pool at once and
/// go through a throttle, a <c>SemaphoreSlim</c> with <see cref="Slots"/> slots; each holds its slot for a
/// <see cref="HoldMs"/> ms await. <c>gate.Wait()</c> parks every queued request on a pool thread, while the holders'
/// continuations, which release the slots, need a pool thread to run. Measured with <see cref="ThreadPoolStarvation"/>
/// in a child process.
/// </summary>
internal sealed class CTN1003SyncCallWithAsyncTwin : ChildProcessScenario
{
    internal const int Slots = 2;
    internal const int HoldMs = 50;

    public override string RuleId => "CTN1003";

    public override string Title => "SemaphoreSlim.Wait in async code";

    public override string Description =>
        "every request queued on the throttle holds a pool thread, and the requests inside need a pool thread to release it: the pool starves";

    public override string Measures =>
        $"how long work queued to the thread pool waits (p99) while N concurrent requests go through a {Slots}-slot SemaphoreSlim " +
        $"throttle, each holding a slot for {HoldMs} ms, in a child process (iterations = requests; timeout = watchdog; threads is not used)";

    public override ScenarioSettings Defaults { get; } = new(Threads: 1, Iterations: 5, Timeout: TimeSpan.FromSeconds(5), Repeat: 1);

    public override Task<Measurement> RunInChildAsync(Variant variant, ScenarioSettings settings)
    {
        // Disposed by the child's exit: a watchdog may leave requests waiting on it.
        var gate = new SemaphoreSlim(Slots, Slots);
        Func<Task> startRequest = variant == Variant.Hazard
            ? () => Hazard.HandleRequestAsync(gate, CancellationToken.None)
            : () => Fixed.HandleRequestAsync(gate, CancellationToken.None);
        return Task.FromResult(ThreadPoolStarvation.Measure(settings.Iterations, startRequest, settings.Timeout));
    }

    internal static class Hazard
    {
        public static async Task HandleRequestAsync(SemaphoreSlim gate, CancellationToken cancellationToken)
        {
            await Task.Yield();
            gate.Wait();
            try
            {
                await Task.Delay(HoldMs, cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }
    }

    internal static class Fixed
    {
        public static async Task HandleRequestAsync(SemaphoreSlim gate, CancellationToken cancellationToken)
        {
            await Task.Yield();
            await gate.WaitAsync(cancellationToken);
            try
            {
                await Task.Delay(HoldMs, cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }
    }
}
