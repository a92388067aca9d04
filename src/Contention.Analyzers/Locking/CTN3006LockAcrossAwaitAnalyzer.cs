using System.Collections.Immutable;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Locking;

/// <summary>
/// CTN3006: in async code, a thread-affine lock (<c>Monitor</c>, <c>Mutex</c>, <c>ReaderWriterLockSlim</c>,
/// <c>SpinLock</c>) acquired and not released before an <c>await</c> that follows it in the same function.
/// Textual order stands in for control flow; a lock object whose identity is unknown is skipped.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CTN3006LockAcrossAwaitAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CTN3006LockAcrossAwait);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var symbols = KnownSymbols.For(start.Compilation);
            var options = ContentionOptions.CreateCache(start.Options);
            start.RegisterOperationBlockStartAction(block =>
            {
                if (SyntaxPrefilter.MayContainAsyncCode(block.OwningSymbol, block.OperationBlocks)
                    && SyntaxPrefilter.MentionsAny(block.OperationBlocks, LockCalls.AcquisitionNames)
                    && !options(block.OperationBlocks[0].Syntax.SyntaxTree).IsInExcludedType(block.OwningSymbol))
                {
                    block.RegisterOperationAction(ctx => Analyze(ctx, symbols), OperationKind.Invocation);
                }
            });
        });
    }

    private static void Analyze(OperationAnalysisContext context, KnownSymbols symbols)
    {
        var acquire = (IInvocationOperation)context.Operation;
        if (LockCalls.Acquisition(acquire, symbols) is not { IsThreadAffine: true, Kind: not LockCallKind.Lock } held
            || !AsyncContext.IsInAsyncCode(acquire, context.ContainingSymbol, out var function))
        {
            return;
        }

        var body = LockScope.FunctionBody(acquire);
        IAwaitOperation? firstAwait = null;
        foreach (var operation in body.Descendants())
        {
            if (operation is IAwaitOperation awaited && operation.Syntax.SpanStart > acquire.Syntax.SpanStart
                && LockScope.IsDirectlyIn(operation, body) && (firstAwait is null || operation.Syntax.SpanStart < firstAwait.Syntax.SpanStart))
            {
                firstAwait = awaited;
            }
        }

        if (firstAwait is null)
        {
            return;
        }

        foreach (var operation in body.Descendants())
        {
            if (operation is IInvocationOperation release
                && release.Syntax.SpanStart > acquire.Syntax.SpanStart && release.Syntax.SpanStart < firstAwait.Syntax.SpanStart
                && LockScope.IsDirectlyIn(release, body)
                && LockCalls.Releases(release, held, symbols))
            {
                return;
            }
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CTN3006LockAcrossAwait,
            acquire.Syntax.GetLocation(),
            ImmutableArray.Create(firstAwait.Syntax.GetLocation()),
            held.Display,
            AsyncContext.Describe(function!)));
    }
}
