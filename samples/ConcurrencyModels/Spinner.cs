using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using static System.FormattableString;

namespace ConcurrencyModels;

/// <summary>What the spinner did: frames drawn, and the longest time between two of them (or between the last one and the end).</summary>
internal sealed record SpinnerStats(int Frames, TimeSpan LongestGap, TimeSpan Elapsed)
{
    public string Describe() =>
        Invariant($"spinner: {Frames} frame{(Frames == 1 ? string.Empty : "s")} in {Elapsed.TotalSeconds:0.00} s, longest gap between frames {(long)LongestGap.TotalMilliseconds} ms");

    /// <summary>
    /// What the gaps say, measured, not assumed: the spinner stalled if it once waited half the slow step (and at least
    /// three ticks) for its next frame. <paramref name="frozeBecause"/> is the expected reason; without one, a stall
    /// can only be the machine's fault.
    /// </summary>
    public string Verdict(TimeSpan slowStep, string turned, string? frozeBecause = null)
    {
        var threshold = slowStep / 2 > 3 * Spinner.Tick ? slowStep / 2 : 3 * Spinner.Tick;
        if (LongestGap < threshold)
        {
            return "the spinner kept turning: " + turned;
        }

        return frozeBecause is not null
            ? Invariant($"the spinner froze for {LongestGap.TotalSeconds:0.00} s: {frozeBecause}")
            : Invariant($"the spinner stalled for {LongestGap.TotalSeconds:0.00} s: the machine, or the thread pool, was too busy to draw it on time");
    }
}

/// <summary>
/// The spinner of every spinner demo: an async method that draws a frame, then awaits the next tick or the end of
/// the slow step, whichever comes first. Where it runs depends on where it is started: on thread-pool threads from
/// a console program's Main, on the event loop's one thread from code the loop runs.
/// </summary>
internal static class Spinner
{
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    private const string Glyphs = @"|/-\";
    private const int FramesPerPlainLine = 10;

    /// <summary>
    /// Spins until <paramref name="slowStep"/> completes. On a terminal each frame redraws one line in place (a
    /// carriage return, no escape codes); redirected, a plain line every <see cref="FramesPerPlainLine"/> frames.
    /// </summary>
    public static async Task<SpinnerStats> SpinUntilAsync(Task slowStep, string label, TextWriter output, bool animate)
    {
        var clock = Stopwatch.StartNew();
        var frames = 0;
        var lastFrame = TimeSpan.Zero;
        var longestGap = TimeSpan.Zero;
        while (!slowStep.IsCompleted)
        {
            var now = clock.Elapsed;
            if (frames > 0 && now - lastFrame > longestGap)
            {
                longestGap = now - lastFrame;
            }

            lastFrame = now;
            frames++;
            var glyph = Glyphs[frames % Glyphs.Length];
            if (animate)
            {
                await output.WriteAsync(Invariant($"\r{glyph} {label} {now.TotalSeconds:0.0} s "));
            }
            else if (frames % FramesPerPlainLine == 0)
            {
                await output.WriteLineAsync(Invariant($"{glyph} {label}: frame {frames} at {now.TotalSeconds:0.0} s"));
            }

            await Task.WhenAny(slowStep, Task.Delay(Tick));
        }

        // The wait after the last frame counts too: a frozen loop may never get to draw another one.
        var end = clock.Elapsed;
        if (end - lastFrame > longestGap)
        {
            longestGap = end - lastFrame;
        }

        if (animate && frames > 0)
        {
            await output.WriteAsync("\r" + new string(' ', label.Length + 12) + "\r");
        }

        return new SpinnerStats(frames, longestGap, end);
    }
}
