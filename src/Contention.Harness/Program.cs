using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Contention.Harness;

internal static class Program
{
    public const int Success = 0;
    public const int ScenarioFailed = 1;
    public const int BadInput = 2;
    public const int Cancelled = 130;

    private const int RedirectedWidth = 200;

    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == ChildProcess.Command)
        {
            // Hidden: one run of a scenario that must not share the harness's process.
            return ChildProcess.MainAsync(args[1..], Console.Out, Console.Error).GetAwaiter().GetResult();
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        return Run(args, CreateConsole(), Console.Error, cancellation.Token);
    }

    /// <summary>
    /// Spectre still emits colour codes into a pipe when TERM looks capable, so redirected output (CI logs,
    /// files) gets plain text, and a width that keeps the evidence column readable instead of the 80 it assumes.
    /// </summary>
    private static IAnsiConsole CreateConsole()
    {
        if (!Console.IsOutputRedirected)
        {
            return AnsiConsole.Console;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        console.Profile.Width = RedirectedWidth;
        return console;
    }

    /// <summary>The whole program, minus process concerns, so tests can run it in-process.</summary>
    internal static int Run(string[] args, IAnsiConsole? console = null, TextWriter? err = null, CancellationToken cancellationToken = default)
    {
        console ??= AnsiConsole.Console;
        err ??= Console.Error;

        if (!HarnessOptions.TryParse(args, out var options, out var parseError))
        {
            return Fail(err, parseError, BadInput);
        }

        switch (options.Command)
        {
            case HarnessCommand.Help:
                console.WriteLine(HarnessOptions.Usage);
                return Success;
            case HarnessCommand.List:
                console.Write(ScenarioTable());
                return Success;
        }

        // Open the report files before running anything, so a bad path fails fast and not after the runs.
        var reports = new List<ReportFile>();
        try
        {
            foreach (var (path, format, write) in RequestedReports(options, args))
            {
                if (!ReportFile.TryOpen(path, format, write, out var report, out var error))
                {
                    return Fail(err, error, BadInput);
                }

                reports.Add(report);
            }

            var exitCode = RunScenarios(options, console, err, reports, cancellationToken);
            if (exitCode == Success)
            {
                reports.ForEach(r => r.Keep());
            }

            return exitCode;
        }
        finally
        {
            reports.ForEach(r => r.Dispose());
        }
    }

    private static IEnumerable<(string Path, string Format, Action<Stream, IReadOnlyList<VariantResult>> Write)> RequestedReports(
        HarnessOptions options, IReadOnlyList<string> args)
    {
        if (options.JsonPath is not null)
        {
            yield return (options.JsonPath, "JSON", (stream, results) => JsonReport.Write(stream, results, options.Seed));
        }

        if (options.MarkdownPath is not null)
        {
            yield return (options.MarkdownPath, "Markdown", (stream, results) => MarkdownReport.Write(stream, results, args, options.Seed));
        }
    }

    private static int RunScenarios(
        HarnessOptions options, IAnsiConsole console, TextWriter err, IReadOnlyList<ReportFile> reports, CancellationToken cancellationToken)
    {
        var results = new List<VariantResult>();
        var totalRuns = options.RuleIds.Sum(id => 2 * options.ApplyTo(ScenarioRegistry.Find(id)!.Defaults).Repeat);

        // Errors are reported once the live display is gone, so it cannot draw over them.
        var failure = LiveProgress.Show(console, totalRuns, runStarting => RunAll(options, results, runStarting, cancellationToken));
        if (failure is { } f)
        {
            return Fail(err, f.Message, f.ExitCode);
        }

        console.Write(ResultsTable(results));
        if (ResultsChart.Create(results) is { } chart)
        {
            console.WriteLine();
            console.WriteLine(ResultsChart.Heading);
            console.Write(chart);
            console.WriteLine();
        }

        foreach (var report in reports)
        {
            if (!report.TryWrite(results, out var error))
            {
                return Fail(err, error, ScenarioFailed);
            }

            console.WriteLine($"Results written to {report.Path}");
        }

        return Success;
    }

    /// <summary>Runs the scenarios into <paramref name="results"/>; on failure, what to report and the exit code.</summary>
    private static (string Message, int ExitCode)? RunAll(
        HarnessOptions options, List<VariantResult> results, Action<RunStarting>? runStarting, CancellationToken cancellationToken)
    {
        foreach (var ruleId in options.RuleIds)
        {
            var scenario = ScenarioRegistry.Find(ruleId)!;
            try
            {
                results.AddRange(ScenarioRunner.Run(scenario, options, cancellationToken, runStarting));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ("cancelled", Cancelled);
            }
            catch (Exception e)
            {
                return ($"{scenario.RuleId} failed: {e.GetType().Name}: {e.Message}", ScenarioFailed);
            }
        }

        return null;
    }

    private static int Fail(TextWriter err, string message, int exitCode)
    {
        // Exactly one line, whatever the message (user input included) contains.
        err.WriteLine("error: " + message.ReplaceLineEndings(" "));
        return exitCode;
    }

    private static Table ScenarioTable()
    {
        var table = new Table().AddColumns("Rule", "Title", "What is measured", "Defaults");
        foreach (var scenario in ScenarioRegistry.All)
        {
            var d = scenario.Defaults;
            table.AddRow(
                new Text(scenario.RuleId),
                new Text($"{scenario.Title}: {scenario.Description}"),
                new Text(scenario.Measures),
                new Text($"threads {d.Threads}, iterations {d.Iterations}, timeout {d.Timeout.TotalMilliseconds:0} ms, repeat {d.Repeat}"));
        }

        return table;
    }

    private static Table ResultsTable(IEnumerable<VariantResult> results)
    {
        var table = new Table().AddColumns("Rule", "Hazard", "Variant", "Evidence", "Verdict");
        foreach (var result in results)
        {
            table.AddRow(
                new Text(result.Scenario.RuleId),
                new Text(result.Scenario.Title),
                new Text(result.Variant.ToString()),
                new Text(result.Representative.Evidence),
                Verdict(result));
        }

        return table;
    }

    /// <summary>Red where the hazard happened, green where the run was clean, yellow where it did not show.</summary>
    private static IRenderable Verdict(VariantResult result)
    {
        var color = result.HazardRuns > 0 ? Color.Red : result.Variant == Variant.Fixed ? Color.Green : Color.Yellow;
        return new Text(result.Verdict, new Style(color));
    }
}
