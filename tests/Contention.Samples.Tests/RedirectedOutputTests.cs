using System.Threading.Tasks;
using Xunit;

namespace Contention.Samples.Tests;

/// <summary>Every demo run as the real program into a pipe, as in CI logs: plain lines, no animation.</summary>
public class RedirectedOutputTests
{
    [Theory]
    [InlineData("spinner-thread", "--seconds", "0.5")]
    [InlineData("spinner-process", "--seconds", "0.5")]
    [InlineData("spinner-async", "--seconds", "0.3")]
    [InlineData("spinner-loop-blocked", "--seconds", "0.3")]
    [InlineData("spinner-loop", "--seconds", "0.3")]
    [InlineData("primes", "--workers", "2", "--count", "100")]
    public async Task Redirected_output_is_plain_lines(params string[] args)
    {
        var run = await Sample.RunAsProcessAsync(args);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(string.Empty, run.Error);
        Assert.StartsWith(args[0] + ": ", run.Output);
        Assert.DoesNotContain('\r', run.Output);
        Assert.DoesNotContain('\u001b', run.Output);
        Assert.Contains(args[0] == "primes" ? "all three agree" : "spinner: ", run.Output);
    }

    [Fact]
    public async Task Redirected_spinner_prints_a_line_every_ten_frames()
    {
        var run = await Sample.RunAsProcessAsync("spinner-async", "--seconds", "1.5");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("awaiting a slow call: frame 10 at ", run.Output);
    }
}
