using System.Collections.Immutable;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Async;

/// <summary>CTN1004: a blocking synchronization primitive with no async twin, called in async code.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CTN1004BlockingPrimitiveInAsyncAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CTN1004BlockingPrimitiveInAsync);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var symbols = KnownSymbols.For(start.Compilation);
            var options = ContentionOptions.CreateCache(start.Compilation, start.Options);
            CodeBlocks.Register(start, static (facts, owner) => facts.MentionsAny(BlockingPrimitives.TriggerNames) && facts.MayContainAsyncCode(owner), block =>
            {
                if (!options(block.SyntaxTree).IsInExcludedType(block.OwningSymbol))
                {
                    block.RegisterOperationAction(ctx => Analyze(ctx, symbols), OperationKind.Invocation);
                }
            });
        });
    }

    private static void Analyze(OperationContext context, KnownSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (BlockingPrimitives.TryMatch(invocation, symbols, out var display, out var alternative)
            && AsyncContext.IsInAsyncCode(invocation, context.ContainingSymbol, out var function))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CTN1004BlockingPrimitiveInAsync,
                invocation.Syntax.GetLocation(),
                display,
                AsyncContext.Describe(function!),
                alternative));
        }
    }
}
