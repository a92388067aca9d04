using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Analysis;

/// <summary>Where a synchronous method blocks: the path of calls and the blocking call at its end.</summary>
public sealed class BlockingPath
{
    public BlockingPath(ImmutableArray<string> steps, Location site)
    {
        Steps = steps;
        Site = site;
    }

    /// <summary>Method names from the first callee to the blocking call: <c>ReadConfig</c>, <c>Thread.Sleep</c>.</summary>
    public ImmutableArray<string> Steps { get; }

    /// <summary>The blocking call itself.</summary>
    public Location Site { get; }

    public string Display => "'" + string.Join("' → '", Steps) + "'";
}

/// <summary>
/// Interprocedural facts about the methods of one compilation: which synchronous methods block, directly or
/// through calls to other methods of the same compilation. Facts are recorded per method as its body is
/// analyzed (thread-safe); summaries are computed on demand, bounded by depth and memoized, so recursion and
/// dense call graphs stay linear. Nothing is guessed about other assemblies: a callee there blocks only when it
/// is marked with an attribute named <c>BlockingAttribute</c> or listed in <c>contention.blocking_methods</c>.
/// </summary>
public sealed class MethodSummaries
{
    private static readonly MethodFacts NoFacts = new(null, null, ImmutableArray<IMethodSymbol>.Empty);

    private readonly ConcurrentDictionary<IMethodSymbol, MethodFacts> _facts = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<(IMethodSymbol Method, int Depth), BlockingPath?> _summaries = new();
    private readonly MethodBodies? _bodies;
    private readonly KnownSymbols? _symbols;
    private readonly AsyncTwin? _twins;
    private readonly Func<SyntaxTree, ContentionOptions>? _options;

    /// <summary>Summaries of the facts recorded with <see cref="RecordBlock"/> only.</summary>
    public MethodSummaries()
    {
    }

    /// <summary>
    /// Summaries that bind a method's body the first time it is asked about, so only the methods async code
    /// reaches (within the depth asked for) are ever bound. Generated code is not looked into.
    /// </summary>
    public MethodSummaries(Compilation compilation, KnownSymbols symbols, AsyncTwin twins, Func<SyntaxTree, ContentionOptions> options, AnalyzerOptions analyzerOptions)
    {
        _bodies = new MethodBodies(compilation, analyzerOptions);
        _symbols = symbols;
        _twins = twins;
        _options = options;
    }

    /// <summary>What one synchronous method does that matters here.</summary>
    public sealed class MethodFacts
    {
        public MethodFacts(string? blockingCall, Location? blockingSite, ImmutableArray<IMethodSymbol> callees)
        {
            BlockingCall = blockingCall;
            BlockingSite = blockingSite;
            Callees = callees;
        }

        /// <summary>The first blocking call in the body itself (<c>Thread.Sleep</c>), or null.</summary>
        public string? BlockingCall { get; }

        public Location? BlockingSite { get; }

        /// <summary>Synchronous methods of this compilation the body calls.</summary>
        public ImmutableArray<IMethodSymbol> Callees { get; }
    }

    public void Record(IMethodSymbol method, MethodFacts facts) => _facts[method.OriginalDefinition] = facts;

    /// <summary>True when <paramref name="method"/> is a synchronous method with a body in this compilation.</summary>
    public static bool IsSummarized(IMethodSymbol method) =>
        !method.IsAsync && !method.IsAbstract && !method.IsExtern && !method.Locations.IsEmpty && method.Locations[0].IsInSource;

    /// <summary>How <paramref name="method"/> blocks within <paramref name="depth"/> calls (1 = in its own body), or null.</summary>
    public BlockingPath? Blocks(IMethodSymbol method, int depth, CancellationToken cancellationToken = default)
    {
        method = method.OriginalDefinition;
        if (depth <= 0 || FactsOf(method, cancellationToken) is not { } facts)
        {
            return null;
        }

        if (_summaries.TryGetValue((method, depth), out var known))
        {
            return known;
        }

        BlockingPath? path = null;
        if (facts.BlockingCall is not null)
        {
            path = new BlockingPath(ImmutableArray.Create(method.Name, facts.BlockingCall), facts.BlockingSite!);
        }
        else
        {
            foreach (var callee in facts.Callees)
            {
                if (Blocks(callee, depth - 1, cancellationToken) is { } inner)
                {
                    path = new BlockingPath(inner.Steps.Insert(0, method.Name), inner.Site);
                    break;
                }
            }
        }

        _summaries.TryAdd((method, depth), path);
        return path;
    }

    private MethodFacts? FactsOf(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (!_facts.TryGetValue(method, out var facts))
        {
            if (_bodies is null)
            {
                return null;
            }

            facts = _facts.GetOrAdd(method, Summarize(method, cancellationToken) ?? NoFacts);
        }

        return ReferenceEquals(facts, NoFacts) ? null : facts;
    }

    /// <summary>Binds the body of one synchronous method of this compilation and gathers its facts.</summary>
    private MethodFacts? Summarize(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (!IsSummarized(method))
        {
            return null;
        }

        var implementation = method.PartialImplementationPart ?? method;
        var blocks = _bodies!.Of(method, cancellationToken);
        if (blocks.IsEmpty)
        {
            return null;
        }

        var owner = method.MethodKind == MethodKind.LocalFunction ? method.ContainingSymbol : implementation;
        var tree = blocks[0].Syntax.SyntaxTree;
        foreach (var pair in Collect(owner, blocks, _symbols!, _twins!, _options!(tree)))
        {
            // A partial method's facts are the implementation's; callers name the definition.
            if (SymbolEqualityComparer.Default.Equals(pair.Key.OriginalDefinition, method)
                || SymbolEqualityComparer.Default.Equals(pair.Key.OriginalDefinition, implementation))
            {
                return pair.Value;
            }
        }

        return null;
    }

    /// <summary>True for a method marked with an attribute named <c>BlockingAttribute</c>, or listed in the options.</summary>
    public static bool IsDeclaredBlocking(IMethodSymbol method, ContentionOptions options)
    {
        foreach (var attribute in method.OriginalDefinition.GetAttributes())
        {
            if (attribute.AttributeClass?.Name == "BlockingAttribute")
            {
                return true;
            }
        }

        return options.BlockingMethods.Matches(method.OriginalDefinition);
    }

    /// <summary>
    /// The blocking call an operation makes, judged as if in async code: any CTN1001–CTN1004 pattern, or a call to a
    /// method declared blocking. Null when it does not block.
    /// </summary>
    public static string? BlockingCall(IOperation operation, IMethodSymbol? function, KnownSymbols symbols, AsyncTwin twins, ContentionOptions options)
    {
        if (TaskWaits.TryMatch(operation, symbols, out var wait))
        {
            foreach (var task in wait!.Tasks)
            {
                if (!AsyncContext.IsProvenCompleted(task, operation, symbols))
                {
                    return wait.Display.TrimStart('.');
                }
            }

            return null;
        }

        if (operation is not IInvocationOperation invocation)
        {
            return null;
        }

        var method = invocation.TargetMethod;
        if (KnownSymbols.IsOneOf(method, symbols.ThreadSleep))
        {
            return invocation.Arguments.Length == 1 && invocation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: 0 } ? null : "Thread.Sleep";
        }

        if (BlockingPrimitives.TryMatch(invocation, symbols, out var display, out _))
        {
            return display;
        }

        if (IsDeclaredBlocking(method, options))
        {
            return method.ContainingType.Name + "." + method.Name;
        }

        // Calls into this compilation are followed instead; only external calls are judged by their twin.
        if (!IsSummarized(method) && !BlockingPrimitives.HasZeroTimeout(invocation, symbols) && twins.Find(invocation, function) is not null)
        {
            return method.ContainingType.Name + "." + method.Name;
        }

        return null;
    }

    /// <summary>Records the facts of every synchronous function in an operation block (methods and local functions).</summary>
    public void RecordBlock(ISymbol owner, ImmutableArray<IOperation> blocks, KnownSymbols symbols, AsyncTwin twins, ContentionOptions options)
    {
        foreach (var pair in Collect(owner, blocks, symbols, twins, options))
        {
            Record(pair.Key, pair.Value);
        }
    }

    private static Dictionary<IMethodSymbol, MethodFacts> Collect(ISymbol owner, ImmutableArray<IOperation> blocks, KnownSymbols symbols, AsyncTwin twins, ContentionOptions options)
    {
        var facts = new Dictionary<IMethodSymbol, (string? Call, Location? Site, ImmutableArray<IMethodSymbol>.Builder Callees)>(SymbolEqualityComparer.Default);
        foreach (var block in blocks)
        {
            foreach (var operation in CodeBlock.Walk(block))
            {
                var function = AsyncContext.GetEnclosingFunction(operation, owner);
                if (function is null || function.IsAsync || function.MethodKind == MethodKind.AnonymousFunction)
                {
                    continue;
                }

                if (!facts.TryGetValue(function, out var entry))
                {
                    entry = (null, null, ImmutableArray.CreateBuilder<IMethodSymbol>());
                }

                if (entry.Call is null && BlockingCall(operation, function, symbols, twins, options) is { } call)
                {
                    entry = (call, operation.Syntax.GetLocation(), entry.Callees);
                }
                else if (operation is IInvocationOperation invocation && IsSummarized(invocation.TargetMethod))
                {
                    entry.Callees.Add(invocation.TargetMethod.OriginalDefinition);
                }

                facts[function] = entry;
            }
        }

        var result = new Dictionary<IMethodSymbol, MethodFacts>(SymbolEqualityComparer.Default);
        foreach (var pair in facts)
        {
            result[pair.Key] = new MethodFacts(pair.Value.Call, pair.Value.Site, pair.Value.Callees.ToImmutable());
        }

        return result;
    }
}
