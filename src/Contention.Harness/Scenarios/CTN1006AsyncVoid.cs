using System;
using System.IO;
using System.Threading.Tasks;

namespace Contention.Harness.Scenarios;

/// <summary>
/// CTN1006: an <c>async void</c> method. A caller calls <c>SaveAsync</c> inside try/catch and the write fails. With
/// <c>async void</c> there is no task to carry the exception back: with no SynchronizationContext it is rethrown on
/// the thread pool, unhandled, and ends the process. Runs in a child process, which is expected to die.
/// </summary>
internal sealed class CTN1006AsyncVoid : ChildProcessScenario
{
    private const string Oversized = "a value longer than the store has room for";

    public override string RuleId => "CTN1006";

    public override string Title => "async void method";

    public override string Description =>
        "an exception thrown in an async void method never reaches its caller; with no SynchronizationContext it crashes the process";

    public override string Measures =>
        "whether the caller's catch sees the IOException a failing SaveAsync throws, or the process dies of it, in a child process " +
        "(timeout = how long the child waits for the exception to surface; threads and iterations are not used)";

    public override ScenarioSettings Defaults { get; } = new(Threads: 1, Iterations: 1, Timeout: TimeSpan.FromSeconds(2), Repeat: 1);

    /// <summary>The caller: it does what it can to handle a failed save.</summary>
    public override async Task<Measurement> RunInChildAsync(Variant variant, ScenarioSettings settings)
    {
        var store = new Store(capacity: 16);
        try
        {
            if (variant == Variant.Hazard)
            {
                Hazard.SaveAsync(store, Oversized);
            }
            else
            {
                await Fixed.SaveAsync(store, Oversized);
            }
        }
        catch (IOException e)
        {
            return new Measurement(false, 0, "exit code", $"caller caught {e.GetType().Name}; process alive");
        }

        // An async void call leaves nothing to await: what it throws surfaces elsewhere, if at all.
        await Task.Delay(settings.Timeout);
        return new Measurement(
            false, 0, "exit code",
            $"SaveAsync returned, its failure never reached the caller, and the process was alive {settings.Timeout.TotalMilliseconds:0} ms later");
    }

    /// <summary>
    /// A child that printed nothing and died of an unhandled IOException thrown from SaveAsync: the catch, which
    /// would have printed its measurement at once, never ran.
    /// </summary>
    protected override Measurement Interpret(Variant variant, ScenarioSettings settings, ChildOutcome outcome)
    {
        if (outcome is { ExitCode: not 0, Measurement: null }
            && outcome.UnhandledExceptionType == typeof(IOException).FullName
            && outcome.StandardError.Contains(".SaveAsync(", StringComparison.Ordinal))
        {
            return new Measurement(
                true, outcome.ExitCode, "exit code",
                $"unhandled IOException escaped SaveAsync and crashed the process (exit code {outcome.ExitCode}); the caller's catch never ran");
        }

        return base.Interpret(variant, settings, outcome);
    }

    internal sealed class Store
    {
        private readonly int _capacity;
        private int _used;

        public Store(int capacity) => _capacity = capacity;

        public void Write(string value)
        {
            if (_used + value.Length > _capacity)
            {
                throw new IOException($"disk full: {value.Length} characters do not fit in {_capacity - _used}");
            }

            _used += value.Length;
        }
    }

    internal static class Hazard
    {
        public static async void SaveAsync(Store store, string value)
        {
            await Task.Yield();
            store.Write(value);
        }
    }

    internal static class Fixed
    {
        public static async Task SaveAsync(Store store, string value)
        {
            await Task.Yield();
            store.Write(value);
        }
    }
}
