using System.Collections.Concurrent;
using System.Collections.Immutable;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.SharedState;

/// <summary>
/// CTN2003: a collection of <c>System.Collections.Generic</c> that allows one writer at a time (<c>List</c>,
/// <c>Dictionary</c>, <c>HashSet</c>, <c>Queue</c>, <c>Stack</c>, the sorted ones, <c>LinkedList</c>,
/// <c>PriorityQueue</c>) changed from concurrent code with no lock held: by a mutating method or an indexer write
/// (except <c>list[i] = x</c>, which replaces an element in place: runs that write distinct indices do not race).
/// Concurrent code is what CTN2001 uses (<see cref="ConcurrencyContext"/>, <see cref="ConcurrentMethods"/>). The
/// collection must be shared by the runs: a field of this object or a static one, or a variable declared outside what
/// each run has to itself; a collection created inside the delegate belongs to one run.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CTN2003NonThreadSafeCollectionAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CTN2003NonThreadSafeCollection);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var symbols = KnownSymbols.For(start.Compilation);
            if (symbols.UnsafeCollections.IsEmpty)
            {
                return;
            }

            var options = ContentionOptions.CreateCache(start.Compilation, start.Options);
            CodeBlocks.RegisterTypeAction(
                start,
                typeStart =>
                {
                    var type = (INamedTypeSymbol)typeStart.Symbol;
                    if (type.Locations.Length > 0 && type.Locations[0].SourceTree is { } tree && !options(tree).IsInExcludedType(type))
                    {
                        AnalyzeType(typeStart, type, symbols, options(tree).ExcludedMethods(DiagnosticIds.CTN2003NonThreadSafeCollection));
                    }
                });
        });
    }

    private static void AnalyzeType(TypeScope context, INamedTypeSymbol type, KnownSymbols symbols, SymbolNameList excluded)
    {
        // Only a type that starts concurrent code, or says it is called concurrently, has concurrent methods.
        if (ConcurrentBlocks.For(type, context.CancellationToken) is not { } concurrentBlocks)
        {
            return;
        }

        var concurrentMethods = new ConcurrentMethods(type, symbols);
        var pending = new ConcurrentBag<(IMethodSymbol Method, Mutation Mutation)>();

        CodeBlocks.RegisterOperationAction(
            context,
            concurrentBlocks.MayRunConcurrently,
            ctx =>
            {
                concurrentMethods.Observe(ctx.Operation);
                if (Mutation.Of(ctx.Operation, symbols) is not { } mutation || excluded.Matches(ctx.ContainingSymbol))
                {
                    return;
                }

                if (ConcurrencyContext.Enclosing(ctx.Operation, symbols, out var function) is { } start)
                {
                    if (IsShared(mutation.Collection, start, function!, symbols) && !SharedUpdates.IsUnderLock(ctx.Operation, symbols, ctx.CancellationToken))
                    {
                        ctx.ReportDiagnostic(mutation.Report(start.Description));
                    }
                }
                else if (ctx.ContainingSymbol is IMethodSymbol method && LockScope.FunctionBody(ctx.Operation).Parent is null
                    && mutation.Collection is IFieldReferenceOperation or IPropertyReferenceOperation
                    && !(mutation.Collection is IFieldReferenceOperation { Field: var field } && symbols.IsThreadStatic(field))
                    && ConcurrentMethods.IsOwnState(((IMemberReferenceOperation)mutation.Collection).Instance))
                {
                    pending.Add((method, mutation));
                }
            },
            OperationKind.MethodReference,
            OperationKind.Invocation,
            OperationKind.SimpleAssignment,
            OperationKind.CompoundAssignment,
            OperationKind.CoalesceAssignment);

        context.RegisterSymbolEndAction(end =>
        {
            foreach (var (method, mutation) in pending)
            {
                if (concurrentMethods.TryGet(method, out var how) && !SharedUpdates.IsUnderLock(mutation.Operation, symbols, end.CancellationToken))
                {
                    end.ReportDiagnostic(mutation.Report(how));
                }
            }
        });
    }

    private static bool IsShared(IOperation collection, ConcurrentStart start, IAnonymousFunctionOperation function, KnownSymbols symbols) =>
        MayOverlap(collection, start) && collection switch
    {
        IFieldReferenceOperation field when symbols.IsThreadStatic(field.Field) => false,
        IPropertyReferenceOperation { Property.Name: "Value", Property.ContainingType.Name: "ThreadLocal" or "AsyncLocal" } => false,
        ILocalReferenceOperation local => !ConcurrentStart.IsDeclaredWithin(local.Local, function) && start.IsShared(local.Local),
        IParameterReferenceOperation parameter => !ConcurrentStart.IsDeclaredWithin(parameter.Parameter, function) && start.IsShared(parameter.Parameter),
        IMemberReferenceOperation member => start.IsSharedInstance(member.Instance),
        _ => false,
    };

    private static bool MayOverlap(IOperation collection, ConcurrentStart start) => collection switch
    {
        ILocalReferenceOperation local => start.MayOverlapOn(local.Local),
        IParameterReferenceOperation parameter => start.MayOverlapOn(parameter.Parameter),
        IMemberReferenceOperation member => start.MayOverlapOn(member.Member),
        _ => true,
    };

    /// <summary>A change to a non-thread-safe collection: which collection, how, and the operation that does it.</summary>
    private sealed class Mutation
    {
        private Mutation(IOperation operation, IOperation collection, INamedTypeSymbol type, string how)
        {
            Operation = operation;
            Collection = collection;
            Type = type;
            How = how;
        }

        public IOperation Operation { get; }

        /// <summary>The expression the collection is read from: a field, property, local or parameter reference.</summary>
        public IOperation Collection { get; }

        public INamedTypeSymbol Type { get; }

        public string How { get; }

        public static Mutation? Of(IOperation operation, KnownSymbols symbols)
        {
            switch (operation)
            {
                case IInvocationOperation { Instance: { } instance } call when CollectionChanges.MutatingMethods.Contains(call.TargetMethod.Name)
                    && symbols.UnsafeCollection(instance.Type) is { } type && IsVariable(instance):
                    return new Mutation(operation, SharedUpdates.WithoutConversions(instance), type, call.TargetMethod.Name);
                case IAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance } }
                    when symbols.UnsafeCollection(instance.Type) is { } type && IsVariable(instance)
                        && type.OriginalDefinition.MetadataName != "List`1": // list[i] = x replaces an element in place; distinct indices do not race
                    return new Mutation(operation, SharedUpdates.WithoutConversions(instance), type, "[..] =");
                default:
                    return null;
            }
        }

        public Diagnostic Report(string where) => Diagnostic.Create(
            Descriptors.CTN2003NonThreadSafeCollection,
            Operation.Syntax.GetLocation(),
            Name(Collection),
            Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
            How,
            where,
            Advice(Type));

        private static bool IsVariable(IOperation instance) =>
            SharedUpdates.WithoutConversions(instance) is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation
                or IPropertyReferenceOperation { Property.IsIndexer: false };

        private static string Name(IOperation collection) => collection switch
        {
            ILocalReferenceOperation local => local.Local.Name,
            IParameterReferenceOperation parameter => parameter.Parameter.Name,
            IMemberReferenceOperation member => member.Member.Name,
            _ => collection.Syntax.ToString(),
        };

        private static string Advice(INamedTypeSymbol type)
        {
            var arguments = string.Join(", ", System.Linq.Enumerable.Select(type.TypeArguments, t => t.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
            return type.OriginalDefinition.MetadataName switch
            {
                "List`1" => $"use ConcurrentBag<{arguments}> if order does not matter, or hold a lock",
                "Dictionary`2" => $"use ConcurrentDictionary<{arguments}>",
                "Queue`1" => $"use ConcurrentQueue<{arguments}>",
                "Stack`1" => $"use ConcurrentStack<{arguments}>",
                "HashSet`1" => $"use ConcurrentDictionary<{arguments}, byte>, or hold a lock",
                _ => "hold a lock around every access",
            };
        }
    }
}
