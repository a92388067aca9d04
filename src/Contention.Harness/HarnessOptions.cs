using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Contention.Harness;

internal enum HarnessCommand
{
    Run,
    List,
    Help,
}

/// <summary>
/// The parsed command line. Numeric options left out are null: each scenario then uses its own default.
/// </summary>
internal sealed record HarnessOptions
{
    public const string Usage =
        """
        Contention harness: runs each rule's hazard and its fix under real contention and reports what happened.

        Usage: Contention.Harness [command] [options]

        Commands:
          (none)               run every scenario with quick defaults
          list                 list the scenarios, what they measure and their defaults
          run <ID> [<ID>...]   run the given scenarios, e.g. 'run CTN3001'
          run all              run every scenario

        Options (may come before or after the command; left out, each scenario uses its own default):
          --threads N          worker threads
          --iterations N       operations per worker (CTN1001 to CTN1005: concurrent requests)
          --timeout <ms>       the scenario's time budget in milliseconds (see 'list')
          --repeat N           runs per variant
          --seed N             seed for randomness in the scenarios, 0 or more (default 1)
          --json <path>        also write every result to <path> as JSON
          --markdown <path>    also write a Markdown report to <path>, ready to paste into an issue
          -h, --help           show this help

        Exit codes: 0 ran (observing a hazard is success), 1 a scenario failed, 2 bad input, 130 cancelled.
        """;

    /// <summary>The seed when <c>--seed</c> is left out: fixed, so two runs with the same command line get the same inputs.</summary>
    public const int DefaultSeed = 1;

    public HarnessCommand Command { get; init; } = HarnessCommand.Run;

    /// <summary>Upper-case rule IDs to run, in the order given, without duplicates.</summary>
    public IReadOnlyList<string> RuleIds { get; init; } = Array.Empty<string>();

    public int? Threads { get; init; }

    public int? Iterations { get; init; }

    public int? TimeoutMs { get; init; }

    public int? Repeat { get; init; }

    /// <summary>
    /// Seed for any randomness in the scenarios. The current scenarios are deterministic in their inputs and use
    /// none: it is recorded in the reports so that a run can be repeated exactly once some scenario does.
    /// </summary>
    public int Seed { get; init; } = DefaultSeed;

    public string? JsonPath { get; init; }

    public string? MarkdownPath { get; init; }

    /// <summary>The scenario's defaults, overridden by whatever the user gave.</summary>
    public ScenarioSettings ApplyTo(ScenarioSettings defaults) => new(
        Threads ?? defaults.Threads,
        Iterations ?? defaults.Iterations,
        TimeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : defaults.Timeout,
        Repeat ?? defaults.Repeat);

    /// <summary>
    /// Parses <paramref name="args"/>. On failure <paramref name="error"/> is one line saying what is wrong
    /// (without the "error: " prefix, which the caller adds).
    /// </summary>
    public static bool TryParse(
        IReadOnlyList<string> args,
        [NotNullWhen(true)] out HarnessOptions? options,
        [NotNullWhen(false)] out string? error)
    {
        options = null;
        if (args.Any(a => a is "-h" or "--help"))
        {
            options = new HarnessOptions { Command = HarnessCommand.Help };
            error = null;
            return true;
        }

        string? command = null;
        var ruleIds = new List<string>();
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.StartsWith('-'))
            {
                if (!IsNumberOption(arg) && !IsPathOption(arg))
                {
                    error = $"unknown option '{arg}' (see --help)";
                    return false;
                }

                if (i + 1 >= args.Count)
                {
                    error = $"option {arg} needs a value";
                    return false;
                }

                var value = args[++i];
                if (numbers.ContainsKey(arg) || paths.ContainsKey(arg))
                {
                    error = $"option {arg} given more than once";
                    return false;
                }

                if (IsPathOption(arg))
                {
                    if (string.IsNullOrWhiteSpace(value))
                    {
                        error = $"option {arg} needs a file path";
                        return false;
                    }

                    paths[arg] = value;
                    continue;
                }

                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < Minimum(arg))
                {
                    error = arg == "--seed"
                        ? $"option --seed needs a whole number from 0 to {int.MaxValue}, got '{value}'"
                        : $"option {arg} needs a positive whole number, got '{value}'";
                    return false;
                }

                if (number > Maximum(arg))
                {
                    error = $"option {arg} can be at most {Maximum(arg)}, got {number}";
                    return false;
                }

                numbers[arg] = number;
            }
            else if (command is null)
            {
                command = arg.ToLowerInvariant();
                if (command is not ("run" or "list"))
                {
                    error = $"unknown command '{arg}' (commands: run, list; see --help)";
                    return false;
                }
            }
            else if (command == "run")
            {
                ruleIds.Add(arg);
            }
            else
            {
                error = $"unexpected argument '{arg}' after '{command}'";
                return false;
            }
        }

        if (!TryResolveRuleIds(command, ruleIds, out var resolved, out error))
        {
            return false;
        }

        var jsonPath = paths.GetValueOrDefault("--json");
        var markdownPath = paths.GetValueOrDefault("--markdown");
        if (jsonPath is not null && markdownPath is not null && SameFile(jsonPath, markdownPath))
        {
            error = "options --json and --markdown name the same file";
            return false;
        }

        options = new HarnessOptions
        {
            Command = command == "list" ? HarnessCommand.List : HarnessCommand.Run,
            RuleIds = resolved,
            Threads = Get(numbers, "--threads"),
            Iterations = Get(numbers, "--iterations"),
            TimeoutMs = Get(numbers, "--timeout"),
            Repeat = Get(numbers, "--repeat"),
            Seed = Get(numbers, "--seed") ?? DefaultSeed,
            JsonPath = jsonPath,
            MarkdownPath = markdownPath,
        };
        return true;
    }

    private static bool IsNumberOption(string arg) =>
        arg is "--threads" or "--iterations" or "--timeout" or "--repeat" or "--seed";

    private static bool IsPathOption(string arg) => arg is "--json" or "--markdown";

    private static int Minimum(string option) => option == "--seed" ? 0 : 1;

    /// <summary>Sanity bounds: every worker is a dedicated thread, and threads x iterations must fit an int.</summary>
    private static int Maximum(string option) => option switch
    {
        "--threads" => 256,
        "--iterations" => 1_000_000,
        "--timeout" => 600_000,
        "--seed" => int.MaxValue,
        _ => 1_000,
    };

    /// <summary>Both reports open the file for writing: one would overwrite the other.</summary>
    private static bool SameFile(string first, string second)
    {
        try
        {
            var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            return string.Equals(Path.GetFullPath(first), Path.GetFullPath(second), comparison);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            // Not a usable path: opening it reports what is wrong.
            return false;
        }
    }

    private static int? Get(Dictionary<string, int> numbers, string option) =>
        numbers.TryGetValue(option, out var value) ? value : null;

    /// <summary>No command and 'run all' mean every scenario; 'run' alone is a mistake worth pointing out.</summary>
    private static bool TryResolveRuleIds(
        string? command,
        List<string> given,
        out IReadOnlyList<string> resolved,
        [NotNullWhen(false)] out string? error)
    {
        var all = ScenarioRegistry.All.Select(s => s.RuleId).ToArray();
        resolved = all;
        error = null;
        if (command == "list" || command is null)
        {
            return true;
        }

        if (given.Count == 0)
        {
            error = "'run' needs at least one rule ID, or 'all'";
            return false;
        }

        if (given.Any(id => string.Equals(id, "all", StringComparison.OrdinalIgnoreCase)))
        {
            if (given.Count > 1)
            {
                error = "'run all' takes no other rule IDs";
                return false;
            }

            return true;
        }

        var ids = new List<string>();
        foreach (var id in given)
        {
            var scenario = ScenarioRegistry.Find(id);
            if (scenario is null)
            {
                error = $"unknown rule ID '{id}' (known: {string.Join(", ", all)})";
                return false;
            }

            if (!ids.Contains(scenario.RuleId))
            {
                ids.Add(scenario.RuleId);
            }
        }

        resolved = ids;
        return true;
    }
}
