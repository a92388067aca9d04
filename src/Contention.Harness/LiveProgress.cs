using System;
using Spectre.Console;

namespace Contention.Harness;

/// <summary>
/// The live display while the scenarios run, on an interactive terminal only: the run in progress (rule ID,
/// variant, run k of N), a bar of the runs finished out of all runs, and the time so far. It clears itself when the
/// runs end, leaving the results. Redirected output (CI logs, files, tests) gets nothing extra.
/// </summary>
internal static class LiveProgress
{
    /// <summary>
    /// Calls <paramref name="work"/> with a callback to report each run about to start, or with null when the console
    /// cannot show a live display.
    /// </summary>
    public static T Show<T>(IAnsiConsole console, int totalRuns, Func<Action<RunStarting>?, T> work)
    {
        // Spectre falls back to printing lines without both; those would only clutter a log.
        if (!console.Profile.Capabilities.Interactive || !console.Profile.Capabilities.Ansi)
        {
            return work(null);
        }

        return console.Progress()
            .AutoClear(true)
            .Columns(
                new SpinnerColumn(),
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn(),
                new PercentageColumn(),
                new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("starting", maxValue: totalRuns);
                var started = 0;
                return work(run =>
                {
                    // The bar counts finished runs: every run before this one.
                    task.Value = started++;
                    task.Description = Markup.Escape(run.ToString());
                });
            });
    }
}
