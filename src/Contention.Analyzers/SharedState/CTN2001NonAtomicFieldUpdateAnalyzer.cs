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
            var options = ContentionOptions.CreateCache(start.Options);
            start.RegisterSymbolStartAction(
                typeStart =>
                {
                    var type = (INamedTypeSymbol)typeStart.Symbol;
                    if (type.Locations.Length > 0 && type.Locations[0].SourceTree is { } tree && !options(tree).IsInExcludedType(type))
                    {
                        AnalyzeType(typeStart, type, symbols, options(tree));
                    }
                },
                SymbolKind.NamedType);
        });
    }

    private static void AnalyzeType(SymbolStartAnalysisContext context, INamedTypeSymbol type, KnownSymbols symbols, ContentionOptions options)
    {
        // Methods of the type that run concurrently, with how; and updates in method bodies, judged at the end.
        var concurrentMethods = new ConcurrentDictionary<IMethodSymbol, string>(SymbolEqualityComparer.Default);
        var pending = new ConcurrentBag<(IMethodSymbol Method, IOperation Update, IFieldReferenceOperation Field)>();
        var excluded = options.ExcludedMethods(DiagnosticIds.CTN2001NonAtomicFieldUpdate);

        context.RegisterOperationAction(
            ctx =>
            {
                switch (ctx.Operation)
                {
                    case IMethodReferenceOperation reference when IsOwnMethod(reference.Method, reference.Instance, type)
                        && ConcurrencyContext.StartOf(reference, symbols) is { } start:
                        concurrentMethods.TryAdd(reference.Method.OriginalDefinition, $"'{reference.Method.Name}', which runs as {start.Description}");
                        break;
                    case IInvocationOperation call when IsOwnMethod(call.TargetMethod, call.Instance, type)
                        && ConcurrencyContext.Enclosing(call, symbols, out _) is { } caller:
                        concurrentMethods.TryAdd(call.TargetMethod.OriginalDefinition, $"'{call.TargetMethod.Name}', which is called from {caller.Description}");
                        break;
                    default:
                        if (SharedUpdates.Target(ctx.Operation) is IFieldReferenceOperation field
                            && !field.Field.IsConst
                            && !IsThreadStatic(field.Field, symbols)
                            && !excluded.Matches(ctx.ContainingSymbol))
                        {
                            if (ConcurrencyContext.Enclosing(ctx.Operation, symbols, out _) is { } start)
                            {
                                if (IsShared(field.Instance, start) && !SharedUpdates.IsUnderLock(ctx.Operation, symbols, ctx.CancellationToken))
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
                if (concurrentMethods.TryGetValue(method, out var how)
                    && method.MethodKind is not (MethodKind.Constructor or MethodKind.StaticConstructor)
                    && (field.Instance is null || field.Instance is IInstanceReferenceOperation || IsFieldChain(field.Instance))
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

    /// <summary>A method of this type called or referenced on <c>this</c> (or static): every run uses the same object.</summary>
    private static bool IsOwnMethod(IMethodSymbol method, IOperation? instance, INamedTypeSymbol type) =>
        SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, type.OriginalDefinition)
        && method.MethodKind == MethodKind.Ordinary
        && (instance is null || instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance });

    /// <summary>Whether the object the field belongs to is the same in every run.</summary>
    private static bool IsShared(IOperation? instance, ConcurrentStart start) => instance switch
    {
        null => true,
        IInstanceReferenceOperation => true,
        ILocalReferenceOperation local => start.IsShared(local.Local),
        IParameterReferenceOperation parameter => start.IsShared(parameter.Parameter),
        IFieldReferenceOperation field => IsShared(field.Instance, start),
        IConversionOperation conversion => IsShared(conversion.Operand, start),
        _ => false,
    };

    private static bool IsFieldChain(IOperation instance) => instance switch
    {
        IFieldReferenceOperation field => field.Instance is null || field.Instance is IInstanceReferenceOperation || IsFieldChain(field.Instance),
        _ => false,
    };

    private static bool IsThreadStatic(IFieldSymbol field, KnownSymbols symbols)
    {
        foreach (var attribute in field.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, symbols.ThreadStaticAttribute))
            {
                return true;
            }
        }

        return false;
    }
}
