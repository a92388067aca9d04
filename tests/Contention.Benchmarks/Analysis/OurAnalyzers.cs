using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Contention.Analyzers.Async;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Contention.Benchmarks.Analysis;

/// <summary>Our analyzers, instantiated from the referenced Contention.Analyzers assembly: one per rule.</summary>
public static class OurAnalyzers
{
    private static readonly Lazy<IReadOnlyList<(string RuleId, DiagnosticAnalyzer Analyzer)>> All = new(Load);

    /// <summary>Rule id and analyzer, in rule order.</summary>
    public static IReadOnlyList<(string RuleId, DiagnosticAnalyzer Analyzer)> ByRule => All.Value;

    public static AnalyzerSet AllRules() => AnalyzerSet.Ours("Contention (all 29 rules)", SetKind.OursAll, ByRule.Select(r => r.Analyzer));

    /// <summary>The analyzer that does our rules' shared work first (<see cref="SharedWorkAnalyzer"/>).</summary>
    public static DiagnosticAnalyzer SharedWork { get; } = new SharedWorkAnalyzer();

    /// <summary>All our rules after <see cref="SharedWork"/>: for per-rule times that leave the shared work out.</summary>
    public static AnalyzerSet AllRulesAfterSharedWork() =>
        AnalyzerSet.Ours("Contention (all 29 rules) after the shared work", SetKind.OursAll, new[] { SharedWork }.Concat(ByRule.Select(r => r.Analyzer)));

    public static AnalyzerSet Rule(string ruleId)
    {
        var match = ByRule.FirstOrDefault(r => string.Equals(r.RuleId, ruleId, StringComparison.OrdinalIgnoreCase));
        if (match.Analyzer is null)
        {
            throw new UsageException($"no analyzer for rule '{ruleId}'");
        }

        return AnalyzerSet.Ours(match.RuleId, SetKind.OurRule, new[] { match.Analyzer });
    }

    public static IEnumerable<AnalyzerSet> EachRule() => ByRule.Select(r => AnalyzerSet.Ours(r.RuleId, SetKind.OurRule, new[] { r.Analyzer }));

    private static IReadOnlyList<(string RuleId, DiagnosticAnalyzer Analyzer)> Load()
    {
        var assembly = typeof(CTN1001BlockingTaskWaitAnalyzer).Assembly;
        var analyzers = new List<(string, DiagnosticAnalyzer)>();
        foreach (var type in assembly.GetTypes())
        {
            if (!type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type) && type.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            {
                var analyzer = (DiagnosticAnalyzer)Activator.CreateInstance(type)!;
                analyzers.Add((analyzer.SupportedDiagnostics[0].Id, analyzer));
            }
        }

        return analyzers.OrderBy(a => a.Item1, StringComparer.Ordinal).ToList();
    }
}
