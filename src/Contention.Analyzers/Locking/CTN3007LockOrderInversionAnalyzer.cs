using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Locking;

/// <summary>
/// CTN3007: two locks taken in opposite nesting orders, directly (<c>lock (a) { lock (b) }</c> here,
/// <c>lock (b) { lock (a) }</c> there) or through calls made while a lock is held.
/// <list type="bullet">
/// <item>Live, at the end of each type: orders written in the type, and calls to methods of the same type that take a
/// lock themselves (one level).</item>
/// <item>At compilation end (<see cref="Descriptors.CTN3007LockOrderInversionAcrossTypes"/>): every order in the
/// compilation, calls followed into any method of the compilation up to <see cref="MaxCallDepth"/> levels deep, and
/// the pairs the live pass cannot see reported.</item>
/// </list>
/// Held locks come from <see cref="LockScope"/> (lock statements and explicit acquisitions); locks of unknown identity
/// are left out; re-entering the same lock is no inversion; a callee's locals and parameters are its own.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CTN3007LockOrderInversionAnalyzer : DiagnosticAnalyzer
{
    /// <summary>How many calls deep the compilation-end pass follows from a call made under a lock.</summary>
    public const int MaxCallDepth = 4;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CTN3007LockOrderInversion, Descriptors.CTN3007LockOrderInversionAcrossTypes);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var symbols = KnownSymbols.For(start.Compilation);
            var options = ContentionOptions.CreateCache(start.Compilation, start.Options);
            var compilation = new Facts();
            CodeBlocks.RegisterTypeAction(
                start,
                typeStart =>
                {
                    var type = (INamedTypeSymbol)typeStart.Symbol;
                    if (type.Locations.Length > 0 && type.Locations[0].SourceTree is { } tree && !options(tree).IsInExcludedType(type))
                    {
                        AnalyzeType(typeStart, type, symbols, compilation);
                    }
                });
            var calleesOnDemand = new OwnCallees(start.Compilation, start.Options, options);
            start.RegisterCompilationEndAction(end => ReportAcrossTypes(end, compilation, calleesOnDemand));
        });
    }

    /// <summary>Lock <see cref="Inner"/> taken at <see cref="Location"/> in <see cref="Method"/> while <see cref="Outer"/> was held.</summary>
    private sealed class Order
    {
        public Order(LockIdentity outer, LockIdentity inner, Location location, ISymbol method, bool live)
        {
            Outer = outer;
            Inner = inner;
            Location = location;
            Method = method;
            Live = live;
        }

        public LockIdentity Outer { get; }

        public LockIdentity Inner { get; }

        public Location Location { get; }

        /// <summary>The member the order is written in (a lambda's or local function's is the member around it).</summary>
        public ISymbol Method { get; }

        /// <summary>Found by the live pass of <see cref="Method"/>'s type: written there, or one call into that type.</summary>
        public bool Live { get; }
    }

    /// <summary>A call made while <see cref="Held"/> were held, to a method of the compilation.</summary>
    private sealed class Call
    {
        public Call(ImmutableArray<LockIdentity> held, IMethodSymbol callee, Location location, ISymbol method)
        {
            Held = held;
            Callee = callee;
            Location = location;
            Method = method;
        }

        public ImmutableArray<LockIdentity> Held { get; }

        public IMethodSymbol Callee { get; }

        public Location Location { get; }

        public ISymbol Method { get; }
    }

    /// <summary>What one type, or the whole compilation, says about lock orders.</summary>
    private sealed class Facts
    {
        public ConcurrentBag<Order> Orders { get; } = new();

        /// <summary>The locks each method takes in its own body (not in its lambdas or local functions).</summary>
        public ConcurrentDictionary<IMethodSymbol, ConcurrentBag<(LockIdentity Lock, Location Location)>> AcquiredBy { get; } =
            new(SymbolEqualityComparer.Default);

        public ConcurrentBag<Call> CallsUnderLock { get; } = new();

        /// <summary>The methods of the compilation each method calls in its own body (compilation facts only).</summary>
        public ConcurrentDictionary<IMethodSymbol, ConcurrentBag<IMethodSymbol>> Callees { get; } = new(SymbolEqualityComparer.Default);

        /// <summary>
        /// The methods whose bodies the type pass walked (compilation facts only); the others take no lock, so only
        /// their callees matter, and those are bound on demand when a call under a lock reaches them.
        /// </summary>
        public ConcurrentDictionary<IMethodSymbol, bool> Walked { get; } = new(SymbolEqualityComparer.Default);

        public void Acquired(IMethodSymbol method, LockIdentity identity, Location location) =>
            AcquiredBy.GetOrAdd(method, _ => new ConcurrentBag<(LockIdentity, Location)>()).Add((identity, location));
    }

    private static void AnalyzeType(TypeScope context, INamedTypeSymbol type, KnownSymbols symbols, Facts compilation)
    {
        // A type that takes no lock adds only calls, and those are bound on demand (OwnCallees).
        if (!CodeFacts.OfTypeAny(type, LockCalls.MayAcquire, context.CancellationToken))
        {
            return;
        }

        var local = new Facts();
        CodeBlocks.Register(context, block =>
        {
            // Code that takes no lock holds none either: all it adds is its calls, bound later only if needed.
            if (!LockCalls.MayAcquire(block.Facts))
            {
                return;
            }

            if (block.OwningSymbol is IMethodSymbol walked)
            {
                compilation.Walked.TryAdd(walked.OriginalDefinition, true);
            }

            block.RegisterOperationAction(ctx => Observe(ctx, type, symbols, local, compilation), OperationKind.Lock, OperationKind.Invocation);
        });
        Report(context, type, local);
    }

    private static void Observe(OperationContext ctx, INamedTypeSymbol type, KnownSymbols symbols, Facts local, Facts compilation)
    {
        var operation = ctx.Operation;
        var acquired = operation switch
        {
            ILockOperation lockOperation => LockScope.Identify(lockOperation.LockedValue),
            IInvocationOperation invocation => LockCalls.Acquisition(invocation, symbols)?.Identity ?? LockCalls.ScopeAcquisition(invocation, symbols),
            _ => null,
        };
        var callee = acquired is null && operation is IInvocationOperation call && IsInSource(call.TargetMethod)
            ? call.TargetMethod.OriginalDefinition
            : null;
        if (acquired is null && callee is null)
        {
            return; // most invocations: no need to work out which locks are held there
        }

        // What a lambda or local function does runs when it is called, not when the method runs.
        var method = LockScope.FunctionBody(operation).Parent is null ? ctx.ContainingSymbol as IMethodSymbol : null;
        var member = ctx.ContainingSymbol;
        var held = Identities(LockScope.HeldLocks(operation, symbols, ctx.CancellationToken));
        if (acquired is { } inner)
        {
            var location = operation is ILockOperation lockStatement ? LockSites.Header(lockStatement) : operation.Syntax.GetLocation();
            if (method is not null)
            {
                local.Acquired(method, inner, location);
                compilation.Acquired(method, inner, location);
            }

            if (held.Contains(inner))
            {
                return; // re-entry: a lock the thread already holds orders nothing
            }

            foreach (var outer in held)
            {
                var order = new Order(outer, inner, location, member, live: true);
                local.Orders.Add(order);
                compilation.Orders.Add(order);
            }
        }
        else if (callee is not null)
        {
            if (method is not null)
            {
                compilation.Callees.GetOrAdd(method, _ => new ConcurrentBag<IMethodSymbol>()).Add(callee);
            }

            if (!held.IsEmpty)
            {
                var record = new Call(held, callee, operation.Syntax.GetLocation(), member);
                compilation.CallsUnderLock.Add(record);
                if (SymbolEqualityComparer.Default.Equals(callee.ContainingType.OriginalDefinition, type.OriginalDefinition))
                {
                    local.CallsUnderLock.Add(record);
                }
            }
        }
    }

    private static void Report(TypeScope context, INamedTypeSymbol type, Facts local)
    {
        context.RegisterSymbolEndAction(end =>
        {
            // A call made under a lock takes, in that order, every lock the callee takes itself.
            var all = new List<Order>(local.Orders);
            foreach (var call in local.CallsUnderLock)
            {
                if (local.AcquiredBy.TryGetValue(call.Callee, out var locks))
                {
                    foreach (var (inner, _) in locks)
                    {
                        AddOrders(all, call, inner, live: true);
                    }
                }
            }

            foreach (var (first, second) in Inversions(all))
            {
                end.ReportDiagnostic(Create(Descriptors.CTN3007LockOrderInversion, first, second));
            }
        });
    }

    /// <summary>Compilation end: every order, calls followed <see cref="MaxCallDepth"/> deep; reports what the live pass could not.</summary>
    private static void ReportAcrossTypes(CompilationAnalysisContext context, Facts compilation, OwnCallees onDemand)
    {
        var all = new List<Order>(compilation.Orders);
        var reach = new Dictionary<IMethodSymbol, List<IMethodSymbol>>(SymbolEqualityComparer.Default);
        foreach (var call in compilation.CallsUnderLock)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            foreach (var reached in Reach(call.Callee, compilation, onDemand, reach, context.CancellationToken))
            {
                if (!compilation.AcquiredBy.TryGetValue(reached, out var locks))
                {
                    continue;
                }

                var live = SymbolEqualityComparer.Default.Equals(reached, call.Callee)
                    && SymbolEqualityComparer.Default.Equals(call.Callee.ContainingType.OriginalDefinition, call.Method.ContainingType.OriginalDefinition);
                foreach (var (inner, _) in locks)
                {
                    // A callee's locals and parameters are its own objects, not the caller's.
                    if (inner.Kind is not (LockIdentityKind.Local or LockIdentityKind.Parameter))
                    {
                        AddOrders(all, call, inner, live);
                    }
                }
            }
        }

        foreach (var (first, second) in Inversions(all))
        {
            if (!IsFoundLive(first, second, all))
            {
                context.ReportDiagnostic(Create(Descriptors.CTN3007LockOrderInversionAcrossTypes, first, second));
            }
        }
    }

    /// <summary>The methods a call to <paramref name="callee"/> runs, itself included, up to <see cref="MaxCallDepth"/> calls deep.</summary>
    private static List<IMethodSymbol> Reach(
        IMethodSymbol callee, Facts compilation, OwnCallees onDemand, Dictionary<IMethodSymbol, List<IMethodSymbol>> cache, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(callee, out var known))
        {
            return known;
        }

        var reached = new List<IMethodSymbol> { callee };
        var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default) { callee };
        var frontier = new List<IMethodSymbol> { callee };
        for (var depth = 1; depth < MaxCallDepth && frontier.Count > 0; depth++)
        {
            var next = new List<IMethodSymbol>();
            foreach (var method in frontier)
            {
                var callees = compilation.Callees.TryGetValue(method, out var walked) ? walked
                    : compilation.Walked.ContainsKey(method) ? null
                    : compilation.Callees.GetOrAdd(method, onDemand.Of(method, cancellationToken));
                if (callees is not null)
                {
                    foreach (var further in callees)
                    {
                        if (seen.Add(further))
                        {
                            reached.Add(further);
                            next.Add(further);
                        }
                    }
                }
            }

            frontier = next;
        }

        cache[callee] = reached;
        return reached;
    }

    private static void AddOrders(List<Order> orders, Call call, LockIdentity inner, bool live)
    {
        if (!call.Held.Contains(inner))
        {
            foreach (var outer in call.Held)
            {
                orders.Add(new Order(outer, inner, call.Location, call.Method, live));
            }
        }
    }

    /// <summary>Each pair of locks taken in both orders, once, as (the first order written, the opposite one).</summary>
    private static List<(Order First, Order Second)> Inversions(List<Order> all)
    {
        // Concurrent collection order varies; report the same half of each pair on every run.
        all.Sort((x, y) =>
        {
            var byFile = string.CompareOrdinal(x.Location.SourceTree?.FilePath, y.Location.SourceTree?.FilePath);
            return byFile != 0 ? byFile : x.Location.SourceSpan.Start.CompareTo(y.Location.SourceSpan.Start);
        });

        var byPair = new Dictionary<(LockIdentity, LockIdentity), Order>();
        foreach (var order in all)
        {
            if (!byPair.ContainsKey((order.Outer, order.Inner)))
            {
                byPair.Add((order.Outer, order.Inner), order);
            }
        }

        var inversions = new List<(Order, Order)>();
        var reported = new HashSet<(LockIdentity, LockIdentity)>();
        foreach (var first in all)
        {
            if (byPair.TryGetValue((first.Inner, first.Outer), out var second)
                && !reported.Contains((first.Inner, first.Outer))
                && reported.Add((first.Outer, first.Inner)))
            {
                inversions.Add((first, second));
            }
        }

        return inversions;
    }

    /// <summary>True when one type's live pass has both orders of the pair, and so reported it already.</summary>
    private static bool IsFoundLive(Order first, Order second, List<Order> all)
    {
        foreach (var order in all)
        {
            if (order.Live && order.Outer.Equals(first.Outer) && order.Inner.Equals(first.Inner))
            {
                foreach (var opposite in all)
                {
                    if (opposite.Live && opposite.Outer.Equals(second.Outer) && opposite.Inner.Equals(second.Inner)
                        && SymbolEqualityComparer.Default.Equals(order.Method.ContainingType, opposite.Method.ContainingType))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static Diagnostic Create(DiagnosticDescriptor descriptor, Order first, Order second)
    {
        // Across types, say whose lock and whose method: two types may both have a '_gate' and a 'Save'.
        var qualify = !SymbolEqualityComparer.Default.Equals(first.Method.ContainingType, second.Method.ContainingType)
            || !SameType(first.Outer, first.Inner);
        return Diagnostic.Create(
            descriptor,
            first.Location,
            ImmutableArray.Create(second.Location),
            Display(first.Outer, qualify),
            Display(first.Inner, qualify),
            MemberName(first.Method, qualify),
            MemberName(second.Method, qualify));
    }

    private static bool SameType(LockIdentity x, LockIdentity y) =>
        SymbolEqualityComparer.Default.Equals(OwnerOf(x), OwnerOf(y));

    private static ISymbol? OwnerOf(LockIdentity identity) => identity.Kind switch
    {
        LockIdentityKind.Member => identity.Symbol?.ContainingType,
        LockIdentityKind.This => identity.Symbol,
        _ => null,
    };

    private static string Display(LockIdentity identity, bool qualify) => qualify && OwnerOf(identity) is { } owner
        ? (identity.Kind == LockIdentityKind.This ? $"this ({owner.Name})" : $"{owner.Name}.{identity.Display}")
        : identity.Display;

    private static bool IsInSource(IMethodSymbol method)
    {
        foreach (var location in method.Locations)
        {
            if (location.IsInSource)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The identities of <paramref name="targets"/> that can be compared, outermost last, without repeats.</summary>
    private static ImmutableArray<LockIdentity> Identities(ImmutableArray<HeldLock> held)
    {
        var builder = ImmutableArray.CreateBuilder<LockIdentity>(held.Length);
        foreach (var item in held)
        {
            if (item.Identity is { } identity && !builder.Contains(identity))
            {
                builder.Add(identity);
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>How a message names a member: its name, a constructor by its type, an accessor by its property.</summary>
    private static string MemberName(ISymbol member, bool qualify)
    {
        var name = member switch
        {
            IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } constructor => constructor.ContainingType.Name,
            IMethodSymbol { AssociatedSymbol: { } associated } => associated.Name,
            _ => member.Name,
        };
        return qualify && member.ContainingType is { } type && member is not IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor }
            ? $"{type.Name}.{name}"
            : name;
    }

    /// <summary>
    /// The callees of a method the type pass did not walk because it takes no lock: the methods of the compilation
    /// its own body calls, bound when a call under a lock first reaches it. Generated code and excluded types are
    /// left out, as the type pass leaves them out.
    /// </summary>
    private sealed class OwnCallees(Compilation compilation, AnalyzerOptions options, Func<SyntaxTree, ContentionOptions> contention)
    {
        private readonly MethodBodies _bodies = new(compilation, options);

        public ConcurrentBag<IMethodSymbol> Of(IMethodSymbol method, CancellationToken cancellationToken)
        {
            var callees = new ConcurrentBag<IMethodSymbol>();
            if (method.Locations.Length > 0 && method.Locations[0].SourceTree is { } tree && contention(tree).IsInExcludedType(method))
            {
                return callees;
            }

            foreach (var block in _bodies.Of(method, cancellationToken))
            {
                foreach (var operation in CodeBlock.Walk(block))
                {
                    if (operation is IInvocationOperation call && IsInSource(call.TargetMethod) && LockScope.FunctionBody(operation).Parent is null)
                    {
                        callees.Add(call.TargetMethod.OriginalDefinition);
                    }
                }
            }

            return callees;
        }
    }
}
