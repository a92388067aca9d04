using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using ConcurrencyModels;
using Xunit;

namespace Contention.Samples.Tests;

public class PrimesTests
{
    [Theory]
    [InlineData(2UL, true)]
    [InlineData(3UL, true)]
    [InlineData(4UL, false)]
    [InlineData(25UL, false)]
    [InlineData(1_000_000_007UL, true)]
    [InlineData(999_999_999_989UL, true)]
    [InlineData(1_000_000_000_000_037UL, true)]
    [InlineData(1_000_000_000_000_039UL, false)]
    [InlineData(4_444_444_488_888_889UL, false)] // 66666667 squared: no divisor below the square root
    [InlineData(3_333_333_333_333_301UL, true)]
    [InlineData(18_446_744_073_709_551_615UL, false)] // ulong.MaxValue: the square root must not overflow
    public void IsPrime_agrees_with_known_values(ulong n, bool prime)
    {
        Assert.Equal(prime, PrimeCheck.IsPrime(n));
    }

    /// <summary>
    /// 13 of the 200 odd numbers from 10^15 + 1 are prime (counted independently, with sympy); three workers split
    /// them unevenly (67, 67, 66), so a share that drops or repeats a number shows.
    /// </summary>
    [Fact]
    public async Task Sequential_threads_and_processes_count_the_same_primes()
    {
        var run = await Sample.RunInProcessAsync("primes", "--workers", "3", "--count", "200");

        Assert.True(run.ExitCode == 0, run.ToString());
        var rows = Regex.Matches(run.Output, @"^(sequential|threads|processes) +(\d+ \w+) +[\d.]+ s +(\d+) primes +speed-up +[\d.]+x$", RegexOptions.Multiline);
        Assert.Equal(new[] { "sequential", "threads", "processes" }, rows.Select(r => r.Groups[1].Value));
        Assert.Equal(new[] { "1 thread", "3 threads", "3 processes" }, rows.Select(r => r.Groups[2].Value));
        Assert.All(rows, r => Assert.Equal("13", r.Groups[3].Value));
        Assert.Contains("all three agree: 13 primes", run.Output);
        Assert.Contains("no global interpreter lock", run.Output);
    }

    [Fact]
    public void Worker_shares_add_up_to_the_whole_count()
    {
        Assert.Equal(4, PrimeCheck.CountPrimes(100, worker: 0, workers: 1));
        Assert.Equal(4, Enumerable.Range(0, 7).Sum(w => PrimeCheck.CountPrimes(100, w, 7)));
    }
}
