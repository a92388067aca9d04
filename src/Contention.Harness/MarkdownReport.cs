using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;

namespace Contention.Harness;

/// <summary>
/// The <c>--markdown</c> output: a report to paste into a GitHub issue. The layout is documented in docs/harness.md:
/// change both together.
/// </summary>
internal static class MarkdownReport
{
    /// <summary>Backslash-escaped in table cells and list items, so evidence never turns into markup or breaks a row.</summary>
    private const string Special = "\\`*_[]<>|~&$";

    public static void Write(Stream stream, IReadOnlyList<VariantResult> results, IReadOnlyList<string> args, int seed)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true) { NewLine = "\n" };
        WriteMachine(writer);
        WriteOptions(writer, results, args, seed);
        WriteResults(writer, results);
    }

    /// <summary>Escapes what Markdown would read as markup in <paramref name="text"/>, and keeps it on one line.</summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text.ReplaceLineEndings(" "))
        {
            if (Special.Contains(c))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    /// <summary>A code span holding <paramref name="text"/> verbatim: its fence is longer than any run of backticks inside.</summary>
    public static string CodeSpan(string text)
    {
        var longestRun = 0;
        var run = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longestRun = Math.Max(longestRun, run);
        }

        var fence = new string('`', longestRun + 1);
        var padding = text.StartsWith('`') || text.EndsWith('`') ? " " : string.Empty;
        return fence + padding + text + padding + fence;
    }

    private static void WriteMachine(TextWriter writer)
    {
        var architecture = RuntimeInformation.OSArchitecture == RuntimeInformation.ProcessArchitecture
            ? RuntimeInformation.OSArchitecture.ToString()
            : $"{RuntimeInformation.OSArchitecture} (process {RuntimeInformation.ProcessArchitecture})";
        writer.WriteLine("## Contention harness results");
        writer.WriteLine();
        writer.WriteLine("### Machine");
        writer.WriteLine();
        writer.WriteLine($"- OS: {Escape(RuntimeInformation.OSDescription)}");
        writer.WriteLine($"- Architecture: {Escape(architecture)}");
        writer.WriteLine($"- Processors: {Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)}");
        writer.WriteLine($"- .NET runtime: {Escape(RuntimeInformation.FrameworkDescription)}");
        writer.WriteLine();
    }

    private static void WriteOptions(TextWriter writer, IReadOnlyList<VariantResult> results, IReadOnlyList<string> args, int seed)
    {
        writer.WriteLine("### Options");
        writer.WriteLine();
        writer.WriteLine($"- Command line: {CodeSpan(string.Join(' ', args.Prepend("Contention.Harness").Select(QuoteIfNeeded)))}");
        writer.WriteLine($"- Seed: {seed.ToString(CultureInfo.InvariantCulture)}");
        writer.WriteLine();
        writer.WriteLine("Settings used, each scenario's defaults overridden by the options given:");
        writer.WriteLine();
        writer.WriteLine("| Rule | Threads | Iterations | Timeout (ms) | Repeat |");
        writer.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var result in results.DistinctBy(r => r.Scenario.RuleId))
        {
            var settings = result.Settings;
            WriteRow(
                writer,
                result.Scenario.RuleId,
                Invariant(settings.Threads),
                Invariant(settings.Iterations),
                Invariant((int)settings.Timeout.TotalMilliseconds),
                Invariant(settings.Repeat));
        }

        writer.WriteLine();
    }

    private static void WriteResults(TextWriter writer, IReadOnlyList<VariantResult> results)
    {
        writer.WriteLine("### Results");
        writer.WriteLine();
        writer.WriteLine("Evidence and figure come from the first run that showed the hazard, otherwise from the last run.");
        writer.WriteLine();
        writer.WriteLine("| Rule | Hazard | Variant | Evidence | Verdict | Figure | Unit |");
        writer.WriteLine("| --- | --- | --- | --- | --- | ---: | --- |");
        foreach (var result in results)
        {
            var run = result.Representative;
            WriteRow(
                writer,
                result.Scenario.RuleId,
                result.Scenario.Title,
                result.Variant.ToString(),
                run.Evidence,
                result.Verdict,
                Measurement.FormatFigure(run.Figure),
                run.Unit);
        }
    }

    private static void WriteRow(TextWriter writer, params string[] cells) =>
        writer.WriteLine("| " + string.Join(" | ", cells.Select(Escape)) + " |");

    /// <summary>Shows an argument as a shell would need it: quoted when empty or holding blanks or quotes.</summary>
    private static string QuoteIfNeeded(string arg) =>
        arg.Length > 0 && !arg.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'')
            ? arg
            : "\"" + arg.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
