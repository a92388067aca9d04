using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Contention.Benchmarks.Corpus;

/// <summary>
/// Generates the benchmark corpus: deterministic for a seed, about <see cref="DefaultLinesPerFile"/> lines a file,
/// mostly plain business logic, some correct concurrent code, and a known number of planted hazards per rule.
/// </summary>
public static class CorpusGenerator
{
    public const int DefaultFiles = 200;
    public const int DefaultSeed = 20261124;
    public const int DefaultLinesPerFile = 500;

    /// <summary>Shared by every file: the usings, so each file reads like code in a project with global usings off.</summary>
    internal const string Usings = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Globalization;
        using System.IO;
        using System.Linq;
        using System.Runtime.CompilerServices;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;
        using Corpus.Contracts;

        """;

    /// <summary>The lock-contract attribute CTN2009 recognizes by name, as a team would declare it.</summary>
    private const string Contracts = """
        using System;

        namespace Corpus.Contracts;

        /// <summary>The field or property may be used only while the named lock is held.</summary>
        [AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false)]
        public sealed class GuardedByAttribute : Attribute
        {
            public GuardedByAttribute(string lockName) => LockName = lockName;

            public string LockName { get; }
        }

        """;

    /// <summary>
    /// <paramref name="files"/> files (one of them the contracts file). Each rule gets between 3 and 9 hazards for the
    /// default 200 files (drawn from the seed), scaled with the file count, and at least one.
    /// </summary>
    public static GeneratedCorpus Generate(int files = DefaultFiles, int seed = DefaultSeed, int linesPerFile = DefaultLinesPerFile)
    {
        if (files < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(files), files, "The corpus needs at least 2 files.");
        }

        var random = new Random(seed);
        var expected = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var plan = new List<string>();
        foreach (var rule in HazardCode.RuleIds)
        {
            var perDefaultCorpus = random.Next(3, 10);
            var count = Math.Max(1, (int)Math.Round(perDefaultCorpus * files / (double)DefaultFiles));
            expected[rule] = count;
            plan.AddRange(Enumerable.Repeat(rule, count));
        }

        Shuffle(plan, random);

        // Hazards go round-robin into the files after the contracts file.
        var hazardsByFile = new List<string>[files];
        for (var i = 0; i < files; i++)
        {
            hazardsByFile[i] = new List<string>();
        }

        for (var i = 0; i < plan.Count; i++)
        {
            hazardsByFile[1 + (i % (files - 1))].Add(plan[i]);
        }

        var result = new List<CorpusFile> { new("Contracts/GuardedByAttribute.cs", Contracts) };
        for (var i = 1; i < files; i++)
        {
            var target = linesPerFile + random.Next(-linesPerFile / 3, linesPerFile / 3 + 1);
            var domain = new Domain(random, i);
            result.Add(new CorpusFile($"{domain.Area}/{domain.E}Module{i:D3}.cs", File(domain, random, target, hazardsByFile[i])));
        }

        return new GeneratedCorpus($"corpus ({files} files, seed {seed})", result, expected);
    }

    private static string File(Domain d, Random random, int targetLines, List<string> hazards)
    {
        var units = new List<string> { PlainCode.Model(d) };
        foreach (var rule in hazards)
        {
            units.Add(HazardCode.Plant(rule, d, random));
        }

        // One in three files has some correct concurrent code; the rest of each file is business logic.
        var lines = units.Sum(CountLines) + 12;
        var concurrent = random.Next(3) == 0;
        var concurrentUnits = 0;
        while (lines < targetLines)
        {
            string unit;
            if (concurrent && concurrentUnits < 2 && random.Next(2) == 0)
            {
                concurrentUnits++;
                unit = random.Next(6) switch
                {
                    0 => ConcurrencyCode.AsyncService(d, random),
                    1 => ConcurrencyCode.LockedCache(d, random),
                    2 => ConcurrencyCode.MonitorQueue(d, random),
                    3 => ConcurrencyCode.ParallelStatistics(d, random),
                    4 => ConcurrencyCode.ConcurrentIndex(d, random),
                    _ => ConcurrencyCode.Poller(d, random),
                };
            }
            else
            {
                unit = random.Next(7) switch
                {
                    0 or 1 => PlainCode.Analytics(d, random, Math.Clamp((targetLines - lines) / 18, 2, 10)),
                    2 => PlainCode.Validator(d, random),
                    3 => PlainCode.Repository(d, random),
                    4 => PlainCode.Report(d, random),
                    5 => PlainCode.Workflow(d, random),
                    _ => PlainCode.Settings(d, random),
                };
            }

            // Keep the file's order varied: a new unit goes anywhere after the model.
            units.Insert(1 + random.Next(units.Count), unit);
            lines += CountLines(unit);
        }

        var text = new StringBuilder();
        text.Append(Usings.Replace("\r\n", "\n", StringComparison.Ordinal)).Append('\n');
        text.Append("namespace ").Append(d.Namespace).Append(";\n\n");
        foreach (var unit in units)
        {
            text.Append(unit.Replace("\r\n", "\n", StringComparison.Ordinal)).Append('\n');
        }

        return text.ToString().TrimEnd('\n') + "\n";
    }

    internal static int CountLines(string text)
    {
        var lines = 0;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                lines++;
            }
        }

        return lines;
    }

    private static void Shuffle<T>(IList<T> list, Random random)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }

    internal static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
