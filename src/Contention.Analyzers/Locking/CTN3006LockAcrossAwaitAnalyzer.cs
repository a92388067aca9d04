using System.Collections.Immutable;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Locking;

/// <summary>
/// CTN3006: in async code, a thread-affine lock (<c>Monitor</c>, <c>Mutex</c>, <c>ReaderWriterLockSlim</c>,
/// <c>SpinLock</c>) whose acquisition reaches an <c>await</c> with the lock still held on every path
/// (<see cref="LockFlow"/>); a lock held on some paths only, or whose identity is unknown, is left alone.
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

        // The first await, in the same function, that every path from here reaches with this lock still held
        // (another acquisition of the same lock in between answers for itself).
        var body = LockScope.FunctionBody(acquire);
        IAwaitOperation? firstAwait = null;
        foreach (var operation in body.Descendants())
        {
            if (operation is IAwaitOperation awaited
                && operation.Syntax.SpanStart > acquire.Syntax.SpanStart
                && (firstAwait is null || operation.Syntax.SpanStart < firstAwait.Syntax.SpanStart)
                && LockScope.IsDirectlyIn(operation, body)
                && IsHeldAt(held.Identity, awaited, symbols, context.CancellationToken)
                && !AcquiredAgainBefore(held.Identity, acquire, awaited, body, symbols))
            {
                firstAwait = awaited;
            }
        }

        if (firstAwait is null)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CTN3006LockAcrossAwait,
            acquire.Syntax.GetLocation(),
            ImmutableArray.Create(firstAwait.Syntax.GetLocation()),
            held.Display,
            AsyncContext.Describe(function!)));
    }

    private static bool IsHeldAt(LockIdentity identity, IOperation operation, KnownSymbols symbols, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var flowLock in LockFlow.HeldAt(operation, symbols, cancellationToken))
        {
            if (flowLock.Identity.Equals(identity))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AcquiredAgainBefore(LockIdentity identity, IOperation acquire, IOperation awaited, IOperation body, KnownSymbols symbols)
    {
        foreach (var operation in body.Descendants())
        {
            if (operation is IInvocationOperation other && other != acquire
                && other.Syntax.SpanStart > acquire.Syntax.SpanStart && other.Syntax.SpanStart < awaited.Syntax.SpanStart
                && LockScope.IsDirectlyIn(other, body)
                && LockCalls.Acquisition(other, symbols) is { } again && again.Identity.Equals(identity))
            {
                return true;
            }
        }

        return false;
    }
}
