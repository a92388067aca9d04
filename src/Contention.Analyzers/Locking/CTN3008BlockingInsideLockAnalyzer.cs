using System.Collections.Immutable;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Locking;

/// <summary>
/// CTN3008: a blocking call while a lock is held (<see cref="LockScope"/>): the async family's blocking catalogue
/// (<see cref="MethodSummaries.BlockingCall"/>: sleeps, task waits, blocking primitives, synchronous I/O with an
/// async twin, methods declared blocking). <c>Monitor.Wait</c> is left alone: on the held lock it releases it,
/// on another object CTN3012 applies. Synchronous I/O on the type's own fields is what such a lock serializes,
/// so it is left alone too.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CTN3008BlockingInsideLockAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CTN3008BlockingInsideLock);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var symbols = KnownSymbols.For(start.Compilation);
            var twins = AsyncTwin.For(start.Compilation);
            var options = ContentionOptions.CreateCache(start.Compilation, start.Options);
            CodeBlocks.Register(start, static (facts, _) => LockCalls.MayAcquire(facts), block =>
            {
                var blockOptions = options(block.SyntaxTree);
                if (blockOptions.IsInExcludedType(block.OwningSymbol))
                {
                    return;
                }

                block.RegisterOperationAction(
                    ctx => Analyze(ctx, symbols, twins, blockOptions),
                    OperationKind.Invocation,
                    OperationKind.PropertyReference);
            });
        });
    }

    private static void Analyze(OperationContext context, KnownSymbols symbols, AsyncTwin twins, ContentionOptions options)
    {
        var operation = context.Operation;
        if (operation is IInvocationOperation invocation && symbols.IsMonitorMethod(invocation.TargetMethod, "Wait"))
        {
            return;
        }

        // Whether the call blocks is asked first: most calls do not, and whether a lock is held may need the
        // function's control-flow graph.
        var function = AsyncContext.GetEnclosingFunction(operation, context.ContainingSymbol);
        if (MethodSummaries.BlockingCall(operation, function, symbols, twins, options) is not { } call
            || IsIoOnOwnResource(operation, context.ContainingSymbol.ContainingType, symbols, options))
        {
            return;
        }

        // A SemaphoreSlim is as often a throttle (many holders at once) as a lock: blocking under it is left alone.
        foreach (var candidate in LockScope.HeldLocks(operation, symbols, context.CancellationToken))
        {
            if (candidate.Kind != LockCallKind.SemaphoreSlim)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.CTN3008BlockingInsideLock, operation.Syntax.GetLocation(), call, candidate.Display));
                return;
            }
        }
    }

    /// <summary>
    /// Synchronous I/O on a stream, reader or writer the type itself holds (<c>_log.WriteLine(..)</c>): the lock
    /// is there to serialize exactly that I/O, so it is not reported. Sleeps, waits and joins always are.
    /// </summary>
    private static bool IsIoOnOwnResource(IOperation operation, INamedTypeSymbol? type, KnownSymbols symbols, ContentionOptions options)
    {
        if (type is null
            || operation is not IInvocationOperation { Instance: { } instance } invocation
            || LockTargets.OwnMember(LockTargets.Unwrap(instance), type) is null
            || KnownSymbols.IsOneOf(invocation.TargetMethod, symbols.ThreadSleep)
            || BlockingPrimitives.TryMatch(invocation, symbols, out _, out _)
            || TaskWaits.TryMatch(invocation, symbols, out _)
            || MethodSummaries.IsDeclaredBlocking(invocation.TargetMethod, options))
        {
            return false;
        }

        for (var type2 = instance.Type; type2 is not null; type2 = type2.BaseType)
        {
            if (type2.ContainingNamespace?.ToDisplayString() == "System.IO" && type2.Name is "Stream" or "TextWriter" or "TextReader")
            {
                return true;
            }
        }

        return false;
    }
}
