using System.Collections.Concurrent;
using System.Collections.Immutable;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.SharedState;

/// <summary>
/// CTN2001: a non-atomic read-modify-write (<see cref="SharedUpdates"/>) of a field that several runs of concurrent
/// code share, with no lock held. Concurrent code (<see cref="ConcurrencyContext"/>) is a lambda started so that runs
/// overlap, or a method of the type given as such a delegate (<c>Parallel.For(0, n, Work)</c>) or called on
/// <c>this</c> from such a lambda. A field is shared when it is static, read through <c>this</c>, through a field,
/// or through a variable declared outside what each run has to itself. <c>[ThreadStatic]</c> fields are per thread.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CTN2001NonAtomicFieldUpdateAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CTN2001NonAtomicFieldUpdate);

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
                    if (type.Locations.Length > 0 && type.Locations[0].SourceTree is { } tree && !options(tree).IsInExcludedType(type))
                    {
                        AnalyzeType(typeStart, type, symbols, options(tree));
                    }
                });
        });
    }

    private static void AnalyzeType(TypeScope context, INamedTypeSymbol type, KnownSymbols symbols, ContentionOptions options)
    {
        // Only a type that starts concurrent code, or says it is called concurrently, has concurrent methods.
        if (ConcurrentBlocks.For(type, context.CancellationToken) is not { } concurrentBlocks)
        {
            return;
        }

        // Methods of the type that run concurrently, with how; and updates in method bodies, judged at the end.
        var concurrentMethods = new ConcurrentMethods(type, symbols);
        var pending = new ConcurrentBag<(IMethodSymbol Method, IOperation Update, IFieldReferenceOperation Field)>();
        var excluded = options.ExcludedMethods(DiagnosticIds.CTN2001NonAtomicFieldUpdate);

        CodeBlocks.RegisterOperationAction(
            context,
            concurrentBlocks.MayRunConcurrently,
            ctx =>
            {
                switch (ctx.Operation)
                {
                    case IMethodReferenceOperation or IInvocationOperation:
                        concurrentMethods.Observe(ctx.Operation);
                        break;
                    default:
                        if (SharedUpdates.Target(ctx.Operation) is IFieldReferenceOperation field
                            && !field.Field.IsConst
                            && !symbols.IsThreadStatic(field.Field)
                            && !excluded.Matches(ctx.ContainingSymbol))
                        {
                            if (ConcurrencyContext.Enclosing(ctx.Operation, symbols, out _) is { } start)
                            {
                                if (start.IsSharedInstance(field.Instance) && start.MayOverlapOn(field.Field) && !SharedUpdates.IsUnderLock(ctx.Operation, symbols, ctx.CancellationToken))
                                {
                                    ctx.ReportDiagnostic(Create(ctx.Operation, field, start.Description));
                                }
                            }
                            else if (ctx.ContainingSymbol is IMethodSymbol method && LockScope.FunctionBody(ctx.Operation).Parent is null)
                            {
                                pending.Add((method.OriginalDefinition, ctx.Operation, field));
                            }
                        }

                        break;
                }
            },
            OperationKind.MethodReference,
            OperationKind.Invocation,
            OperationKind.Increment,
            OperationKind.Decrement,
            OperationKind.CompoundAssignment,
            OperationKind.SimpleAssignment);

        context.RegisterSymbolEndAction(end =>
        {
            foreach (var (method, update, field) in pending)
            {
                if (concurrentMethods.TryGet(method, out var how)
                    && ConcurrentMethods.IsOwnState(field.Instance)
                    && !SharedUpdates.IsUnderLock(update, symbols, end.CancellationToken))
                {
                    end.ReportDiagnostic(Create(update, field, how));
                }
            }
        });
    }

    private static Diagnostic Create(IOperation update, IFieldReferenceOperation field, string where) =>
        Diagnostic.Create(
            Descriptors.CTN2001NonAtomicFieldUpdate,
            update.Syntax.GetLocation(),
            field.Field.Name,
            SharedUpdates.Describe(update),
            where,
            SharedUpdates.Advice(update, field));
}
