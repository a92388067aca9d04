using System;
using System.Collections.Generic;
using System.IO;
using System.Security;
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

        // Open the JSON file before running anything, so a bad path fails fast and not after the runs.
        FileStream? json = null;
        if (options.JsonPath is not null)
        {
            try
            {
                json = new FileStream(options.JsonPath, FileMode.Create, FileAccess.Write, FileShare.Read);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or SecurityException)
            {
                return Fail(err, $"cannot write JSON to '{options.JsonPath}': {e.Message}", BadInput);
            }
        }

        var exitCode = RunScenarios(options, console, err, json, cancellationToken);
        if (json is not null)
        {
            json.Dispose();
            if (exitCode != Success)
            {
                // No half-written or empty file that looks like a result.
                TryDelete(options.JsonPath!);
            }
        }

        return exitCode;
    }

    private static int RunScenarios(HarnessOptions options, IAnsiConsole console, TextWriter err, Stream? json, CancellationToken cancellationToken)
    {
        var results = new List<VariantResult>();
        foreach (var ruleId in options.RuleIds)
        {
            var scenario = ScenarioRegistry.Find(ruleId)!;
            try
            {
                results.AddRange(ScenarioRunner.Run(scenario, options, cancellationToken));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return Fail(err, "cancelled", Cancelled);
            }
            catch (Exception e)
            {
                return Fail(err, $"{scenario.RuleId} failed: {e.GetType().Name}: {e.Message}", ScenarioFailed);
            }
        }

        console.Write(ResultsTable(results));
        if (json is not null)
        {
            try
            {
                JsonReport.Write(json, results);
                json.Flush();
            }
            catch (IOException e)
            {
                return Fail(err, $"cannot write JSON to '{options.JsonPath}': {e.Message}", ScenarioFailed);
            }

            console.WriteLine($"Results written to {options.JsonPath}");
        }

        return Success;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The error already reported matters more than the leftover file.
        }
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
