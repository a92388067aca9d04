using System;
using System.Diagnostics;
using System.Globalization;
using static System.FormattableString;

namespace ConcurrencyModels;

/// <summary>The CPU-bound work of the demos: primality of big 64-bit numbers by trial division.</summary>
internal static class PrimeCheck
{
    /// <summary>The first number checked: about 10^15, so each prime found costs about ten million divisions.</summary>
    public const ulong Start = 1_000_000_000_000_001;

    /// <summary>Trial division by 2, 3 and every 6k ± 1 up to the square root: slow on purpose, and nothing but arithmetic.</summary>
    public static bool IsPrime(ulong n)
    {
        if (n < 4)
        {
            return n >= 2;
        }

        if (n % 2 == 0 || n % 3 == 0)
        {
            return false;
        }

        var limit = FloorSqrt(n);
        for (ulong d = 5; d <= limit; d += 6)
        {
            if (n % d == 0 || n % (d + 2) == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The n-th odd number checked: <see cref="Start"/>, <see cref="Start"/> + 2, ...</summary>
    public static ulong Candidate(long index) => Start + (2 * (ulong)index);

    /// <summary>
    /// How many of the <paramref name="count"/> odd numbers from <see cref="Start"/> are prime, counting only those
    /// whose index is <paramref name="worker"/> modulo <paramref name="workers"/>: interleaved, every worker gets big
    /// and small divisors alike, so the shares take about as long. One worker of one counts them all.
    /// </summary>
    public static long CountPrimes(long count, int worker, int workers)
    {
        long primes = 0;
        for (long i = worker; i < count; i += workers)
        {
            if (IsPrime(Candidate(i)))
            {
                primes++;
            }
        }

        return primes;
    }

    /// <summary>Keeps one core busy checking odd numbers from <see cref="Start"/> until <paramref name="duration"/> has passed.</summary>
    public static BusyWork BusyFor(TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        long tested = 0;
        long primes = 0;
        while (clock.Elapsed < duration)
        {
            if (IsPrime(Candidate(tested++)))
            {
                primes++;
            }
        }

        return new BusyWork(tested, primes, clock.Elapsed, Environment.ProcessId, Environment.CurrentManagedThreadId);
    }

    private static ulong FloorSqrt(ulong n)
    {
        var root = Math.Min((ulong)Math.Sqrt(n), uint.MaxValue);
        while ((UInt128)root * root > n)
        {
            root--;
        }

        while ((UInt128)(root + 1) * (root + 1) <= n)
        {
            root++;
        }

        return root;
    }
}

/// <summary>What <see cref="PrimeCheck.BusyFor"/> did, and where: one line of text between a child process and its parent.</summary>
internal sealed record BusyWork(long Tested, long Primes, TimeSpan Elapsed, int ProcessId, int ThreadId)
{
    public string Describe() => Invariant($"tested {Tested} big numbers for primality ({Primes} primes)");

    public string ToLine() => Invariant($"busy {Tested} {Primes} {(long)Elapsed.TotalMilliseconds} {ProcessId} {ThreadId}");

    public static BusyWork? Parse(string line)
    {
        var parts = line.Trim().Split(' ');
        return parts.Length == 6
            && parts[0] == "busy"
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var tested)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var primes)
            && long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            && int.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var processId)
            && int.TryParse(parts[5], NumberStyles.None, CultureInfo.InvariantCulture, out var threadId)
                ? new BusyWork(tested, primes, TimeSpan.FromMilliseconds(milliseconds), processId, threadId)
                : null;
    }
}
