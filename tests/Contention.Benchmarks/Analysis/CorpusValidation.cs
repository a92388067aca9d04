using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace Contention.Benchmarks.Analysis;

/// <summary>
/// Keeps the corpus meaningful: it compiles without errors, and our analyzers report exactly the planted number of
/// hazards per rule (a rule that reports nothing would be fast for the wrong reason).
/// </summary>
public static class CorpusValidation
{
    /// <summary>Throws <see cref="CorpusMismatchException"/> unless <paramref name="result"/> of <paramref name="set"/> matches the plan.</summary>
    public static void Check(CorpusCompilation corpus, AnalyzerSet set, RunResult result)
    {
        var problems = Problems(corpus, set, result);
        if (problems.Count > 0)
        {
            throw new CorpusMismatchException($"{corpus.Corpus.Name}, {set.Name}: " + string.Join("; ", problems));
        }
    }

    public static List<string> Problems(CorpusCompilation corpus, AnalyzerSet set, RunResult result)
    {
        var problems = new List<string>();
        if (result.Errors > 0)
        {
            var first = result.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("AD", StringComparison.Ordinal));
            problems.Add($"{result.Errors} compiler errors, first: {first}");
        }

        if (result.AnalyzerExceptions > 0)
        {
            problems.Add($"{result.AnalyzerExceptions} analyzer exceptions, first: {result.FirstException}");
        }

        if (set.Kind is SetKind.OurRule or SetKind.OursAll)
        {
            var actual = result.CountsById(set.DiagnosticIds);
            foreach (var id in set.DiagnosticIds)
            {
                var expected = corpus.Corpus.Expected.TryGetValue(id, out var e) ? e : 0;
                var got = actual.TryGetValue(id, out var a) ? a : 0;
                if (expected != got)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"{id} expected {expected}, reported {got}"));
                }
            }
        }

        return problems;
    }

    /// <summary>Expected and reported per rule, and with <paramref name="verbose"/> every reported location.</summary>
    public static string Report(CorpusCompilation corpus, AnalyzerSet set, RunResult result, bool verbose)
    {
        var text = new StringBuilder();
        var actual = result.CountsById(set.DiagnosticIds);
        var table = new TextTable("Rule", "Planted", "Reported", "");
        foreach (var id in set.DiagnosticIds)
        {
            var expected = corpus.Corpus.Expected.TryGetValue(id, out var e) ? e : 0;
            var got = actual.TryGetValue(id, out var a) ? a : 0;
            table.Add(id, expected.ToString(CultureInfo.InvariantCulture), got.ToString(CultureInfo.InvariantCulture), expected == got ? "ok" : "MISMATCH");
        }

        text.Append(table.Render());
        if (verbose)
        {
            foreach (var diagnostic in result.Diagnostics
                         .Where(d => d.Severity != DiagnosticSeverity.Hidden && (set.DiagnosticIds.Contains(d.Id) || d.Severity == DiagnosticSeverity.Error || d.Id.StartsWith("AD", StringComparison.Ordinal)))
                         .OrderBy(d => d.Id, StringComparer.Ordinal)
                         .ThenBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
                         .ThenBy(d => d.Location.SourceSpan.Start))
            {
                var line = diagnostic.Location.GetLineSpan();
                text.Append(CultureInfo.InvariantCulture, $"{diagnostic.Id} {line.Path}:{line.StartLinePosition.Line + 1}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}\n");
            }
        }

        return text.ToString();
    }
}

/// <summary>The corpus and the analyzers disagree: the benchmark numbers would not mean what they claim.</summary>
public sealed class CorpusMismatchException : Exception
{
    public CorpusMismatchException(string message)
        : base(message)
    {
    }
}
