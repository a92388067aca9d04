using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace Contention.Harness.Tests;

public class EndToEndTests
{
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
}
