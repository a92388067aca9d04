using System;
using System.Collections.Generic;
using System.Threading;

namespace Contention.Harness.Scenarios;

/// <summary>
/// CTN2008: a <c>[ThreadStatic]</c> field with an initializer. The initializer is part of the static constructor,
/// which runs once, on whichever thread first uses the type; every other thread starts with the field at 0. Here the
/// type is first used on the measurement's own thread (as an app's startup path would use it), so every worker
/// thread sees 0, whatever the timing. <c>ThreadLocal&lt;T&gt;</c> runs its factory once per thread.
/// </summary>
internal sealed class CTN2008ThreadStaticInitializer : Scenario
{
    /// <summary>The value the initializer gives the budget.</summary>
    public const int InitialBudget = 100;

    public override string RuleId => "CTN2008";

    public override string Title => "[ThreadStatic] field with an initializer";

    public override string Description =>
        "a [ThreadStatic] field's initializer runs once, on the thread that runs the static constructor: every other thread sees 0";

    public override string Measures =>
        $"how many of threads new worker threads read the initializer's value {InitialBudget}, the type having been used on the " +
        "measuring thread first (timeout = watchdog; iterations is not used)";

    public override ScenarioSettings Defaults { get; } =
        new(Threads: 8, Iterations: 1, Timeout: TimeSpan.FromSeconds(5), Repeat: 3);

    public override Measurement Run(Variant variant, ScenarioSettings settings, CancellationToken cancellationToken)
    {
        Func<int> remaining = variant == Variant.Hazard ? Hazard.RetryBudget.Remaining : Fixed.RetryBudget.Remaining;

        // The type's first use, and so its static constructor, happens here and never on a worker. Only the workers count.
        _ = remaining();

        var seen = new int[settings.Threads];
        var workers = WorkerGroup.Run(
            settings.Threads,
            "CTN2008 worker",
            (index, _) =>
            {
                seen[index] = remaining();
                return seen[index] == InitialBudget ? 1 : 0;
            },
            settings.Timeout,
            cancellationToken);
        if (workers.Unfinished > 0)
        {
            throw new InvalidOperationException($"{workers.Unfinished} CTN2008 workers did not finish");
        }

        var initialized = (int)workers.Operations;
        var others = initialized == settings.Threads
            ? string.Empty
            : $" ({Describe(seen)})";
        return new Measurement(
            initialized < settings.Threads,
            initialized,
            "threads saw the initial value",
            $"{initialized} of {settings.Threads} new threads saw the initializer's value {InitialBudget}{others}");
    }

    /// <summary>"7 saw 0" or "6 saw 0, 1 saw 42": what the threads that missed the initial value read instead.</summary>
    private static string Describe(int[] seen)
    {
        var counts = new SortedDictionary<int, int>();
        foreach (var value in seen)
        {
            if (value != InitialBudget)
            {
                counts[value] = counts.TryGetValue(value, out var n) ? n + 1 : 1;
            }
        }

        var parts = new List<string>();
        foreach (var (value, count) in counts)
        {
            parts.Add($"{count} saw {value}");
        }

        return string.Join(", ", parts);
    }

    internal static class Hazard
    {
        public static class RetryBudget
        {
            [ThreadStatic]
            private static int t_budget = InitialBudget;

            public static int Remaining() => t_budget;
        }
    }

    internal static class Fixed
    {
        public static class RetryBudget
        {
            private static readonly ThreadLocal<int> t_budget = new(() => InitialBudget);

            public static int Remaining() => t_budget.Value;
        }
    }
}
