using System.Linq;
using System.Threading.Tasks;
using ConcurrencyModels;
using Xunit;

namespace Contention.Samples.Tests;

public class CommandLineTests
{
    [Theory]
    [InlineData]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("primes", "--help")]
    public async Task Help_lists_every_demo_with_one_line_and_exits_0(params string[] args)
    {
        var run = await Sample.RunInProcessAsync(args);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        Assert.Equal(Sample.DemoNames, Demo.All.Select(d => d.Name));
        var lines = run.Output.Split('\n');
        foreach (var name in Sample.DemoNames)
        {
            Assert.Single(lines, l => l.TrimStart().StartsWith(name + " ", System.StringComparison.Ordinal));
        }

        Assert.DoesNotContain("__", run.Output); // the child commands stay hidden
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("Spinner-Thread")]
    [InlineData("--bogus")]
    [InlineData("spinner-thread", "extra")]
    [InlineData("spinner-thread", "--seconds")]
    [InlineData("spinner-thread", "--seconds", "abc")]
    [InlineData("spinner-thread", "--seconds", "0")]
    [InlineData("spinner-thread", "--seconds", "61")]
    [InlineData("spinner-thread", "--seconds", "NaN")]
    [InlineData("spinner-async", "--workers", "2")]
    [InlineData("primes", "--seconds", "1")]
    [InlineData("primes", "--workers", "0")]
    [InlineData("primes", "--workers", "65")]
    [InlineData("primes", "--workers", "-1")]
    [InlineData("primes", "--workers", "two")]
    [InlineData("primes", "--count", "0")]
    [InlineData("primes", "--count", "1000001")]
    [InlineData("primes", "--frobnicate", "1")]
    [InlineData("__primes-child", "100", "0")]
    [InlineData("__spinner-child", "-5")]
    public async Task Bad_arguments_print_one_error_line_and_exit_2(params string[] args)
    {
        var run = await Sample.RunInProcessAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(string.Empty, run.Output);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("error: ", line);
    }

    [Fact]
    public async Task The_program_reports_an_unknown_demo_in_one_line_without_a_stack_trace()
    {
        var run = await Sample.RunAsProcessAsync("nope", "--seconds", "1");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal(string.Empty, run.Output);
        Assert.Equal("error: unknown demo 'nope'; run with --help to list the demos", Assert.Single(run.ErrorLines));
    }
}
