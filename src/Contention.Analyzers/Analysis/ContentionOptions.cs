using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Contention.Analyzers.Analysis;

/// <summary>
/// The <c>contention.*</c> keys of <c>.editorconfig</c> that apply to one syntax tree, parsed once per tree.
/// Symbol lists are comma-separated names matched against <c>Method</c>, <c>Type.Method</c> or
/// <c>Namespace.Type.Method</c> (types likewise); a trailing <c>*</c> matches any suffix.
/// </summary>
public sealed class ContentionOptions
{
    public const string ExcludedTypesKey = "contention.excluded_types";
    public const string BlockingMethodsKey = "contention.blocking_methods";
    public const string MaxDepthKey = "contention.CTN1005.max_depth";
    public const int DefaultMaxDepth = 3;
    public const string MinLockedPercentKey = "contention.CTN2004.min_locked_percent";
    public const int DefaultMinLockedPercent = 50;

    private static readonly ContentionOptions Empty = new(null);
    private static readonly ConditionalWeakTable<Compilation, TreeCache> SharedCaches = new();

    private readonly AnalyzerConfigOptions? _options;
    private readonly ConcurrentDictionary<string, SymbolNameList> _lists = new(StringComparer.Ordinal);

    private ContentionOptions(AnalyzerConfigOptions? options)
    {
        _options = options;
        ExcludedTypes = List(ExcludedTypesKey);
        BlockingMethods = List(BlockingMethodsKey);
        MaxDepth = Read(MaxDepthKey) is { } depth && int.TryParse(depth, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? Math.Min(value, 16)
            : DefaultMaxDepth;
        MinLockedPercent = Read(MinLockedPercentKey) is { } percent && int.TryParse(percent, NumberStyles.Integer, CultureInfo.InvariantCulture, out var minimum)
            && minimum is >= 1 and <= 100
            ? minimum
            : DefaultMinLockedPercent;
    }

    /// <summary><c>contention.excluded_types</c>: no rule reports inside these types.</summary>
    public SymbolNameList ExcludedTypes { get; }

    /// <summary><c>contention.blocking_methods</c>: methods that count as blocking (CTN1005).</summary>
    public SymbolNameList BlockingMethods { get; }

    /// <summary><c>contention.CTN1005.max_depth</c>, 1 to 16, default 3.</summary>
    public int MaxDepth { get; }

    /// <summary><c>contention.CTN2004.min_locked_percent</c>, 1 to 100, default 50: the weighted share of locked accesses from which CTN2004 reports.</summary>
    public int MinLockedPercent { get; }

    /// <summary>
    /// A per-tree cache, for a compilation-start action. Every rule that starts on the same compilation with the same
    /// <c>.editorconfig</c> provider shares it, so a tree's keys are read and parsed once, not once per rule.
    /// </summary>
    public static Func<SyntaxTree, ContentionOptions> CreateCache(Compilation compilation, AnalyzerOptions options)
    {
        var provider = options.AnalyzerConfigOptionsProvider;
        var shared = SharedCaches.GetValue(compilation, _ => new TreeCache(provider));
        var trees = ReferenceEquals(shared.Provider, provider) ? shared.Trees : new ConcurrentDictionary<SyntaxTree, ContentionOptions>();
        return tree => trees.TryGetValue(tree, out var treeOptions)
            ? treeOptions
            : trees.GetOrAdd(tree, t => new ContentionOptions(provider.GetOptions(t)));
    }

    /// <summary>For code that has no tree to ask about.</summary>
    public static ContentionOptions Default => Empty;

    /// <summary><c>contention.&lt;ruleId&gt;.excluded_methods</c>.</summary>
    public SymbolNameList ExcludedMethods(string ruleId) => List($"contention.{ruleId}.excluded_methods");

    /// <summary>
    /// True when rule <paramref name="ruleId"/> stays quiet in <paramref name="symbol"/>: it sits in an excluded type,
    /// or is one of the rule's excluded methods.
    /// </summary>
    public bool Excludes(string ruleId, ISymbol symbol) => IsInExcludedType(symbol) || ExcludedMethods(ruleId).Matches(symbol);

    /// <summary>True when <paramref name="symbol"/> sits in an excluded type (or is one).</summary>
    public bool IsInExcludedType(ISymbol? symbol)
    {
        for (var type = symbol as INamedTypeSymbol ?? symbol?.ContainingType; type is not null; type = type.ContainingType)
        {
            if (ExcludedTypes.Matches(type))
            {
                return true;
            }
        }

        return false;
    }

    private SymbolNameList List(string key) => _lists.GetOrAdd(key, k => SymbolNameList.Parse(Read(k)));

    private string? Read(string key) => _options is not null && _options.TryGetValue(key, out var value) ? value : null;

    /// <summary>The options of a compilation's trees, for the provider they were read from.</summary>
    private sealed class TreeCache
    {
        public TreeCache(AnalyzerConfigOptionsProvider provider) => Provider = provider;

        public AnalyzerConfigOptionsProvider Provider { get; }

        public ConcurrentDictionary<SyntaxTree, ContentionOptions> Trees { get; } = new();
    }
}

/// <summary>A parsed list of symbol names with optional trailing <c>*</c> wildcards.</summary>
public sealed class SymbolNameList
{
    /// <summary><c>System.String.Join</c>: namespaces and containing types, no keyword aliases, no parameters.</summary>
    private static readonly SymbolDisplayFormat QualifiedName = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        memberOptions: SymbolDisplayMemberOptions.IncludeContainingType);

    private readonly ImmutableArray<string> _patterns;

    private SymbolNameList(ImmutableArray<string> patterns) => _patterns = patterns;

    public bool IsEmpty => _patterns.IsEmpty;

    public static SymbolNameList Parse(string? text)
    {
        var patterns = ImmutableArray.CreateBuilder<string>();
        foreach (var part in (text ?? string.Empty).Split(','))
        {
            var pattern = part.Trim();
            if (pattern.StartsWith("global::", StringComparison.Ordinal))
            {
                pattern = pattern.Substring("global::".Length);
            }

            if (pattern.Length > 0)
            {
                patterns.Add(pattern);
            }
        }

        return new SymbolNameList(patterns.ToImmutable());
    }

    /// <summary>Matches <c>Name</c>, <c>Type.Name</c> and the fully qualified <c>Namespace.Type.Name</c>.</summary>
    public bool Matches(ISymbol symbol)
    {
        if (_patterns.IsEmpty)
        {
            return false;
        }

        if (symbol is IMethodSymbol { AssociatedSymbol: { } associated } && Matches(associated))
        {
            return true;
        }

        var name = symbol.Name;
        var qualified = symbol.ToDisplayString(QualifiedName);
        var withType = symbol.ContainingType is { } type ? type.Name + "." + name : name;
        foreach (var pattern in _patterns)
        {
            if (Match(pattern, name) || Match(pattern, withType) || Match(pattern, qualified))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Match(string pattern, string candidate) =>
        pattern.EndsWith("*", StringComparison.Ordinal)
            ? candidate.StartsWith(pattern.Substring(0, pattern.Length - 1), StringComparison.Ordinal)
            : string.Equals(pattern, candidate, StringComparison.Ordinal);
}
