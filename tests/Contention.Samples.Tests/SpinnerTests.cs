using System;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;

namespace Contention.Samples.Tests;

/// <summary>
/// What the spinners show, with bounds far from the line between "turned" and "froze": a spinner that turns draws a
/// frame every 100 ms, so about 10 in a second; a frozen loop draws one, and its gap is the whole sleep by construction.
/// </summary>
public class SpinnerTests
{
    [Theory]
    [InlineData("spinner-thread")]
    [InlineData("spinner-process")]
    [InlineData("spinner-async")]
    [InlineData("spinner-loop")]
    public async Task The_spinner_keeps_turning_while_the_slow_step_runs(string demo)
    {
        var run = await Sample.RunInProcessAsync(demo, "--seconds", "1.5");

        Assert.True(run.ExitCode == 0, run.ToString());
        var (frames, longestGap) = run.Spinner();
        Assert.True(frames >= 4, $"only {frames} frames in 1.5 s\n{run}");
        Assert.True(longestGap < TimeSpan.FromMilliseconds(750), $"the spinner stopped for {longestGap.TotalMilliseconds} ms\n{run}");
        Assert.Contains("the spinner kept turning", run.Output);
    }

    [Fact]
    public async Task Thread_sleep_on_the_event_loop_freezes_the_spinner_for_the_whole_sleep()
    {
        var run = await Sample.RunInProcessAsync("spinner-loop-blocked", "--seconds", "1");

        Assert.True(run.ExitCode == 0, run.ToString());
        var (frames, longestGap) = run.Spinner();
        Assert.True(frames <= 2, $"{frames} frames while the loop slept\n{run}");
        Assert.True(longestGap >= TimeSpan.FromMilliseconds(900), $"the longest gap was only {longestGap.TotalMilliseconds} ms\n{run}");
        Assert.Contains("the spinner froze", run.Output);
    }

    [Fact]
    public async Task The_process_demo_computes_in_another_process()
    {
        var run = await Sample.RunInProcessAsync("spinner-process", "--seconds", "0.5");

        Assert.True(run.ExitCode == 0, run.ToString());
        var match = Regex.Match(run.Output, @"in process (\d+) in [\d.]+ s .*this process is (\d+)$", RegexOptions.Multiline);
        Assert.True(match.Success, run.ToString());
        Assert.Equal(Environment.ProcessId.ToString(), match.Groups[2].Value);
        Assert.NotEqual(match.Groups[2].Value, match.Groups[1].Value);
    }

    [Fact]
    public async Task On_a_terminal_the_spinner_redraws_one_line_with_carriage_returns_and_no_escape_codes()
    {
        var run = await Sample.RunInProcessAsync(animate: true, "spinner-async", "--seconds", "0.5");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("\r| awaiting a slow call", run.Output);
        Assert.DoesNotContain('\u001b', run.Output);
        Assert.DoesNotContain(": frame ", run.Output); // the plain lines are for redirected output only
    }
}
