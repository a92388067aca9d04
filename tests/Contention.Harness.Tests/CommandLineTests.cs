using System;
using System.IO;
using Xunit;

namespace Contention.Harness.Tests;

public class CommandLineTests
{
    private static readonly string[] AllIds = { "CTN1001", "CTN1002", "CTN1003", "CTN1004", "CTN1005", "CTN1006", "CTN1007", "CTN2001", "CTN2002", "CTN2003", "CTN2004", "CTN2005", "CTN2006", "CTN2007", "CTN2008", "CTN2009", "CTN2010", "CTN3001", "CTN3002", "CTN3003", "CTN3004", "CTN3005", "CTN3006", "CTN3007", "CTN3008", "CTN3009", "CTN3010", "CTN3011", "CTN3012" };

    [Fact]
    public void No_arguments_runs_every_scenario_with_its_defaults()
    {
        var options = Parse();

        Assert.Equal(HarnessCommand.Run, options.Command);
        Assert.Equal(AllIds, options.RuleIds);
        Assert.Null(options.Threads);
        Assert.Null(options.Iterations);
        Assert.Null(options.TimeoutMs);
        Assert.Null(options.Repeat);
        Assert.Equal(1, options.Seed);
        Assert.Null(options.JsonPath);
        Assert.Null(options.MarkdownPath);
    }

    [Theory]
    [InlineData("run", "all")]
    [InlineData("RUN", "ALL")]
    [InlineData("run", "CTN1001", "CTN1002", "CTN1003", "CTN1004", "CTN1005", "CTN1006", "CTN1007", "CTN2001", "CTN2002", "CTN2003", "CTN2004", "CTN2005", "CTN2006", "CTN2007", "CTN2008", "CTN2009", "CTN2010", "CTN3001", "CTN3002", "CTN3003", "CTN3004", "CTN3005", "CTN3006", "CTN3007", "CTN3008", "CTN3009", "CTN3010", "CTN3011", "CTN3012")]
    public void Run_all_and_every_ID_mean_the_same(params string[] args)
    {
        Assert.Equal(AllIds, Parse(args).RuleIds);
    }

    [Fact]
    public void Run_keeps_the_given_order_and_drops_duplicates_case_insensitively()
    {
        Assert.Equal(new[] { "CTN3001", "CTN1002" }, Parse("run", "ctn3001", "CTN1002", "CTN3001").RuleIds);
    }

    [Fact]
    public void Options_may_come_before_or_after_the_command()
    {
        var before = Parse("--threads", "2", "--iterations", "30", "--timeout", "400", "--repeat", "5", "--seed", "9", "--json", "out.json", "--markdown", "out.md", "run", "CTN3001");
        var after = Parse("run", "CTN3001", "--threads", "2", "--iterations", "30", "--timeout", "400", "--repeat", "5", "--seed", "9", "--json", "out.json", "--markdown", "out.md");
        var between = Parse("--threads", "2", "--seed", "9", "run", "--iterations", "30", "CTN3001", "--markdown", "out.md", "--timeout", "400", "--repeat", "5", "--json", "out.json");

        Assert.Equal(before with { RuleIds = after.RuleIds }, after);
        Assert.Equal(before with { RuleIds = between.RuleIds }, between);
        Assert.Equal(new[] { "CTN3001" }, before.RuleIds);
        Assert.Equal(new[] { "CTN3001" }, between.RuleIds);
        Assert.Equal((2, 30, 400, 5, "out.json"), (before.Threads, before.Iterations, before.TimeoutMs, before.Repeat, before.JsonPath));
        Assert.Equal((9, "out.md"), (before.Seed, before.MarkdownPath));
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("1", 1)]
    [InlineData("2147483647", int.MaxValue)]
    public void Seed_takes_zero_up_to_int_MaxValue(string value, int expected)
    {
        Assert.Equal(expected, Parse("--seed", value).Seed);
    }

    [Fact]
    public void Given_options_override_the_scenario_defaults_and_the_rest_stay()
    {
        var defaults = new ScenarioSettings(Threads: 4, Iterations: 1000, Timeout: TimeSpan.FromMilliseconds(250), Repeat: 3);

        var settings = Parse("--iterations", "7", "--timeout", "90").ApplyTo(defaults);

        Assert.Equal(new ScenarioSettings(4, 7, TimeSpan.FromMilliseconds(90), 3), settings);
    }

    [Fact]
    public void List_is_its_own_command()
    {
        Assert.Equal(HarnessCommand.List, Parse("list").Command);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("run", "CTN3001", "--help")]
    [InlineData("--bogus", "-h")]
    public void Help_wins_over_everything_else(params string[] args)
    {
        Assert.Equal(HarnessCommand.Help, Parse(args).Command);
    }

    [Theory]
    [InlineData("unknown command 'frob'", "frob")]
    [InlineData("unknown option '--bogus'", "--bogus")]
    [InlineData("unknown option '--threads=4'", "--threads=4")]
    [InlineData("'run' needs at least one rule ID", "run")]
    [InlineData("unknown rule ID 'CTN9999' (known: CTN1001, CTN1002, CTN1003, CTN1004, CTN1005, CTN1006, CTN1007, CTN2001, CTN2002, CTN2003, CTN2004, CTN2005, CTN2006, CTN2007, CTN2008, CTN2009, CTN2010, CTN3001, CTN3002, CTN3003, CTN3004, CTN3005, CTN3006, CTN3007, CTN3008, CTN3009, CTN3010, CTN3011, CTN3012)", "run", "CTN9999")]
    [InlineData("'run all' takes no other rule IDs", "run", "all", "CTN1002")]
    [InlineData("unexpected argument 'extra' after 'list'", "list", "extra")]
    [InlineData("option --threads needs a value", "run", "all", "--threads")]
    [InlineData("option --json needs a value", "--json")]
    [InlineData("option --json needs a file path", "--json", " ")]
    [InlineData("option --threads needs a positive whole number, got '0'", "--threads", "0")]
    [InlineData("option --iterations needs a positive whole number, got '-5'", "--iterations", "-5")]
    [InlineData("option --timeout needs a positive whole number, got '1.5'", "--timeout", "1.5")]
    [InlineData("option --repeat needs a positive whole number, got 'x'", "--repeat", "x")]
    [InlineData("option --repeat needs a positive whole number, got '99999999999'", "--repeat", "99999999999")]
    [InlineData("option --threads can be at most 256, got 1000", "--threads", "1000")]
    [InlineData("option --repeat given more than once", "--repeat", "1", "--repeat", "2")]
    [InlineData("option --seed needs a whole number from 0 to 2147483647, got '-1'", "--seed", "-1")]
    [InlineData("option --seed needs a whole number from 0 to 2147483647, got 'abc'", "--seed", "abc")]
    [InlineData("option --seed needs a whole number from 0 to 2147483647, got '2147483648'", "--seed", "2147483648")]
    [InlineData("option --seed given more than once", "--seed", "1", "--seed", "1")]
    [InlineData("option --markdown needs a value", "run", "all", "--markdown")]
    [InlineData("option --markdown needs a file path", "--markdown", "")]
    [InlineData("option --markdown given more than once", "--markdown", "a.md", "--markdown", "b.md")]
    [InlineData("options --json and --markdown name the same file", "--json", "out.txt", "--markdown", "./out.txt")]
    public void Bad_input_is_one_line_saying_what_is_wrong(string expected, params string[] args)
    {
        Assert.False(HarnessOptions.TryParse(args, out var options, out var error));

        Assert.Null(options);
        Assert.StartsWith(expected, error);
        Assert.DoesNotContain('\n', error);
    }

    [Theory]
    [InlineData("run", "CTN9999")]
    [InlineData("--threads", "0")]
    [InlineData("--seed", "-1")]
    [InlineData("--seed", "abc")]
    [InlineData("bad\nnews")]
    public void Program_reports_bad_input_as_one_error_line_and_exit_code_2(params string[] args)
    {
        var err = new StringWriter();

        var exitCode = Program.Run(args, TestConsole.Create(new StringWriter()), err);

        Assert.Equal(2, exitCode);
        var line = err.ToString().TrimEnd('\r', '\n');
        Assert.StartsWith("error: ", line);
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public void An_unwritable_json_path_is_bad_input_and_nothing_runs()
    {
        var err = new StringWriter();
        var output = new StringWriter();
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "missing-dir", "out.json");

        var exitCode = Program.Run(new[] { "run", "CTN3001", "--json", path }, TestConsole.Create(output), err);

        Assert.Equal(2, exitCode);
        Assert.StartsWith($"error: cannot write JSON to '{path}'", err.ToString());
        Assert.Equal(string.Empty, output.ToString());
    }

    [Fact]
    public void An_unwritable_markdown_path_is_bad_input_and_nothing_runs()
    {
        var err = new StringWriter();
        var output = new StringWriter();
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "missing-dir", "out.md");

        var exitCode = Program.Run(new[] { "run", "CTN3001", "--markdown", path }, TestConsole.Create(output), err);

        Assert.Equal(2, exitCode);
        var lines = err.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith($"error: cannot write Markdown to '{path}': ", line);
        Assert.DoesNotContain("   at ", err.ToString()); // a message, not a stack trace
        Assert.Equal(string.Empty, output.ToString());
    }

    [Fact]
    public void A_report_opened_before_another_report_fails_to_open_is_deleted()
    {
        var jsonPath = Path.Combine(Path.GetTempPath(), $"contention-harness-{Guid.NewGuid():N}.json");
        var markdownPath = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "missing-dir", "out.md");
        try
        {
            var exitCode = Program.Run(
                new[] { "run", "CTN3001", "--json", jsonPath, "--markdown", markdownPath }, TestConsole.Create(new StringWriter()), new StringWriter());

            Assert.Equal(2, exitCode);
            Assert.False(File.Exists(jsonPath), "the JSON file was left behind");
        }
        finally
        {
            File.Delete(jsonPath);
        }
    }

    private static HarnessOptions Parse(params string[] args)
    {
        Assert.True(HarnessOptions.TryParse(args, out var options, out var error), error);
        return options;
    }
}
