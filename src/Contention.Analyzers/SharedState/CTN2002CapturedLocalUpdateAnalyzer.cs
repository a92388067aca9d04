using System.Collections.Immutable;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.SharedState;

/// <summary>
/// CTN2002: a non-atomic read-modify-write (<see cref="SharedUpdates"/>) of a local or parameter captured by a lambda
/// whose runs overlap (<see cref="ConcurrencyContext"/>), with no lock held. A variable declared inside the lambda,
/// or inside the loop that starts it once per pass, belongs to one run; the state parameter of the
/// <c>localInit</c>/<c>localFinally</c> overloads of <c>Parallel.For</c> is the lambda's own parameter, not captured.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CTN2002CapturedLocalUpdateAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CTN2002CapturedLocalUpdate);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var symbols = KnownSymbols.For(start.Compilation);
            var options = ContentionOptions.CreateCache(start.Compilation, start.Options);
            // A captured local is updated in a lambda or local function that something starts concurrently.
            CodeBlocks.Register(
                start,
                static (facts, owner, cancellationToken) => ConcurrencyContext.MayStartConcurrently(facts, owner.ContainingType, cancellationToken),
                block =>
                {
                    var blockOptions = options(block.SyntaxTree);
                    if (blockOptions.Excludes(DiagnosticIds.CTN2002CapturedLocalUpdate, block.OwningSymbol))
                    {
                        return;
                    }

                    block.RegisterOperationAction(
                        ctx => Analyze(ctx, symbols),
                        OperationKind.Increment,
                        OperationKind.Decrement,
                        OperationKind.CompoundAssignment,
                        OperationKind.SimpleAssignment);
                });
        });
    }

    private static void Analyze(OperationContext context, KnownSymbols symbols)
    {
        var update = context.Operation;
        ISymbol? variable = SharedUpdates.Target(update) switch
        {
            ILocalReferenceOperation { Local.IsRef: false } local => local.Local,
            IParameterReferenceOperation { Parameter.RefKind: RefKind.None } parameter => parameter.Parameter,
            _ => null,
        };
        if (variable is null
            || ConcurrencyContext.Enclosing(update, symbols, out var function) is not { } start
            || ConcurrentStart.IsDeclaredWithin(variable, function!)
            || !start.IsShared(variable)
            || !start.MayOverlapOn(variable)
            || SharedUpdates.IsUnderLock(update, symbols, context.CancellationToken))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CTN2002CapturedLocalUpdate,
            update.Syntax.GetLocation(),
            variable.Name,
            SharedUpdates.Describe(update),
            start.Description,
            SharedUpdates.Advice(update, SharedUpdates.Target(update)!)));
    }
}
