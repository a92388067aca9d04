using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Contention.Benchmarks.Analysis;
using Contention.Benchmarks.Corpus;
using Contention.Benchmarks.Quick;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Contention.Benchmarks.Build;

/// <summary>
/// The corpus built as a build builds it: written to disk and compiled by the SDK's compiler through its server, to
/// an assembly and its PDB, with the analyzers given as <c>/analyzer:</c> DLLs and every rule raised to a warning by a
/// global config file. There the compiler runs the analyzers while it compiles and emits, as in <c>dotnet build</c>,
/// where the in-process sets bind the corpus once for the compile and once more for the analyzer driver. Each round
/// compiles every set once; medians are reported, and our rules' warnings are checked against the planted hazards on
/// every run.
/// </summary>
public static partial class RealBuild
{
    /// <summary>The source of <see cref="EmptyAnalyzer"/>, embedded in this assembly: the same analyzer in both measurements.</summary>
    private static string EmptyAnalyzerSource()
    {
        using var stream = typeof(RealBuild).Assembly.GetManifestResourceStream("EmptyAnalyzer.cs")
            ?? throw new InvalidOperationException("the benchmark assembly lacks its embedded EmptyAnalyzer.cs");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>One compiler invocation measured in every round.</summary>
    private sealed record BuildSet(string Name, SetKind Kind, IReadOnlyList<string> Analyzers, ImmutableArray<string> Ids, bool CoversAsyncFamily, bool RoundTrip = false)
    {
        public string Short => Kind switch
        {
            SetKind.CompileOnly when RoundTrip => "round-trip",
            SetKind.CompileOnly => "compile",
            SetKind.Empty => "empty",
            SetKind.OursAll => "ours",
            _ => Name,
        };
    }

    public static string Run(QuickOptions options, TextWriter output)
    {
        var text = new StringBuilder("## A real build: the SDK's compiler through its server\n\n");
        var compiler = SdkCompiler.Find(out var reason);
        if (compiler is null)
        {
            text.Append("Not measured: ").Append(reason).Append(".\n\n");
            output.Write(text.ToString());
            return text.ToString();
        }

        var corpus = CorpusGenerator.Generate(options.Files, options.Seed);
        var directory = Path.Combine(Path.GetTempPath(), "contention-build-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        try
        {
            Directory.CreateDirectory(directory);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Real build: SDK {compiler.SdkVersion}, Roslyn {compiler.Roslyn.ToString(3)}, {corpus.Files.Count} files, {corpus.Lines:N0} lines, in {directory}"));
            text.Append(Measure(options, output, compiler, corpus, directory));
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                output.WriteLine($"(could not delete {directory}: {e.Message})");
            }
        }

        return text.ToString();
    }

    private static string Measure(QuickOptions options, TextWriter output, SdkCompiler compiler, GeneratedCorpus corpus, string directory)
    {
        var sources = corpus.WriteTo(Path.Combine(directory, "src"));
        var trivial = Path.Combine(directory, "Trivial.cs");
        File.WriteAllText(trivial, "internal static class Trivial { }\n");
        var corpusRsp = WriteResponseFile(directory, "Corpus", sources);
        var trivialRsp = WriteResponseFile(directory, "Trivial", new[] { trivial });

        var ours = OurAnalyzers.AllRules();
        var sets = new List<BuildSet>
        {
            new("the compiler's round trip (one empty class)", SetKind.CompileOnly, Array.Empty<string>(), ImmutableArray<string>.Empty, false, RoundTrip: true),
            new("compile alone", SetKind.CompileOnly, Array.Empty<string>(), ImmutableArray<string>.Empty, false),
            new("empty analyzer (one no-op syntax node action)", SetKind.Empty, new[] { EmitEmptyAnalyzer(compiler, directory) }, ImmutableArray.Create("BENCH0001"), false),
            new(ours.Name, SetKind.OursAll, new[] { CopyOurAnalyzers(directory) }, ours.DiagnosticIds, false),
        };

        // The async-family peers: the fastest of them is the second target. The others would only make the run long.
        foreach (var peer in options.Peers ? PeerPackages.Matching(options.PeerFilters) : Array.Empty<AnalyzerSet>())
        {
            if (!peer.IsLoaded || !peer.CoversAsyncFamily)
            {
                continue;
            }

            var peerSet = new BuildSet($"{peer.Name} {peer.Version}", SetKind.Peer, PeerPackages.PathsFor(peer, compiler.Roslyn), peer.DiagnosticIds, true);
            sets.Add(peerSet);
        }

        var configs = sets.ToDictionary(s => s, s => s.Ids.IsEmpty ? null : WriteGlobalConfig(directory, sets.IndexOf(s), s.Ids));
        var samples = sets.ToDictionary(s => s, _ => new List<double>());
        var cpuSamples = sets.ToDictionary(s => s, _ => new List<double>());
        var warnings = new Dictionary<BuildSet, int>();
        var failed = new Dictionary<BuildSet, string>();
        foreach (var set in sets.Where(s => s.Kind == SetKind.Peer && s.Analyzers.Count == 0))
        {
            failed[set] = $"no analyzer DLLs for Roslyn {compiler.Roslyn.ToString(3)} in the package";
        }

        var rounds = options.Warmup + options.Iterations;
        for (var round = 0; round < rounds; round++)
        {
            var measured = round >= options.Warmup;
            output.Write(measured ? $"build round {round - options.Warmup + 1}/{options.Iterations}:" : $"build warm-up {round + 1}/{options.Warmup}:");
            foreach (var set in sets)
            {
                if (failed.ContainsKey(set))
                {
                    continue;
                }

                var arguments = set.Analyzers.Select(a => "/analyzer:" + a).ToList();
                if (configs[set] is { } config)
                {
                    arguments.Add("/analyzerconfig:" + config);
                }

                var run = compiler.Compile(set.RoundTrip ? trivialRsp : corpusRsp, arguments, Timeout);
                var problem = Check(run, set, corpus);
                if (problem is not null)
                {
                    if (set.Kind == SetKind.Peer)
                    {
                        failed[set] = problem;
                        output.Write($" {set.Short} failed");
                        continue;
                    }

                    throw new CorpusMismatchException($"real build, {set.Name}: {problem}");
                }

                warnings[set] = Warnings(run, set.Ids).Values.Sum();
                if (measured)
                {
                    samples[set].Add(run.Elapsed.TotalMilliseconds);
                    if (run.ServerCpu is { } cpu)
                    {
                        cpuSamples[set].Add(cpu.TotalMilliseconds);
                    }
                }

                output.Write($" {set.Short} {Summary.Ms(run.Elapsed.TotalMilliseconds)}");
                if (run.ServerCpu is { } serverCpu)
                {
                    output.Write($" (cpu {Summary.Ms(serverCpu.TotalMilliseconds)})");
                }

                output.Flush();
            }

            output.WriteLine();
        }

        output.WriteLine();
        var measuredSets = sets.Where(s => !failed.ContainsKey(s)).ToList();
        var text = Render(compiler, corpus, measuredSets, samples, warnings, failed, options.Iterations);
        return measuredSets.All(s => cpuSamples[s].Count == options.Iterations)
            ? text + RenderProcessorTime(measuredSets, cpuSamples, options.Iterations)
            : text + "The compiler server's processor time could not be read on this machine, so only the wall clock is reported.\n\n";
    }

    private static string Render(
        SdkCompiler compiler, GeneratedCorpus corpus, IReadOnlyList<BuildSet> sets, Dictionary<BuildSet, List<double>> samples,
        Dictionary<BuildSet, int> warnings, Dictionary<BuildSet, string> failed, int iterations)
    {
        var r = new Readings(sets, samples);
        var (compileSet, ours, fastestPeer, compileMs) = (r.CompileSet, r.Ours, r.FastestPeer, r.CompileMs);
        double Median(BuildSet set) => r.Median(set);
        double Cost(BuildSet set) => r.Cost(set);
        double OverEmpty(BuildSet set) => r.OverEmpty(set);

        var table = new TextTable("Set", "Rules", "Build ms", "Analyzer ms", "× compile", "Over the empty analyzer ms", "× compile, over empty", "× fastest async peer", "Warnings")
            .AlignRight(1, 2, 3, 4, 5, 6, 7, 8);
        foreach (var set in sets)
        {
            var plain = set.Kind == SetKind.CompileOnly;
            var withAnalyzers = set.Kind is SetKind.OursAll or SetKind.Peer;
            table.Add(
                set.Name,
                set.Kind is SetKind.OursAll or SetKind.Peer ? Summary.N(set.Ids.Length) : "—",
                Summary.Ms(Median(set)),
                plain ? "—" : Summary.Ms(Cost(set)),
                set.RoundTrip ? "—" : plain ? "1" : Summary.Ratio(Cost(set) / compileMs),
                withAnalyzers ? Summary.Ms(OverEmpty(set)) : "—",
                withAnalyzers ? Summary.Ratio(OverEmpty(set) / compileMs) : "—",
                withAnalyzers && fastestPeer is not null ? Summary.Ratio(Cost(set) / Math.Max(1e-9, Cost(fastestPeer))) : "—",
                plain ? "—" : Summary.N(warnings.GetValueOrDefault(set)));
        }

        foreach (var (set, problem) in failed)
        {
            table.Add(set.Name, "—", "failed: " + problem, "—", "—", "—", "—", "—", "—");
        }

        var text = new StringBuilder();
        text.Append(table.Render()).Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"Medians of {iterations} rounds; each round compiles every set once with `dotnet {Path.GetRelativePath(CorpusCompilation.DotnetRoot, compiler.CscPath)} /shared`, ");
        text.Append(CultureInfo.InvariantCulture, $"{corpus.Lines:N0} lines to a DLL and its PDB. The compile is {Summary.Ms(compileMs)} ms: compile alone minus the round trip ");
        text.Append("(starting the client and handing the server a one-class compile), which every row pays. Analyzer ms = build minus compile alone; ");
        text.Append("over the empty analyzer = build minus the empty analyzer's build, what the rules add to the driver's fixed cost.\n\n");

        r.AppendTargets(text, "in a real build");

        // Round by round, as the in-process rounds: a noisy moment shows as one odd round (a round where a set took
        // no longer than the compile has no ratio).
        text.Append("Round by round, our analyzer ms over the compile: ")
            .Append(string.Join(", ", samples[ours].Zip(samples[compileSet], (o, c) => Summary.Ratio((o - c) / compileMs))))
            .Append('\n');
        if (fastestPeer is not null)
        {
            text.Append("Round by round, ours against ").Append(fastestPeer.Name).Append(": ")
                .Append(string.Join(", ", samples[ours].Zip(samples[fastestPeer], samples[compileSet]).Select(t => t.Second > t.Third ? Summary.Ratio((t.First - t.Third) / (t.Second - t.Third)) : "—")))
                .Append('\n');
        }

        text.Append('\n');
        return text.ToString();
    }

    /// <summary>
    /// The same rounds read by the processor time the compiler server spent on each build (all its threads), not by
    /// the wall clock: time a build spends waiting for a core while the machine runs something else is not counted,
    /// so a noisy machine moves it far less. It is the work each set costs, where the wall clock is how long a user
    /// waits; on two cores, work the analyzers do while the compile leaves a core idle costs processor time but no
    /// wall-clock time.
    /// </summary>
    private static string RenderProcessorTime(IReadOnlyList<BuildSet> sets, Dictionary<BuildSet, List<double>> cpu, int iterations)
    {
        var r = new Readings(sets, cpu);
        var (roundTrip, compileSet, empty, ours, fastestPeer, compileMs) = (r.RoundTrip, r.CompileSet, r.Empty, r.Ours, r.FastestPeer, r.CompileMs);
        double Median(BuildSet set) => r.Median(set);
        double Cost(BuildSet set) => r.Cost(set);
        double OverEmpty(BuildSet set) => r.OverEmpty(set);

        var table = new TextTable("Set", "Server CPU ms", "Analyzer CPU ms", "× compile", "Over the empty analyzer CPU ms", "× compile, over empty", "× fastest async peer")
            .AlignRight(1, 2, 3, 4, 5, 6);
        foreach (var set in sets)
        {
            var plain = set.Kind == SetKind.CompileOnly;
            var withAnalyzers = set.Kind is SetKind.OursAll or SetKind.Peer;
            table.Add(
                set.Name,
                Summary.Ms(Median(set)),
                plain ? "—" : Summary.Ms(Cost(set)),
                set.RoundTrip ? "—" : plain ? "1" : Summary.Ratio(Cost(set) / compileMs),
                withAnalyzers ? Summary.Ms(OverEmpty(set)) : "—",
                withAnalyzers ? Summary.Ratio(OverEmpty(set) / compileMs) : "—",
                withAnalyzers && fastestPeer is not null ? Summary.Ratio(Cost(set) / Math.Max(1e-9, Cost(fastestPeer))) : "—");
        }

        // Paired by round, against that round's compile: ours, the empty analyzer and the compile ran one after the
        // other, so a slow stretch of the machine (which stretches processor time too) touches all three.
        var paired = new List<double>();
        for (var i = 0; i < cpu[ours].Count; i++)
        {
            var roundCompile = cpu[compileSet][i] - cpu[roundTrip][i];
            if (roundCompile > 0)
            {
                paired.Add((cpu[ours][i] - cpu[empty][i]) / roundCompile);
            }
        }

        var text = new StringBuilder("### The same builds by processor time\n\n");
        text.Append(table.Render()).Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"Medians of {iterations} rounds of the compiler server's processor time per build, summed over its threads. ");
        text.Append(CultureInfo.InvariantCulture, $"The compile is {Summary.Ms(compileMs)} ms of processor time: compile alone minus the round trip.\n\n");
        r.AppendTargets(text, "in a real build by processor time");

        text.Append("Round by round, ours minus the empty analyzer over the same round's compile, by processor time: ")
            .Append(string.Join(", ", paired.Select(Summary.Ratio)))
            .Append(CultureInfo.InvariantCulture, $" (median {Summary.Ratio(QuickBenchmark.Median(paired))})\n\n");
        return text.ToString();
    }

    /// <summary>One reading of the rounds (wall clock or processor time): medians per set, and the costs the ratios use.</summary>
    private sealed class Readings
    {
        private readonly Dictionary<BuildSet, List<double>> _samples;

        public Readings(IReadOnlyList<BuildSet> sets, Dictionary<BuildSet, List<double>> samples)
        {
            _samples = samples;
            RoundTrip = sets.First(s => s.RoundTrip);
            CompileSet = sets.First(s => s.Kind == SetKind.CompileOnly && !s.RoundTrip);
            Empty = sets.First(s => s.Kind == SetKind.Empty);
            Ours = sets.First(s => s.Kind == SetKind.OursAll);
            CompileMs = Median(CompileSet) - Median(RoundTrip);
            FastestPeer = sets.Where(s => s.Kind == SetKind.Peer).OrderBy(Median).FirstOrDefault();
        }

        public BuildSet RoundTrip { get; }

        public BuildSet CompileSet { get; }

        public BuildSet Empty { get; }

        public BuildSet Ours { get; }

        public BuildSet? FastestPeer { get; }

        /// <summary>The compile alone minus the round trip: what every ratio divides by.</summary>
        public double CompileMs { get; }

        public double Median(BuildSet set) => QuickBenchmark.Median(_samples[set]);

        public double Cost(BuildSet set) => Math.Max(0, Median(set) - Median(CompileSet));

        public double OverEmpty(BuildSet set) => Math.Max(0, Median(set) - Median(Empty));

        /// <summary>The two targets, read <paramref name="how"/>.</summary>
        public void AppendTargets(StringBuilder text, string how)
        {
            var share = Cost(Ours) / CompileMs;
            var shareOverEmpty = OverEmpty(Ours) / CompileMs;
            text.Append(CultureInfo.InvariantCulture,
                $"Target: all our rules < 10% of compile time, {how}: {Summary.Percent(share)} over the compile alone — {(share < 0.10 ? "met" : "NOT met")}; ");
            text.Append(CultureInfo.InvariantCulture,
                $"{Summary.Percent(shareOverEmpty)} over the empty analyzer — {(shareOverEmpty < 0.10 ? "met" : "NOT met")}.\n");
            if (FastestPeer is not null)
            {
                text.Append(CultureInfo.InvariantCulture,
                    $"Target: less than the fastest async-family peer, {how} ({FastestPeer.Name}, {Summary.Ms(Cost(FastestPeer))} ms): {Summary.Ms(Cost(Ours))} ms — {(Cost(Ours) < Cost(FastestPeer) ? "met" : "NOT met")}.\n");
            }
        }
    }

    /// <summary>Why a run does not count, or null: the compiler failed, or our rules did not report exactly the planted hazards.</summary>
    private static string? Check(CompilerRun run, BuildSet set, GeneratedCorpus corpus)
    {
        if (run.ExitCode != 0)
        {
            var first = run.Output.FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? run.Output.FirstOrDefault() ?? "";
            return $"the compiler exited with {run.ExitCode}: {first}";
        }

        // CS8032, CS8033, CS8034: an analyzer that could not be created or loaded; the build goes on without it.
        if (run.Output.FirstOrDefault(l => l.Contains("warning CS8032", StringComparison.Ordinal)
                || l.Contains("warning CS8033", StringComparison.Ordinal)
                || l.Contains("warning CS8034", StringComparison.Ordinal)) is { } notLoaded)
        {
            return "the compiler did not load the analyzers: " + notLoaded.Trim();
        }

        var crashes = run.Output.Count(l => l.Contains("warning AD0001", StringComparison.Ordinal));
        if (crashes > 0 && set.Kind != SetKind.Peer)
        {
            return $"{crashes} analyzer exceptions (AD0001)";
        }

        if (set.Kind != SetKind.OursAll)
        {
            return null;
        }

        var reported = Warnings(run, set.Ids);
        var problems = new List<string>();
        foreach (var id in set.Ids)
        {
            var expected = corpus.Expected.GetValueOrDefault(id);
            var got = reported.GetValueOrDefault(id);
            if (expected != got)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{id} expected {expected}, reported {got}"));
            }
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    /// <summary>The set's own warnings in the compiler's output, by id.</summary>
    private static Dictionary<string, int> Warnings(CompilerRun run, ImmutableArray<string> ids)
    {
        var wanted = new HashSet<string>(ids, StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in run.Output)
        {
            var match = WarningPattern().Match(line);
            if (match.Success && wanted.Contains(match.Groups[1].Value))
            {
                counts[match.Groups[1].Value] = counts.GetValueOrDefault(match.Groups[1].Value) + 1;
            }
        }

        return counts;
    }

    [GeneratedRegex(@": (?:warning|error) ([A-Za-z]+[0-9]+)\b")]
    private static partial Regex WarningPattern();

    /// <summary>The options the SDK passes for a Release build of a net10.0 library, the references, and the sources.</summary>
    private static string WriteResponseFile(string directory, string name, IEnumerable<string> sources)
    {
        var lines = new List<string>
        {
            "/noconfig",
            "/nostdlib+",
            "/nologo",
            "/target:library",
            "/nullable:enable",
            "/optimize+",
            "/debug:portable",
            "/deterministic+",
            "/langversion:latest",
            $"/out:\"{Path.Combine(directory, "bin", name + ".dll")}\"",
        };
        lines.AddRange(CorpusCompilation.ReferencePaths.Select(r => $"/reference:\"{r}\""));
        lines.AddRange(sources.Select(s => $"\"{s}\""));
        Directory.CreateDirectory(Path.Combine(directory, "bin"));
        var path = Path.Combine(directory, name + ".rsp");
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>Every id of the set as a warning, as the in-process sets do with <c>specificDiagnosticOptions</c>.</summary>
    private static string WriteGlobalConfig(string directory, int index, ImmutableArray<string> ids)
    {
        var path = Path.Combine(directory, $"set{index}.globalconfig");
        File.WriteAllLines(path, new[] { "is_global = true" }.Concat(ids.Select(id => $"dotnet_diagnostic.{id}.severity = warning")));
        return path;
    }

    /// <summary>
    /// Our analyzers' DLL, copied into this run's folder: the compiler server keeps the analyzers it loaded, and one
    /// rebuilt since, at the same path, would not be the one measured.
    /// </summary>
    private static string CopyOurAnalyzers(string directory)
    {
        var source = typeof(Contention.Analyzers.Async.CTN1001BlockingTaskWaitAnalyzer).Assembly.Location;
        var path = Path.Combine(directory, "analyzers", "ours", Path.GetFileName(source));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(source, path, overwrite: true);
        return path;
    }

    /// <summary>The empty analyzer as a DLL of its own, compiled from its source against the compiler's Roslyn, for the compiler to load.</summary>
    private static string EmitEmptyAnalyzer(SdkCompiler compiler, string directory)
    {
        var folder = Path.GetDirectoryName(compiler.RoslynPath)!;
        var references = CorpusCompilation.ReferencePaths
            .Append(compiler.RoslynPath)
            .Append(Path.Combine(folder, "Microsoft.CodeAnalysis.CSharp.dll"))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(
            "Contention.Benchmarks.EmptyAnalyzer",
            new[] { CSharpSyntaxTree.ParseText(EmptyAnalyzerSource()) },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        var path = Path.Combine(directory, "analyzers", "Contention.Benchmarks.EmptyAnalyzer.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var result = compilation.Emit(path);
        if (!result.Success)
        {
            throw new InvalidOperationException("the empty analyzer did not compile: " + result.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error));
        }

        return path;
    }
}
