using System.Collections.Generic;
using System.Collections.Immutable;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.SharedState;

/// <summary>
/// CTN2004: inconsistent synchronization, SpotBugs' statistic run per type while the user types. Of the accesses to a
/// field (<see cref="FieldAccessTable"/>: constructors, <c>Dispose</c>, <c>volatile</c> and <c>Interlocked</c> use left
/// out), at least <c>contention.CTN2004.min_locked_percent</c> (default 50) of the weight is locked, writes weighing
/// twice; then every write without a lock is reported, with the counts. A type that takes no lock is not checked. A
/// read-modify-write or collection change in concurrent code is left to CTN2001 and CTN2003, which report it with the
/// same lock fix. When every locked access holds the same lock, a member of the type, its name goes to the fixer.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CTN2004InconsistentSynchronizationAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CTN2004InconsistentSynchronization);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var symbols = KnownSymbols.For(start.Compilation);
            var options = ContentionOptions.CreateCache(start.Compilation, start.Options);
            CodeBlocks.RegisterTypeAction(
                start,
                typeStart =>
                {
                    var type = (INamedTypeSymbol)typeStart.Symbol;
                    if (type.TypeKind is TypeKind.Class or TypeKind.Struct
                        && type.Locations.Length > 0 && type.Locations[0].SourceTree is { } tree && !options(tree).IsInExcludedType(type))
                    {
                        AnalyzeType(typeStart, type, symbols, options(tree));
                    }
                });
        });
    }

    private static void AnalyzeType(TypeScope context, INamedTypeSymbol type, KnownSymbols symbols, ContentionOptions options)
    {
        // Inconsistency needs some accesses under a lock.
        if (!CodeFacts.OfTypeAny(type, LockCalls.MayTakeLock, context.CancellationToken))
        {
            return;
        }

        // Nothing to judge without a field that can count; and a block that takes no lock matters only when it names
        // such a field or a method of the type (a call that decides whether a helper runs locked or concurrently).
        if (WordsThatMatter(type, symbols) is not { } words)
        {
            return;
        }

        var table = new FieldAccessTable(type, symbols);
        var concurrentMethods = new ConcurrentMethods(type, symbols);
        CodeBlocks.RegisterOperationAction(
            context,
            block => LockCalls.MayTakeLock(block.Facts) || block.Facts.MentionsAny(words),
            ctx =>
            {
                table.Observe(ctx.Operation, ctx.ContainingSymbol);
                if (ctx.Operation is IMethodReferenceOperation or IInvocationOperation)
                {
                    concurrentMethods.Observe(ctx.Operation);
                }
            },
            FieldAccessTable.OperationKinds);

        context.RegisterSymbolEndAction(end =>
        {
            var excluded = options.ExcludedMethods(DiagnosticIds.CTN2004InconsistentSynchronization);
            foreach (var pair in table.Judge(end.CancellationToken))
            {
                var accesses = pair.Value;
                int lockedCount = 0, lockedWeight = 0, totalWeight = 0;
                foreach (var (access, locked) in accesses)
                {
                    totalWeight += access.Weight;
                    if (locked)
                    {
                        lockedCount++;
                        lockedWeight += access.Weight;
                    }
                }

                if (lockedCount == 0 || lockedWeight * 100 < options.MinLockedPercent * totalWeight)
                {
                    continue;
                }

                string? lockName = null;
                foreach (var (access, locked) in accesses)
                {
                    if (locked || access.Kind != AccessKind.Write || excluded.Matches(access.Method)
                        || IsReportedByCtn2001OrCtn2003(access, concurrentMethods, symbols))
                    {
                        continue;
                    }

                    lockName ??= CommonLock(accesses, table, type, end.CancellationToken) ?? string.Empty;
                    var properties = lockName.Length > 0
                        ? ImmutableDictionary<string, string?>.Empty.Add(PropertyNames.LockName, lockName)
                        : ImmutableDictionary<string, string?>.Empty;
                    end.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.CTN2004InconsistentSynchronization,
                        access.Reference.Syntax.GetLocation(),
                        properties,
                        access.Field.Name,
                        lockedCount,
                        accesses.Count,
                        Describe(access.Operation),
                        lockName.Length > 0 ? $"lock '{lockName}' around it, as the other accesses do" : "hold the lock the other accesses hold"));
                }
            }
        });
    }

    /// <summary>
    /// The hashes of the names of the type's fields that <see cref="FieldAccessTable"/> may count and of its methods;
    /// null when no field can count (all constant, volatile, or read-only without a collection that changes).
    /// </summary>
    private static int[]? WordsThatMatter(INamedTypeSymbol type, KnownSymbols symbols)
    {
        var words = new List<int>();
        var anyField = false;
        foreach (var member in type.GetMembers())
        {
            switch (member)
            {
                case IFieldSymbol field when !field.IsConst && !field.IsVolatile && (!field.IsReadOnly || symbols.UnsafeCollection(field.Type) is not null):
                    anyField = true;
                    words.Add(CodeFacts.HashOf(field.Name));
                    if (field.AssociatedSymbol is { } property)
                    {
                        // A backing field is written through the property's `field` keyword.
                        words.Add(CodeFacts.HashOf("field"));
                        words.Add(CodeFacts.HashOf(property.Name));
                    }

                    break;
                case IMethodSymbol { MethodKind: MethodKind.Ordinary } method:
                    words.Add(CodeFacts.HashOf(method.Name));
                    break;
            }
        }

        return anyField ? words.ToArray() : null;
    }

    /// <summary>CTN2001 and CTN2003 report a read-modify-write or collection change in concurrent code (with the same lock fix).</summary>
    private static bool IsReportedByCtn2001OrCtn2003(FieldAccess access, ConcurrentMethods concurrentMethods, KnownSymbols symbols) =>
        (SharedUpdates.Target(access.Operation) is not null || access.Operation is IInvocationOperation
            || access.Operation is IAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true } })
        && (ConcurrencyContext.Enclosing(access.Operation, symbols, out _) is not null
            || LockScope.FunctionBody(access.Operation).Parent is null && concurrentMethods.TryGet(access.Method, out _));

    /// <summary>The member of this type every directly locked access holds as its one lock; null when they differ.</summary>
    private static string? CommonLock(List<(FieldAccess Access, bool Locked)> accesses, FieldAccessTable table, INamedTypeSymbol type, System.Threading.CancellationToken cancellationToken)
    {
        LockIdentity? common = null;
        foreach (var (access, locked) in accesses)
        {
            if (!locked)
            {
                continue;
            }

            foreach (var held in table.HeldAt(access.Reference, cancellationToken))
            {
                if (held.Identity is not { Kind: LockIdentityKind.Member } identity || common is { } other && !other.Equals(identity))
                {
                    return null;
                }

                common = identity;
            }
        }

        return common is { Symbol: { } symbol } && SymbolEqualityComparer.Default.Equals(symbol.ContainingType, type.OriginalDefinition)
            ? symbol.Name
            : null;
    }

    private static string Describe(IOperation operation) => operation switch
    {
        IIncrementOrDecrementOperation or ICompoundAssignmentOperation => SharedUpdates.Describe(operation),
        ISimpleAssignmentOperation assignment when SharedUpdates.Target(assignment) is not null => SharedUpdates.Describe(operation),
        IInvocationOperation call => $"changed with '{call.TargetMethod.Name}'",
        IAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true } } => "changed with '[..] ='",
        _ => "assigned",
    };
}
