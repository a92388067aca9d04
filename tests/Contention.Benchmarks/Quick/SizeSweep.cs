using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Contention.Benchmarks.Analysis;
using Contention.Benchmarks.Corpus;

namespace Contention.Benchmarks.Quick;

/// <summary>
/// The size sweep: one method, then one type, of growing size (1k to 16k lines by default). For each size, the compile
/// alone and all our rules (with per-rule execution times) on fresh compilations; then, per rule, the exponent of a
/// power-law fit <c>time ∝ lines^k</c>. Linear is k ≈ 1; a rule above <see cref="SuperlinearExponent"/> is flagged.
/// </summary>
public static class SizeSweep
{
    /// <summary>Above this exponent a rule is flagged as growing faster than linearly.</summary>
    public const double SuperlinearExponent = 1.3;

    /// <summary>A rule whose time at the largest size stays under this is below the noise of this measurement.</summary>
    public const double NoiseFloorMs = 25;

    /// <summary>A size whose run with our rules takes longer than this ends the sweep of its shape: the next would take hours.</summary>
    public const double BudgetSeconds = 20;

    public static string Run(QuickOptions options, TextWriter output)
    {
        var text = new StringBuilder();
        text.Append("## Size sweep\n\n");
        text.Append(string.Create(CultureInfo.InvariantCulture,
            $"One generated file whose single method (or single type) grows; {options.SweepIterations} measured runs per size after one warm-up, medians. "));
        text.Append(string.Create(CultureInfo.InvariantCulture,
            $"Exponent k of time ∝ lines^k, fitted over the sizes where it takes {FitFloorMs} ms or more (over those above 1 ms when fewer than 3 sizes do): linear is about 1; above {SuperlinearExponent} is flagged; a rule under {NoiseFloorMs} ms at the largest size is below the noise.\n\n"));
        foreach (var shape in new[] { SweepShape.Method, SweepShape.Type })
        {
            text.Append(Shape(shape, options, output));
        }

        return text.ToString();
    }

    private static string Shape(SweepShape shape, QuickOptions options, TextWriter output)
    {
        var ours = OurAnalyzers.AllRules();
        var split = OurAnalyzers.AllRulesAfterSharedWork();
        var floor = FloorAnalyzers.BindingFloor;
        var compileMs = new List<double>();
        var floorMs = new List<double>();
        var oursMs = new List<double>();
        var actualLines = new List<int>();
        var ruleMs = OurAnalyzers.ByRule.ToDictionary(r => r.RuleId, _ => new List<double>());
        var bindingMs = new List<double>();
        var graphMs = new List<double>();
        var lockFlowMs = new List<double>();
        string? stopped = null;
        foreach (var size in options.SweepSizes)
        {
            if (stopped is not null)
            {
                break;
            }

            var corpus = new CorpusCompilation(SweepGenerator.Generate(shape, size, options.Seed));
            output.Write($"sweep {shape.ToString().ToLowerInvariant()} {corpus.Lines:N0} lines:");
            var compiles = new List<double>();
            var floors = new List<double>();
            var runs = new List<RunResult>();
            var splits = new List<RunResult>();
            var parts = new List<SharedWorkTimes>();
            for (var i = 0; i <= options.SweepIterations; i++)
            {
                AnalysisRun.Settle();
                var compile = AnalysisRun.Run(corpus, AnalyzerSet.CompileOnly);
                CorpusValidation.Check(corpus, AnalyzerSet.CompileOnly, compile);
                AnalysisRun.Settle();
                var bound = AnalysisRun.Run(corpus, floor);
                AnalysisRun.Settle();
                var run = AnalysisRun.Run(corpus, ours);
                CorpusValidation.Check(corpus, ours, run);
                AnalysisRun.Settle();
                var splitRun = AnalysisRun.Run(corpus, split, logExecutionTime: true);
                CorpusValidation.Check(corpus, split, splitRun);
                output.Write($" {Summary.Ms(compile.Elapsed.TotalMilliseconds)}/{Summary.Ms(run.Elapsed.TotalMilliseconds)}");
                output.Flush();
                if (i > 0)
                {
                    compiles.Add(compile.Elapsed.TotalMilliseconds);
                    floors.Add(bound.Elapsed.TotalMilliseconds);
                    runs.Add(run);
                    splits.Add(splitRun);
                    parts.Add(SharedWorkAnalyzer.Last);
                }

                if (run.Elapsed.TotalSeconds > BudgetSeconds)
                {
                    stopped = string.Create(CultureInfo.InvariantCulture,
                        $"Stopped after {corpus.Lines:N0} lines: one run with our rules took {run.Elapsed.TotalSeconds:0.0} s (budget {BudgetSeconds} s); larger sizes skipped.");
                    if (runs.Count > 0)
                    {
                        break;
                    }
                }
            }

            output.WriteLine();
            if (runs.Count == 0)
            {
                break;
            }

            actualLines.Add(corpus.Lines);
            compileMs.Add(QuickBenchmark.Median(compiles));
            floorMs.Add(QuickBenchmark.Median(floors));
            oursMs.Add(QuickBenchmark.Median(runs.Select(r => r.Elapsed.TotalMilliseconds)));
            foreach (var (rule, analyzer) in OurAnalyzers.ByRule)
            {
                ruleMs[rule].Add(QuickBenchmark.Median(splits.Select(r => r.ExecutionTimes![analyzer].TotalMilliseconds)));
            }

            bindingMs.Add(QuickBenchmark.Median(parts.Select(p => p.BindingMs)));
            graphMs.Add(QuickBenchmark.Median(parts.Select(p => p.GraphsMs)));
            lockFlowMs.Add(QuickBenchmark.Median(parts.Select(p => p.LockFlowMs)));
        }

        var sizes = actualLines.Count;
        var title = shape == SweepShape.Method ? "One method of growing size" : "One type of growing size";
        var text = new StringBuilder();
        text.Append("### ").Append(title).Append("\n\n");
        if (sizes == 0)
        {
            return text.Append(stopped ?? "No size was measured.").Append("\n\n").ToString();
        }

        var totals = new TextTable("Lines", "Compile ms", "With our rules ms", "Our cost ms", "Our cost / 1k lines", "Binding floor ms").AlignRight(0, 1, 2, 3, 4, 5);
        var costs = new double[sizes];
        var floorCosts = new double[sizes];
        for (var s = 0; s < sizes; s++)
        {
            costs[s] = Math.Max(0, oursMs[s] - compileMs[s]);
            floorCosts[s] = Math.Max(0, floorMs[s] - compileMs[s]);
            totals.Add(actualLines[s].ToString("N0", CultureInfo.InvariantCulture), Summary.Ms(compileMs[s]), Summary.Ms(oursMs[s]), Summary.Ms(costs[s]),
                Summary.Ms(costs[s] * 1000 / actualLines[s]), Summary.Ms(floorCosts[s]));
        }

        text.Append(totals.Render()).Append('\n');
        if (stopped is not null)
        {
            text.Append(stopped).Append("\n\n");
        }

        text.Append(string.Create(CultureInfo.InvariantCulture,
            $"Exponent of the compile: {Exponent(actualLines, compileMs):0.00}; of our cost (wall clock): {Exponent(actualLines, costs):0.00}; of the binding floor: {Exponent(actualLines, floorCosts):0.00}.\n\n"));
        text.Append("The binding floor is an empty IOperation analyzer: the driver binding the member again and building its operations, which any rule that ")
            .Append("looks at the member needs.\n\n");
        text.Append("Per rule: execution times (`logAnalyzerExecutionTime`) from one more run per size, in which an analyzer first does the work the rules share, ")
            .Append("so that each rule's row is its own work, not whatever shared work it happened to ask for first. The shared work is the first three rows: ")
            .Append("binding every block (with its operation list, its text facts and the declarations index) and Roslyn's control-flow graphs are the compiler's work, ")
            .Append(string.Create(CultureInfo.InvariantCulture, $"judged with the compile (exponent {Exponent(actualLines, compileMs):0.00}); our lock dataflow over those graphs is ours and is judged like a rule.\n\n"));

        var headers = new List<string> { "Rule" };
        headers.AddRange(actualLines.Select(l => (l / 1000.0).ToString("0.#", CultureInfo.InvariantCulture) + "k lines ms"));
        headers.Add("Exponent");
        headers.Add("Against the compile");
        headers.Add("Verdict");
        var perRule = new TextTable(headers.ToArray()).AlignRight(Enumerable.Range(1, sizes + 2).ToArray());
        var flagged = new List<string>();
        var rows = new List<(string Name, List<double> Times)>
        {
            ("shared: binding (compiler)", bindingMs),
            ("shared: control-flow graphs (Roslyn)", graphMs),
            ("shared: lock dataflow (ours)", lockFlowMs),
        };
        rows.AddRange(ruleMs.OrderByDescending(r => r.Value[sizes - 1]).Select(r => (r.Key, r.Value)));
        foreach (var (rule, times) in rows)
        {
            var cells = new List<string> { rule };
            cells.AddRange(times.Select(Summary.Ms));
            var exponent = Exponent(actualLines, times);
            cells.Add(double.IsNaN(exponent) ? "—" : exponent.ToString("0.00", CultureInfo.InvariantCulture));
            var relative = Slope(compileMs, times);
            cells.Add(double.IsNaN(relative) ? "—" : relative.ToString("0.00", CultureInfo.InvariantCulture));
            string verdict;
            if (times[sizes - 1] < NoiseFloorMs)
            {
                verdict = "below noise";
            }
            else if (exponent > SuperlinearExponent)
            {
                verdict = "SUPERLINEAR";
                if (!ReferenceEquals(times, bindingMs) && !ReferenceEquals(times, graphMs))
                {
                    flagged.Add(rule);
                }
            }
            else
            {
                verdict = "linear";
            }

            cells.Add(verdict);
            perRule.Add(cells.ToArray());
        }

        text.Append(perRule.Render()).Append('\n');
        text.Append("\"Against the compile\" is the exponent of the row's time against the compile's time over the same sizes: 1 grows as the compile does on this machine, ")
            .Append("which at these sizes is itself above 1 (memory and cache effects of one very large member weigh on every pass over it).\n\n");
        text.Append(flagged.Count == 0
            ? "Target: no rule grows faster than linearly — met.\n\n"
            : $"Target: no rule grows faster than linearly — NOT met: {string.Join(", ", flagged)}.\n\n");
        return text.ToString();
    }

    /// <summary>Least-squares slope of ln(time) over ln(compile time), over the sizes <see cref="Fit"/> keeps.</summary>
    internal static double Slope(IReadOnlyList<double> compile, IReadOnlyList<double> times) =>
        Fit(compile.Select(c => Math.Log(c)).ToList(), times);

    /// <summary>Least-squares slope of ln(time) over ln(lines), over the sizes <see cref="Fit"/> keeps (below its floor, it is noise).</summary>
    internal static double Exponent(IReadOnlyList<int> lines, IReadOnlyList<double> times)
    {
        return Fit(lines.Select(l => Math.Log(l)).ToList(), times);
    }

    /// <summary>
    /// Times below this are left out of a fit when at least 3 sizes are above it: on a shared two-core machine a run of
    /// a few milliseconds moves by about a millisecond, which at 2 ms is half the value and tilts a fit over five sizes
    /// more than any rule's growth does. With fewer such sizes the fit takes every size above 1 ms.
    /// </summary>
    public const double FitFloorMs = 5;

    private static double Fit(IReadOnlyList<double> logX, IReadOnlyList<double> times)
    {
        var all = logX.Zip(times, (x, t) => (X: x, Y: Math.Log(Math.Max(t, 1e-9)), T: t)).ToList();
        var points = all.Where(p => p.T >= FitFloorMs).ToList();
        if (points.Count < 3)
        {
            points = all.Where(p => p.T > 1).ToList();
        }

        if (points.Count < 2)
        {
            return double.NaN;
        }

        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        var sxx = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        var sxy = points.Sum(p => (p.X - meanX) * (p.Y - meanY));
        return sxx == 0 ? double.NaN : sxy / sxx;
    }
}
