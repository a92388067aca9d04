using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Locking;

/// <summary>
/// CTN3007: within one type, two locks taken in opposite nesting orders, directly (<c>lock (a) { lock (b) }</c> here,
/// <c>lock (b) { lock (a) }</c> there) or through a call to a method of the same type that takes a lock while the
/// caller holds another. Judged at the end of the type, so it shows while typing. Held locks come from
/// <see cref="LockScope"/>; locks of unknown identity are left out; re-entering the same lock is no inversion.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CTN3007LockOrderInversionAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CTN3007LockOrderInversion);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var symbols = KnownSymbols.For(start.Compilation);
            var options = ContentionOptions.CreateCache(start.Options);
            start.RegisterSymbolStartAction(
                typeStart =>
                {
                    var type = (INamedTypeSymbol)typeStart.Symbol;
                    if (type.Locations.Length > 0 && type.Locations[0].SourceTree is { } tree && !options(tree).IsInExcludedType(type))
                    {
                        AnalyzeType(typeStart, type, symbols);
                    }
                },
                SymbolKind.NamedType);
        });
    }

    /// <summary>Lock <see cref="Inner"/> taken at <see cref="Location"/> in <see cref="Method"/> while <see cref="Outer"/> was held.</summary>
    private sealed class Order
    {
        public Order(LockIdentity outer, LockIdentity inner, Location location, string method)
        {
            Outer = outer;
            Inner = inner;
            Location = location;
            Method = method;
        }

        public LockIdentity Outer { get; }

        public LockIdentity Inner { get; }

        public Location Location { get; }

        public string Method { get; }
    }

    private static void AnalyzeType(SymbolStartAnalysisContext context, INamedTypeSymbol type, KnownSymbols symbols)
    {
        var orders = new ConcurrentBag<Order>();
        var acquiredBy = new ConcurrentDictionary<IMethodSymbol, ConcurrentBag<(LockIdentity Lock, Location Location)>>(SymbolEqualityComparer.Default);
        var callsUnderLock = new ConcurrentBag<(ImmutableArray<LockIdentity> Held, IMethodSymbol Callee, Location Location, string Method)>();

        context.RegisterOperationAction(
            ctx =>
            {
                var operation = ctx.Operation;
                var acquired = operation switch
                {
                    ILockOperation lockOperation => lockOperation.LockedValue,
                    IInvocationOperation invocation when symbols.IsMonitorMethod(invocation.TargetMethod, "Enter", "TryEnter") && invocation.Arguments.Length > 0
                        => invocation.Arguments[0].Value,
                    _ => null,
                };
                var callsIntoType = operation is IInvocationOperation call
                    && SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType.OriginalDefinition, type.OriginalDefinition);
                if (acquired is null && !callsIntoType)
                {
                    return; // most invocations: no need to work out which locks are held there
                }

                var method = ctx.ContainingSymbol as IMethodSymbol;
                var name = MemberName(ctx.ContainingSymbol);
                var held = Identities(LockScope.HeldLocks(operation, symbols));
                if (acquired is not null && LockScope.Identify(acquired) is { } inner)
                {
                    var location = operation is ILockOperation lockStatement ? LockSites.Header(lockStatement) : operation.Syntax.GetLocation();

                    // What a lambda or local function locks runs when it is called, not when the method runs.
                    if (method is not null && LockScope.FunctionBody(operation).Parent is null)
                    {
                        acquiredBy.GetOrAdd(method, _ => new ConcurrentBag<(LockIdentity, Location)>()).Add((inner, location));
                    }

                    if (held.Contains(inner))
                    {
                        return; // re-entry: a lock the thread already holds orders nothing
                    }

                    foreach (var outer in held)
                    {
                        orders.Add(new Order(outer, inner, location, name));
                    }
                }
                else if (callsIntoType && !held.IsEmpty)
                {
                    var callee = (IInvocationOperation)operation;
                    callsUnderLock.Add((held, callee.TargetMethod.OriginalDefinition, callee.Syntax.GetLocation(), name));
                }
            },
            OperationKind.Lock,
            OperationKind.Invocation);

        context.RegisterSymbolEndAction(end =>
        {
            // A call made under a lock takes, in that order, every lock the callee takes itself.
            var all = new List<Order>(orders);
            foreach (var (held, callee, location, method) in callsUnderLock)
            {
                if (acquiredBy.TryGetValue(callee, out var locks))
                {
                    foreach (var (inner, _) in locks)
                    {
                        if (!held.Contains(inner))
                        {
                            foreach (var outer in held)
                            {
                                all.Add(new Order(outer, inner, location, method));
                            }
                        }
                    }
                }
            }

            // Concurrent collection order varies; report the same half of each pair on every run.
            all.Sort((x, y) =>
            {
                var byFile = string.CompareOrdinal(x.Location.SourceTree?.FilePath, y.Location.SourceTree?.FilePath);
                return byFile != 0 ? byFile : x.Location.SourceSpan.Start.CompareTo(y.Location.SourceSpan.Start);
            });

            var reported = new HashSet<(LockIdentity, LockIdentity)>();
            foreach (var first in all)
            {
                foreach (var second in all)
                {
                    if (first.Outer.Equals(second.Inner) && first.Inner.Equals(second.Outer)
                        && !reported.Contains((second.Outer, second.Inner))
                        && reported.Add((first.Outer, first.Inner)))
                    {
                        end.ReportDiagnostic(Diagnostic.Create(
                            Descriptors.CTN3007LockOrderInversion,
                            first.Location,
                            ImmutableArray.Create(second.Location),
                            first.Outer.Display,
                            first.Inner.Display,
                            first.Method,
                            second.Method));
                    }
                }
            }
        });
    }

    /// <summary>The identities of <paramref name="targets"/> that can be compared, outermost last, without repeats.</summary>
    private static ImmutableArray<LockIdentity> Identities(ImmutableArray<IOperation> targets)
    {
        var builder = ImmutableArray.CreateBuilder<LockIdentity>(targets.Length);
        foreach (var target in targets)
        {
            if (LockScope.Identify(target) is { } identity && !builder.Contains(identity))
            {
                builder.Add(identity);
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>How a message names a member: its name, a constructor by its type, an accessor by its property.</summary>
    private static string MemberName(ISymbol member) => member switch
    {
        IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } constructor => constructor.ContainingType.Name,
        IMethodSymbol { AssociatedSymbol: { } associated } => associated.Name,
        _ => member.Name,
    };
}
