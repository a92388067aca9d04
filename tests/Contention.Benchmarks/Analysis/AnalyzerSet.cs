using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Contention.Benchmarks.Analysis;

/// <summary>What a measured set is: the compiler alone, the empty baseline, our rules, or a peer package.</summary>
public enum SetKind
{
    CompileOnly,
    Empty,
    OurRule,
    OursAll,
    Peer,
}

/// <summary>
/// A named group of analyzers measured together, with every diagnostic id they support turned on as a warning
/// (many peer rules are off by default; an analyzer whose every rule is off would not run at all).
/// </summary>
public sealed class AnalyzerSet
{
    private AnalyzerSet(string name, SetKind kind, ImmutableArray<DiagnosticAnalyzer> analyzers, string? loadError, bool coversAsync, string? version)
    {
        Name = name;
        Kind = kind;
        Analyzers = analyzers;
        LoadError = loadError;
        CoversAsyncFamily = coversAsync;
        Version = version;
        DiagnosticIds = analyzers
            .SelectMany(a => a.SupportedDiagnostics)
            .Select(d => d.Id)
            .Distinct()
            .OrderBy(id => id, System.StringComparer.Ordinal)
            .ToImmutableArray();
        SpecificOptions = DiagnosticIds.ToImmutableDictionary(id => id, _ => ReportDiagnostic.Warn);
    }

    public string Name { get; }

    public SetKind Kind { get; }

    public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

    /// <summary>Every id the set's analyzers support.</summary>
    public ImmutableArray<string> DiagnosticIds { get; }

    /// <summary>Each of <see cref="DiagnosticIds"/> as a warning, for <c>specificDiagnosticOptions</c>.</summary>
    public ImmutableDictionary<string, ReportDiagnostic> SpecificOptions { get; }

    /// <summary>Why the set could not be loaded (a peer package only), or null.</summary>
    public string? LoadError { get; }

    /// <summary>A peer package with rules for blocking in async code (the family we are compared with).</summary>
    public bool CoversAsyncFamily { get; }

    /// <summary>The package version, for peers.</summary>
    public string? Version { get; }

    public bool IsLoaded => LoadError is null;

    public bool RunsAnalyzers => Kind != SetKind.CompileOnly;

    public static AnalyzerSet CompileOnly { get; } = new("compile alone", SetKind.CompileOnly, ImmutableArray<DiagnosticAnalyzer>.Empty, null, false, null);

    public static AnalyzerSet Empty { get; } = new("empty analyzer", SetKind.Empty, ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyAnalyzer()), null, false, null);

    public static AnalyzerSet Floor(string name, IEnumerable<DiagnosticAnalyzer> analyzers) =>
        new(name, SetKind.Empty, analyzers.ToImmutableArray(), null, false, null);

    public static AnalyzerSet Ours(string name, SetKind kind, IEnumerable<DiagnosticAnalyzer> analyzers) =>
        new(name, kind, analyzers.ToImmutableArray(), null, false, null);

    public static AnalyzerSet Peer(string name, string? version, ImmutableArray<DiagnosticAnalyzer> analyzers, string? loadError, bool coversAsync) =>
        new(name, SetKind.Peer, loadError is null ? analyzers : ImmutableArray<DiagnosticAnalyzer>.Empty, loadError, coversAsync, version);

    public override string ToString() => Name;
}
