using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using Xunit;

namespace Contention.Harness.Tests;

public class EndToEndTests
{
    /// <summary>A quick in-process run whose hazard outcome does not depend on timing: CTN3001's hazard completes 0 of 20 calls.</summary>
    private static readonly string[] QuickRun = { "run", "CTN3001", "--repeat", "1", "--threads", "2", "--iterations", "10", "--timeout", "50" };

    [Fact]
    public void Run_with_json_prints_the_table_and_writes_every_result()
    {
        var path = Path.Combine(Path.GetTempPath(), $"contention-harness-{Guid.NewGuid():N}.json");
        var output = new StringWriter();
        var err = new StringWriter();
        try
        {
            var exitCode = Program.Run(
                new[] { "--repeat", "2", "run", "CTN3001", "--timeout", "200", "--json", path },
                TestConsole.Create(output),
                err);

            Assert.Equal(0, exitCode);
            Assert.Equal(string.Empty, err.ToString());
            var text = output.ToString();
            foreach (var header in new[] { "Rule", "Hazard", "Variant", "Evidence", "Verdict", "CTN3001", "Fixed" })
            {
                Assert.Contains(header, text);
            }

            using var json = JsonDocument.Parse(File.ReadAllText(path));
            Assert.Equal(HarnessOptions.DefaultSeed, json.RootElement.GetProperty("seed").GetInt32());
            var results = json.RootElement.GetProperty("results").EnumerateArray().ToArray();
            Assert.Equal(2, results.Length);
            Assert.Equal(new[] { "hazard", "fixed" }, results.Select(r => r.GetProperty("variant").GetString()));

            foreach (var result in results)
            {
                Assert.Equal("CTN3001", result.GetProperty("ruleId").GetString());
                Assert.False(string.IsNullOrEmpty(result.GetProperty("title").GetString()));
                var settings = result.GetProperty("settings");
                Assert.Equal(4, settings.GetProperty("threads").GetInt32());
                Assert.Equal(1000, settings.GetProperty("iterations").GetInt32());
                Assert.Equal(200, settings.GetProperty("timeoutMs").GetInt32());
                Assert.Equal(2, settings.GetProperty("repeat").GetInt32());
                Assert.Equal(2, result.GetProperty("totalRuns").GetInt32());

                var runs = result.GetProperty("runs").EnumerateArray().ToArray();
                Assert.Equal(2, runs.Length);
                Assert.Equal(runs.Count(r => r.GetProperty("hazardObserved").GetBoolean()), result.GetProperty("hazardRuns").GetInt32());
                foreach (var run in runs)
                {
                    Assert.Equal("Add() calls", run.GetProperty("unit").GetString());
                    Assert.Equal(JsonValueKind.Number, run.GetProperty("figure").ValueKind);
                    Assert.Contains("Add() calls completed", run.GetProperty("evidence").GetString());
                }
            }

            // The hazard's outcome does not depend on timing; the fix's (within 200 ms) is not asserted here.
            var hazard = results[0];
            Assert.Equal(2, hazard.GetProperty("hazardRuns").GetInt32());
            Assert.Equal("hazard shown in 2 of 2 runs", hazard.GetProperty("verdict").GetString());
            Assert.All(hazard.GetProperty("runs").EnumerateArray(), r => Assert.Equal(0, r.GetProperty("figure").GetDouble()));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_child_process_scenario_reports_through_the_table_and_json_like_any_other()
    {
        var path = Path.Combine(Path.GetTempPath(), $"contention-harness-{Guid.NewGuid():N}.json");
        var output = new StringWriter();
        var err = new StringWriter();
        try
        {
            // CTN1006's hazard kills its child process; the harness reports it and carries on.
            var exitCode = Program.Run(new[] { "run", "CTN1006", "--json", path }, TestConsole.Create(output), err);

            Assert.Equal(0, exitCode);
            Assert.Equal(string.Empty, err.ToString());
            Assert.Contains("caller caught IOException; process alive", output.ToString());

            using var json = JsonDocument.Parse(File.ReadAllText(path));
            var results = json.RootElement.GetProperty("results").EnumerateArray().ToArray();
            Assert.Equal(new[] { "hazard", "fixed" }, results.Select(r => r.GetProperty("variant").GetString()));
            Assert.Equal("hazard shown in 1 of 1 run", results[0].GetProperty("verdict").GetString());
            Assert.Equal("clean in 1 run", results[1].GetProperty("verdict").GetString());
            Assert.All(results, r => Assert.Equal("exit code", r.GetProperty("runs")[0].GetProperty("unit").GetString()));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Run_with_markdown_and_json_writes_both_with_the_machine_the_options_and_a_row_per_variant()
    {
        var markdownPath = TempPath("md");
        var jsonPath = TempPath("json");
        var output = new StringWriter();
        var err = new StringWriter();
        try
        {
            var exitCode = Program.Run(
                QuickRun.Concat(new[] { "--seed", "42", "--markdown", markdownPath, "--json", jsonPath }).ToArray(), TestConsole.Create(output), err);

            Assert.Equal(0, exitCode);
            Assert.Equal(string.Empty, err.ToString());
            Assert.Contains($"Results written to {markdownPath}", output.ToString());
            Assert.Contains($"Results written to {jsonPath}", output.ToString());

            var lines = File.ReadAllLines(markdownPath);
            Assert.Equal("## Contention harness results", lines[0]);
            Assert.Contains($"- Processors: {Environment.ProcessorCount}", lines);
            Assert.Contains($"- .NET runtime: {RuntimeInformation.FrameworkDescription}", lines);
            Assert.Contains(lines, l => l.StartsWith("- Command line: `Contention.Harness run CTN3001 --repeat 1 --threads 2 --iterations 10 --timeout 50 --seed 42 --markdown ", StringComparison.Ordinal));
            Assert.Contains("- Seed: 42", lines);
            Assert.Contains("| CTN3001 | 2 | 10 | 50 | 1 |", lines);
            Assert.Contains("| Rule | Hazard | Variant | Evidence | Verdict | Figure | Unit |", lines);

            var rows = lines.Where(l => l.StartsWith("| CTN3001 | lock (this) | ", StringComparison.Ordinal)).ToArray();
            Assert.Equal(2, rows.Length);
            Assert.StartsWith("| CTN3001 | lock (this) | Hazard | 0 of 20 Add() calls completed while outside code held the instance lock", rows[0]);
            Assert.EndsWith(" | hazard shown in 1 of 1 run | 0 | Add() calls |", rows[0]);
            Assert.StartsWith("| CTN3001 | lock (this) | Fixed | ", rows[1]);
            Assert.EndsWith(" | Add() calls |", rows[1]);

            using var json = JsonDocument.Parse(File.ReadAllText(jsonPath));
            Assert.Equal(42, json.RootElement.GetProperty("seed").GetInt32());
            Assert.Equal(2, json.RootElement.GetProperty("results").GetArrayLength());
        }
        finally
        {
            File.Delete(markdownPath);
            File.Delete(jsonPath);
        }
    }

    [Fact]
    public void A_run_that_fails_leaves_no_report_behind()
    {
        var markdownPath = TempPath("md");
        var jsonPath = TempPath("json");
        var err = new StringWriter();
        try
        {
            // Files that existed are truncated when the run starts: left behind, they would look like a result.
            File.WriteAllText(markdownPath, "an earlier report");
            File.WriteAllText(jsonPath, "an earlier report");
            using var cancellation = new CancellationTokenSource();
            cancellation.Cancel();

            var exitCode = Program.Run(
                new[] { "run", "CTN3001", "--markdown", markdownPath, "--json", jsonPath }, TestConsole.Create(new StringWriter()), err, cancellation.Token);

            Assert.Equal(130, exitCode);
            Assert.Equal("error: cancelled", err.ToString().TrimEnd());
            Assert.False(File.Exists(markdownPath), "the Markdown file was left behind");
            Assert.False(File.Exists(jsonPath), "the JSON file was left behind");
        }
        finally
        {
            File.Delete(markdownPath);
            File.Delete(jsonPath);
        }
    }

    [Fact]
    public void A_run_prints_a_bar_chart_of_hazard_against_fixed_after_the_table()
    {
        var output = new StringWriter();

        var exitCode = Program.Run(QuickRun, TestConsole.Create(output), new StringWriter());

        Assert.Equal(0, exitCode);
        var text = output.ToString().ReplaceLineEndings("\n");
        var heading = text.IndexOf(ResultsChart.Heading, StringComparison.Ordinal);
        Assert.True(heading > text.IndexOf("Verdict", StringComparison.Ordinal), text);
        // The hazard's figure is 0 whatever the timing, so its bar is empty; the fix's figure is not asserted.
        Assert.Matches(new Regex(@"^[^\n]*\nCTN3001 hazard +0 Add\(\) calls *\nCTN3001 fixed +[0-9]+ Add\(\) calls +█* *\n"), text[heading..]);
    }

    [Fact]
    public void Redirected_output_gets_no_progress_display()
    {
        var output = new StringWriter();

        var exitCode = Program.Run(QuickRun, TestConsole.Create(output), new StringWriter());

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("run 1 of 1", output.ToString());
        Assert.StartsWith("┌", output.ToString());
    }

    [Fact]
    public void An_interactive_console_shows_the_run_in_progress_then_the_results()
    {
        var output = new StringWriter();

        var exitCode = Program.Run(QuickRun, TestConsole.CreateInteractive(output), new StringWriter());

        Assert.Equal(0, exitCode);
        var text = output.ToString();
        // The display draws its last frame after the last run, whatever the refresh timing, then clears it.
        var progress = text.IndexOf("CTN3001 fixed, run 1 of 1", StringComparison.Ordinal);
        Assert.True(progress >= 0, text);
        Assert.True(text.IndexOf("hazard shown in 1 of 1 run", StringComparison.Ordinal) > progress, text);
    }

    private static string TempPath(string extension) =>
        Path.Combine(Path.GetTempPath(), $"contention-harness-{Guid.NewGuid():N}.{extension}");
}
