using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Contention.Harness.Tests;

/// <summary>The child-process mechanism: the parent always gets its answer or its time back.</summary>
public class ChildProcessTests
{
    // The in-child deadlock watchdog is left at a minute: only the parent's watchdog or cancellation can end the run.
    private static readonly ScenarioSettings Deadlock = new(Threads: 1, Iterations: 1, Timeout: TimeSpan.FromMinutes(1), Repeat: 1);

    [Fact]
    public void A_child_still_running_at_the_watchdog_is_killed()
    {
        var clock = Stopwatch.StartNew();

        var e = Assert.Throws<TimeoutException>(() =>
            ChildProcess.Run("CTN1007", Variant.Hazard, Deadlock, TimeSpan.FromSeconds(1), CancellationToken.None));

        Assert.Equal("the child process did not exit within 1000 ms and was killed", e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Cancelling_kills_the_child()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            ChildProcess.Run("CTN1007", Variant.Hazard, Deadlock, TimeSpan.FromMinutes(1), cancellation.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("CTN9999", "hazard", "1", "1", "100")]
    [InlineData("CTN1002", "hazard", "1", "1", "100")] // runs in-process, not a child-process scenario
    [InlineData("CTN1007", "broken", "1", "1", "100")]
    [InlineData("CTN1007", "7", "1", "1", "100")]
    [InlineData("CTN1007", "fixed", "1", "1", "0")]
    [InlineData("CTN1007", "fixed", "1", "1")]
    public async Task The_child_command_rejects_bad_arguments_with_exit_code_2(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = await ChildProcess.MainAsync(args, output, error);

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, output.ToString());
        Assert.StartsWith("error: usage: __child ", error.ToString());
    }

    [Fact]
    public async Task The_child_command_prints_the_measurement_as_one_JSON_line()
    {
        var output = new StringWriter();

        var exitCode = await ChildProcess.MainAsync(new[] { "ctn1006", "FIXED", "1", "1", "5000" }, output, new StringWriter());

        Assert.Equal(0, exitCode);
        Assert.Equal(
            """{"hazardObserved":false,"figure":0,"unit":"exit code","evidence":"caller caught IOException; process alive"}""",
            output.ToString().TrimEnd());
    }

    [Theory]
    [InlineData("Unhandled exception. System.IO.IOException: disk full\n   at X.Y()\n", "System.IO.IOException")]
    [InlineData("warning\r\nUnhandled exception. System.AggregateException: One or more errors occurred. (x)\r\n", "System.AggregateException")]
    [InlineData("error: something else\n", null)]
    [InlineData("", null)]
    public void The_unhandled_exception_type_is_read_from_standard_error(string standardError, string? expected)
    {
        Assert.Equal(expected, new ChildOutcome(134, null, standardError).UnhandledExceptionType);
    }

    [Fact]
    public void A_failed_child_is_described_by_its_exit_code_and_first_error_line()
    {
        Assert.Equal(
            "the child process exited with code 134: Unhandled exception. System.InvalidOperationException: boom",
            new ChildOutcome(134, null, "Unhandled exception. System.InvalidOperationException: boom\n   at X.Y()\n").Failure().Message);
        Assert.Equal("the child process exited with code 0 without a measurement", new ChildOutcome(0, null, "").Failure().Message);
    }
}
