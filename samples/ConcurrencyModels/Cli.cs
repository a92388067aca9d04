using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using static System.FormattableString;

namespace ConcurrencyModels;

/// <summary>The whole program minus the console, so tests can run every demo in-process.</summary>
internal static class Cli
{
    public const int Success = 0;
    public const int Failed = 1;
    public const int BadInput = 2;

    public const string Usage = "usage: dotnet run --project samples/ConcurrencyModels -- <demo> [options]";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, bool animate)
    {
        if (args.Count > 0 && ChildCommands.Handles(args[0]))
        {
            // Hidden: this program started by itself to be the child process of spinner-process or primes.
            return await ChildCommands.RunAsync(args, output, error);
        }

        if (args.Count == 0 || args.Any(a => a is "--help" or "-h"))
        {
            await WriteHelpAsync(output);
            return Success;
        }

        if (Demo.Find(args[0]) is not { } demo)
        {
            var problem = args[0].StartsWith('-')
                ? $"expected a demo before '{args[0]}'; run with --help to list the demos"
                : $"unknown demo '{args[0]}'; run with --help to list the demos";
            await error.WriteLineAsync("error: " + problem);
            return BadInput;
        }

        var options = DemoOptions.Default(animate);
        if (ParseOptions(demo, args.Skip(1).ToArray(), ref options) is { } badOption)
        {
            await error.WriteLineAsync("error: " + badOption);
            return BadInput;
        }

        return await demo.RunAsync(output, options);
    }

    private static async Task WriteHelpAsync(TextWriter output)
    {
        var width = Demo.All.Max(d => d.Name.Length) + 2;
        await output.WriteLineAsync("ConcurrencyModels: the three execution units (process, thread, async method) side by side.");
        await output.WriteLineAsync(Usage);
        await output.WriteLineAsync();
        await output.WriteLineAsync("demos:");
        foreach (var demo in Demo.All)
        {
            await output.WriteLineAsync($"  {demo.Name.PadRight(width)}{demo.Summary}");
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync("options:");
        await output.WriteLineAsync(Invariant($"  --seconds S   spinner demos: how long the slow step takes (default {DemoOptions.DefaultSeconds}, {DemoOptions.MinSeconds} to {DemoOptions.MaxSeconds})"));
        await output.WriteLineAsync(Invariant($"  --workers N   primes: threads and processes to use (default {DemoOptions.DefaultWorkers}, the processor count; 1 to {DemoOptions.MaxWorkers})"));
        await output.WriteLineAsync(Invariant($"  --count K     primes: how many big odd numbers to check (default {DemoOptions.DefaultCount}, 1 to {DemoOptions.MaxCount})"));
        await output.WriteLineAsync("  --help        this list");
    }

    /// <summary>Returns the problem with the options, or null when <paramref name="options"/> now holds them.</summary>
    private static string? ParseOptions(Demo demo, string[] args, ref DemoOptions options)
    {
        for (var i = 0; i < args.Length; i += 2)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal))
            {
                return $"unexpected argument '{name}'; run with --help for the options";
            }

            var applies = name switch
            {
                "--seconds" => demo.Kind == DemoKind.Spinner,
                "--workers" or "--count" => demo.Kind == DemoKind.Primes,
                _ => (bool?)null,
            };
            if (applies is null)
            {
                return $"unknown option '{name}'; run with --help for the options";
            }

            if (applies == false)
            {
                return $"{name} does not apply to {demo.Name}";
            }

            if (i + 1 >= args.Length)
            {
                return $"{name} needs a value";
            }

            var value = args[i + 1];
            switch (name)
            {
                case "--seconds":
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                        || !(seconds >= DemoOptions.MinSeconds && seconds <= DemoOptions.MaxSeconds))
                    {
                        return Invariant($"--seconds must be a number from {DemoOptions.MinSeconds} to {DemoOptions.MaxSeconds}, not '{value}'");
                    }

                    options = options with { Seconds = seconds };
                    break;
                case "--workers":
                    if (!TryParseInRange(value, 1, DemoOptions.MaxWorkers, out var workers))
                    {
                        return Invariant($"--workers must be a whole number from 1 to {DemoOptions.MaxWorkers}, not '{value}'");
                    }

                    options = options with { Workers = workers };
                    break;
                default:
                    if (!TryParseInRange(value, 1, DemoOptions.MaxCount, out var count))
                    {
                        return Invariant($"--count must be a whole number from 1 to {DemoOptions.MaxCount}, not '{value}'");
                    }

                    options = options with { Count = count };
                    break;
            }
        }

        return null;
    }

    private static bool TryParseInRange(string text, int min, int max, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
}
