using System;
using System.Threading;
using System.Threading.Tasks;

namespace Contention.Harness.Scenarios;

/// <summary>
/// CTN1004: a blocking primitive inside async code. Requests arrive on the thread pool at once; each waits for a
/// signal that a pool timer sets 50 ms after the request arrived. <c>ManualResetEventSlim.Wait</c> holds a pool thread
/// the timer needs, and unlike a task wait it gets no extra threads from the pool's blocking compensation.
/// Measured with <see cref="ThreadPoolStarvation"/> in a child process.
/// </summary>
internal sealed class CTN1004BlockingPrimitiveInAsync : ChildProcessScenario
{
    internal const int DelayMs = 50;

    public override string RuleId => "CTN1004";

    public override string Title => "ManualResetEventSlim.Wait in async code";

    public override string Description =>
        "each request holds a pool thread until a signal arrives, and the signal needs a pool thread to be set: the pool starves";

    public override string Measures =>
        $"how long work queued to the thread pool waits (p99) while N concurrent requests each wait for a signal set {DelayMs} ms later " +
        "on the pool, in a child process (iterations = requests; timeout = watchdog; threads is not used)";

    public override ScenarioSettings Defaults { get; } = new(Threads: 1, Iterations: 4, Timeout: TimeSpan.FromSeconds(5), Repeat: 1);

    public override Task<Measurement> RunInChildAsync(Variant variant, ScenarioSettings settings)
    {
        Func<Task> startRequest = variant == Variant.Hazard
            ? () => Hazard.HandleRequestAsync(SetLater(new ManualResetEventSlim(), e => e.Set()))
            : () => Fixed.HandleRequestAsync(SetLater(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), s => s.SetResult()));
        return Task.FromResult(ThreadPoolStarvation.Measure(settings.Iterations, startRequest, settings.Timeout));
    }

    /// <summary>Whatever produces the signal in real code (an I/O completion, another request) runs on the pool too.</summary>
    private static T SetLater<T>(T signal, Action<T> set)
    {
        _ = Task.Delay(DelayMs).ContinueWith(_ => set(signal), TaskScheduler.Default);
        return signal;
    }

    internal static class Hazard
    {
        public static async Task HandleRequestAsync(ManualResetEventSlim ready)
        {
            await Task.Yield();
            ready.Wait();
        }
    }

    internal static class Fixed
    {
        public static async Task HandleRequestAsync(TaskCompletionSource ready)
        {
            await Task.Yield();
            await ready.Task;
        }
    }
}
