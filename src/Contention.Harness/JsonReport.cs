using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Contention.Harness;

/// <summary>The <c>--json</c> output. The shape is documented in docs/harness.md: change both together.</summary>
internal static class JsonReport
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void Write(Stream stream, IEnumerable<VariantResult> results, int seed)
    {
        var report = new Report(seed, results.Select(r => new Result(
            r.Scenario.RuleId,
            r.Scenario.Title,
            r.Variant.ToString().ToLowerInvariant(),
            new Settings(r.Settings.Threads, r.Settings.Iterations, (int)r.Settings.Timeout.TotalMilliseconds, r.Settings.Repeat),
            r.HazardRuns,
            r.Runs.Count,
            r.Verdict,
            r.Runs)).ToArray());
        JsonSerializer.Serialize(stream, report, Options);
        stream.WriteByte((byte)'\n');
    }

    private sealed record Report(int Seed, IReadOnlyList<Result> Results);

    private sealed record Result(
        string RuleId,
        string Title,
        string Variant,
        Settings Settings,
        int HazardRuns,
        int TotalRuns,
        string Verdict,
        IReadOnlyList<Measurement> Runs);

    private sealed record Settings(int Threads, int Iterations, int TimeoutMs, int Repeat);
}
