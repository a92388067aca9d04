using System;

namespace ConcurrencyModels;

/// <summary>What a demo runs with.</summary>
/// <param name="Seconds">How long the slow step of a spinner demo takes.</param>
/// <param name="Workers">How many threads, and how many processes, the primes demo uses.</param>
/// <param name="Count">How many big odd numbers the primes demo checks.</param>
/// <param name="Animate">Draw the spinner in place on a terminal; otherwise print plain lines (output redirected).</param>
internal sealed record DemoOptions(double Seconds, int Workers, int Count, bool Animate)
{
    public const double DefaultSeconds = 2;
    public const double MinSeconds = 0.1;
    public const double MaxSeconds = 60;
    public const int MaxWorkers = 64;
    public const int DefaultCount = 1000;
    public const int MaxCount = 1_000_000;

    public static int DefaultWorkers => Math.Clamp(Environment.ProcessorCount, 1, MaxWorkers);

    public static DemoOptions Default(bool animate) => new(DefaultSeconds, DefaultWorkers, DefaultCount, animate);

    public TimeSpan Duration => TimeSpan.FromSeconds(Seconds);
}
