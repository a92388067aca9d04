using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Contention.Benchmarks.Analysis;
using Contention.Benchmarks.Bdn;
using Contention.Benchmarks.Corpus;
using Contention.Benchmarks.Measure;
using Contention.Benchmarks.Quick;

namespace Contention.Benchmarks;

/// <summary>
/// <c>quick</c> (Stopwatch loop, minutes), <c>bench</c> (BenchmarkDotNet, long), <c>measure &lt;project&gt;</c> (our rules'
/// time on a real project), <c>validate</c> and <c>corpus</c> (the generated corpus). See docs/performance.md.
/// </summary>
public static class Program
{
    public const string Usage = """
        Contention.Benchmarks: what our analyzers cost, next to the compiler and peer analyzer packages.

        Usage: dotnet run -c Release --project tests/Contention.Benchmarks -- <command> [options]

          quick | --quick       time the generated corpus with a Stopwatch loop and print the summary table,
                                the per-rule times, a real build and the size sweep (minutes on 2 cores)
              --files N           corpus files (default 200, about 100k lines)
              --seed N            corpus seed (default 20261124)
              --iterations N      measured rounds (default 5); --warmup N warm-up rounds (default 1)
              --peer-iterations N measured rounds for peer packages (default 3)
              --per-rule          also time each of our 29 rules alone (long)
              --peers a,b         only the peer packages whose id contains one of these; --no-peers for none
              --floors            also time the floors our cost stands on (empty and no-op analyzers)
              --no-sweep          skip the size sweep; --sweep-only to run only the sweep
              --no-real-build     skip the real build (the SDK's compiler on the corpus written to disk);
                                  --real-build-only to run only that
              --sweep-sizes a,b   sweep sizes in lines (default 1000,2000,4000,8000,16000)
              --sweep-iterations N  measured runs per sweep size (default 3)
              --output FILE       also write the Markdown summary to FILE
          bench [BenchmarkDotNet options]
                                the full BenchmarkDotNet run (MemoryDiagnoser, in-process; hours with --per-rule);
                                --files N and --per-rule as above; --sets a,b only the sets whose name
                                contains one of these; default filter '*'
          measure <path>        load a .sln or .csproj with MSBuild and print our rules' execution time per rule
                                and the diagnostics per rule (like -p:ReportAnalyzer=true)
          repeat                run all our rules on fresh compilations of the corpus, one run after another,
                                printing each run's time: a steady load to profile (see docs/performance.md)
              --files N, --seed N as above; --iterations N runs (default 5) after --warmup N (default 1)
          validate              generate the corpus and check the planted hazards against our analyzers
              --files N, --seed N as above; --verbose lists every diagnostic
          corpus <dir>          write the generated corpus to <dir> (--files N, --seed N)
        """;

    public static int Main(string[] args)
    {
        try
        {
            return Run(args);
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return 2;
        }
        catch (CorpusMismatchException e)
        {
            Console.Error.WriteLine("error: the corpus and the analyzers disagree: " + e.Message);
            return 1;
        }
    }

    private static int Run(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine(Usage);
            throw new UsageException("no command given (quick, bench, measure, repeat, validate or corpus)");
        }

        var command = args[0];
        var rest = args.Skip(1).ToList();
        switch (command)
        {
            case "-h" or "--help" or "help":
                Console.WriteLine(Usage);
                return 0;
            case "quick" or "--quick":
                return QuickBenchmark.Run(ParseQuick(rest), Console.Out);
            case "validate":
                return Validate(ParseQuick(rest));
            case "repeat":
                return Repeat(ParseQuick(rest));
            case "corpus":
                return WriteCorpus(rest);
            case "bench" or "--bench":
                return BdnRunner.Run(rest);
            case "measure":
                if (rest.Count == 0)
                {
                    throw new UsageException("measure needs the path of a .sln, .slnx or .csproj");
                }

                if (rest.Count > 1)
                {
                    throw new UsageException($"measure takes one path, got {rest.Count} arguments");
                }

                return MeasureCommand.Run(rest[0], Console.Out);
            default:
                // Options without a command mean quick: `-- --files 20`.
                if (command.StartsWith("--", StringComparison.Ordinal))
                {
                    return QuickBenchmark.Run(ParseQuick(args.ToList()), Console.Out);
                }

                throw new UsageException($"unknown command '{command}' (try --help)");
        }
    }

    internal static QuickOptions ParseQuick(List<string> args)
    {
        var options = new QuickOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--quick":
                    break;
                case "--files":
                    options.Files = Int(args, ref i, min: 2);
                    break;
                case "--seed":
                    options.Seed = Int(args, ref i, min: 0);
                    break;
                case "--iterations":
                    options.Iterations = Int(args, ref i, min: 1);
                    break;
                case "--peer-iterations":
                    options.PeerIterations = Int(args, ref i, min: 1);
                    break;
                case "--warmup":
                    options.Warmup = Int(args, ref i, min: 0);
                    break;
                case "--per-rule":
                    options.PerRule = true;
                    break;
                case "--floors":
                    options.Floors = true;
                    break;
                case "--no-peers":
                    options.Peers = false;
                    break;
                case "--peers":
                    options.PeerFilters.AddRange(Value(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "--no-sweep":
                    options.Sweep = false;
                    break;
                case "--sweep-only":
                    options.CorpusRuns = false;
                    options.RealBuild = false;
                    break;
                case "--no-real-build":
                    options.RealBuild = false;
                    break;
                case "--real-build-only":
                    options.CorpusRuns = false;
                    options.Sweep = false;
                    break;
                case "--sweep-sizes":
                    options.SweepSizes = Value(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 100
                            ? n
                            : throw new UsageException($"--sweep-sizes takes sizes of at least 100 lines, got '{s}'"))
                        .ToList();
                    if (options.SweepSizes.Count < 2)
                    {
                        throw new UsageException("--sweep-sizes needs at least two sizes");
                    }

                    break;
                case "--sweep-iterations":
                    options.SweepIterations = Int(args, ref i, min: 1);
                    break;
                case "--output":
                    options.OutputPath = Value(args, ref i);
                    break;
                case "--verbose":
                    options.Verbose = true;
                    break;
                default:
                    throw new UsageException($"unknown option '{arg}' (try --help)");
            }
        }

        if (!options.Sweep && !options.CorpusRuns && !options.RealBuild)
        {
            throw new UsageException("these options leave nothing to run (--no-sweep, --sweep-only, --no-real-build, --real-build-only)");
        }

        return options;
    }

    private static string Value(List<string> args, ref int i)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new UsageException($"option {args[i]} needs a value");
        }

        return args[++i];
    }

    private static int Int(List<string> args, ref int i, int min)
    {
        var name = args[i];
        var value = Value(args, ref i);
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < min)
        {
            throw new UsageException($"option {name} takes a whole number of at least {min}, got '{value}'");
        }

        return n;
    }

    private static int Validate(QuickOptions options)
    {
        var corpus = new CorpusCompilation(CorpusGenerator.Generate(options.Files, options.Seed));
        var ours = OurAnalyzers.AllRules();
        var result = AnalysisRun.Run(corpus, ours);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{corpus.Corpus.Name}: {corpus.Lines:N0} lines, {corpus.Corpus.Hazards} planted hazards; compile + our analyzers {result.Elapsed.TotalMilliseconds:N0} ms"));
        Console.Write(CorpusValidation.Report(corpus, ours, result, options.Verbose));
        var compilerWarnings = result.Diagnostics
            .Where(d => d.Id.StartsWith("CS", StringComparison.Ordinal) && d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .GroupBy(d => d.Id, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} x{g.Count()}");
        Console.WriteLine("Compiler warnings: " + string.Join(", ", compilerWarnings.DefaultIfEmpty("none")));
        CorpusValidation.Check(corpus, ours, result);
        Console.WriteLine("ok: every rule reports exactly its planted hazards, and the corpus compiles without errors");
        return 0;
    }

    /// <summary>Our rules on fresh compilations of the corpus, run after run, for a profiler to sample.</summary>
    private static int Repeat(QuickOptions options)
    {
        var corpus = new CorpusCompilation(CorpusGenerator.Generate(options.Files, options.Seed));
        var ours = OurAnalyzers.AllRules();
        for (var run = 1; run <= options.Warmup + options.Iterations; run++)
        {
            AnalysisRun.Settle();
            var result = AnalysisRun.Run(corpus, ours);
            var label = run <= options.Warmup ? "warm-up" : "run";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label} {run}: {result.Elapsed.TotalMilliseconds:N0} ms, processor {result.ProcessorTime.TotalMilliseconds:N0} ms, {result.Diagnostics.Count(d => d.Id.StartsWith("CTN", StringComparison.Ordinal))} diagnostics of ours"));
        }

        return 0;
    }

    private static int WriteCorpus(List<string> args)
    {
        if (args.Count == 0 || args[0].StartsWith("-", StringComparison.Ordinal))
        {
            throw new UsageException("corpus needs a directory to write to: corpus <dir> [--files N] [--seed N]");
        }

        var directory = args[0];
        var options = ParseQuick(args.Skip(1).ToList());
        var corpus = CorpusGenerator.Generate(options.Files, options.Seed);
        corpus.WriteTo(directory);

        File.WriteAllText(Path.Combine(directory, "expected-diagnostics.txt"),
            string.Join("\n", corpus.Expected.Select(p => $"{p.Key} {p.Value}")) + "\n");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Wrote {corpus.Files.Count} files, {corpus.Lines:N0} lines, {corpus.Hazards} planted hazards to {directory} (counts per rule in expected-diagnostics.txt)"));
        return 0;
    }
}
