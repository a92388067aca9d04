using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Analysis;

/// <summary>
/// For a synchronous call, its awaitable twin: a method named <c>&lt;Name&gt;Async</c> on the same receiver type
/// (or an extension on it, as visible at the call), with the same parameters plus an optional trailing
/// <c>CancellationToken</c>, returning a task of the same result, accessible, not <c>[Obsolete]</c>, and not the
/// method the call sits in (<c>Run()</c> inside <c>RunAsync()</c>). Calls that do not really wait on I/O or
/// another thread are never given a twin: in-memory readers and streams, EF Core's <c>Add</c>/<c>AddRange</c>,
/// test-framework asserts, <c>CancellationTokenSource.Cancel</c>, timers. Lookups are cached per compilation.
/// </summary>
public sealed class AsyncTwin
{
    private static readonly ConditionalWeakTable<Compilation, AsyncTwin> Cache = new();

    private static readonly string[] InMemoryTypes =
    {
        "System.IO.MemoryStream", "System.IO.UnmanagedMemoryStream", "System.IO.StringReader", "System.IO.StringWriter",
    };

    private static readonly string[] NotEquivalentMethods =
    {
        "Microsoft.EntityFrameworkCore.DbContext.Add", "Microsoft.EntityFrameworkCore.DbContext.AddRange",
        "Microsoft.EntityFrameworkCore.DbSet.Add", "Microsoft.EntityFrameworkCore.DbSet.AddRange",
        "System.Threading.CancellationTokenSource.Cancel", "System.Threading.Timer.Dispose",
        "System.Threading.CancellationTokenRegistration.Dispose",
    };

    /// <summary>Disposables whose DisposeAsync only wraps a synchronous, non-blocking Dispose.</summary>
    private static readonly string[] SynchronousDisposables =
    {
        "System.Threading.Timer", "System.Threading.CancellationTokenRegistration",
    };

    private static readonly string[] TestFrameworkNamespaces = { "Xunit", "NUnit", "Microsoft.VisualStudio.TestTools" };

    private readonly KnownSymbols _symbols;
    // The lookup depends on what is visible at the call: the calling type (private twins) and the file (usings).
    private readonly ConcurrentDictionary<(ISymbol Method, ITypeSymbol? Receiver, SyntaxTree Tree, ISymbol? Caller), IMethodSymbol?> _twins = new();

    private AsyncTwin(Compilation compilation) => _symbols = KnownSymbols.For(compilation);

    public static AsyncTwin For(Compilation compilation) => Cache.GetValue(compilation, static c => new AsyncTwin(c));

    /// <summary>Identifiers the calls this can match never lack; every twin name ends with it.</summary>
    public const string Suffix = "Async";

    /// <summary>The twin of <paramref name="invocation"/>, or null. <paramref name="enclosing"/> is the function the call is in.</summary>
    public IMethodSymbol? Find(IInvocationOperation invocation, IMethodSymbol? enclosing)
    {
        var method = invocation.TargetMethod;
        if (method.Name.EndsWith(Suffix, StringComparison.Ordinal)
            || _symbols.IsTaskLike(method.ReturnType)
            || _symbols.IsTaskLike(method.ContainingType)
            || invocation.SemanticModel is null)
        {
            return null;
        }

        var receiver = ReceiverType(invocation);
        var model = invocation.SemanticModel;
        var position = invocation.Syntax.SpanStart;

        // The type the call is made from decides which private and protected twins it can see.
        var caller = enclosing is not null ? enclosing.ContainingType : model.GetEnclosingSymbol(position)?.ContainingType;
        var key = (method.OriginalDefinition, receiver, invocation.Syntax.SyntaxTree, (ISymbol?)caller);
        if (!_twins.TryGetValue(key, out var twin))
        {
            twin = _twins.GetOrAdd(key, _ => IsNotEquivalent(method, receiver) ? null : Lookup(method, receiver, model, position));
        }

        if (twin is null || (enclosing is not null && SymbolEqualityComparer.Default.Equals(twin.OriginalDefinition, enclosing.OriginalDefinition)))
        {
            return null;
        }

        return twin;
    }

    /// <summary>True when the twin takes a <c>CancellationToken</c> the synchronous call has no counterpart for.</summary>
    public static bool TakesExtraToken(IMethodSymbol method, IMethodSymbol twin) =>
        Parameters(twin).Length == Parameters(method).Length + 1;

    private static ITypeSymbol? ReceiverType(IInvocationOperation invocation)
    {
        if (invocation.Instance is { } instance)
        {
            return instance.Type;
        }

        return invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0
            ? invocation.Arguments[0].Value is IConversionOperation conversion ? conversion.Operand.Type : invocation.Arguments[0].Value.Type
            : invocation.TargetMethod.ContainingType;
    }

    private IMethodSymbol? Lookup(IMethodSymbol method, ITypeSymbol? receiver, SemanticModel model, int position)
    {
        var container = method.IsStatic && !method.IsExtensionMethod ? method.ContainingType : receiver as INamespaceOrTypeSymbol;
        if (container is null)
        {
            return null;
        }

        // Prefer the overload that also takes a CancellationToken, so the fix can pass one.
        var name = method.Name + Suffix;
        IMethodSymbol? found = null;
        foreach (var candidate in model.LookupSymbols(position, container, name, includeReducedExtensionMethods: true))
        {
            if (candidate is IMethodSymbol twin && IsCompatible(method, twin) && !IsObsolete(twin)
                && (found is null || TakesExtraToken(method, twin)))
            {
                found = twin;
            }
        }

        return found;
    }

    private bool IsCompatible(IMethodSymbol method, IMethodSymbol twin)
    {
        var isInstanceLike = !method.IsStatic || method.IsExtensionMethod;
        var twinInstanceLike = !twin.IsStatic || twin.ReducedFrom is not null;
        if (isInstanceLike != twinInstanceLike || !_symbols.IsTaskLike(twin.ReturnType) || !SameResult(method, twin))
        {
            return false;
        }

        var parameters = Parameters(method);
        var twinParameters = Parameters(twin);
        if (twinParameters.Length != parameters.Length
            && !(twinParameters.Length == parameters.Length + 1 && IsToken(twinParameters[twinParameters.Length - 1].Type)))
        {
            return false;
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            if (parameters[i].RefKind != RefKind.None || twinParameters[i].RefKind != RefKind.None
                || !SameType(parameters[i].Type, twinParameters[i].Type))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A synchronous <c>T</c> needs a <c>Task&lt;T&gt;</c>/<c>ValueTask&lt;T&gt;</c>; <c>void</c> takes any task.</summary>
    private bool SameResult(IMethodSymbol method, IMethodSymbol twin)
    {
        if (method.ReturnsVoid)
        {
            return true;
        }

        return twin.ReturnType is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } task
            && SameType(method.ReturnType, task.TypeArguments[0]);
    }

    /// <summary>Equal types; where the twin is still generic, the same type definition stands in.</summary>
    private static bool SameType(ITypeSymbol type, ITypeSymbol twinType) =>
        SymbolEqualityComparer.Default.Equals(type, twinType)
        || twinType is ITypeParameterSymbol
        || SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, twinType.OriginalDefinition);

    private bool IsToken(ITypeSymbol type) => SymbolEqualityComparer.Default.Equals(type, _symbols.CancellationToken);

    private static System.Collections.Immutable.ImmutableArray<IParameterSymbol> Parameters(IMethodSymbol method) =>
        (method.ReducedFrom is not null || !method.IsExtensionMethod) ? method.Parameters : method.ReduceExtensionMethod(method.Parameters[0].Type)?.Parameters ?? method.Parameters;

    private static bool IsObsolete(ISymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "ObsoleteAttribute" })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Streams, readers and writers over memory: their "async" members complete synchronously.</summary>
    public static bool IsInMemory(ITypeSymbol? type)
    {
        for (; type is not null; type = type.BaseType)
        {
            if (Array.IndexOf(InMemoryTypes, Qualified(type)) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A resource whose <c>await using</c> would gain nothing: in memory, a timer, a token registration.</summary>
    public static bool IsSynchronousDisposable(ITypeSymbol type) =>
        IsInMemory(type) || Array.IndexOf(SynchronousDisposables, Qualified(type)) >= 0;

    private static bool IsNotEquivalent(IMethodSymbol method, ITypeSymbol? receiver)
    {
        if (IsInMemory(receiver))
        {
            return true;
        }

        var containing = method.ContainingType;
        var qualifiedMethod = Qualified(containing.OriginalDefinition) + "." + method.Name;
        if (Array.IndexOf(NotEquivalentMethods, qualifiedMethod) >= 0)
        {
            return true;
        }

        var ns = containing.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        foreach (var framework in TestFrameworkNamespaces)
        {
            if (ns.StartsWith(framework, StringComparison.Ordinal) && containing.Name.EndsWith("Assert", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>Namespace.Type</c> without generic arity or arguments.</summary>
    private static string Qualified(ITypeSymbol type)
    {
        var ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() + "." : string.Empty;
        return ns + type.Name;
    }
}
