using System.Collections.Immutable;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Locking;

/// <summary>
/// CTN3012: <c>Monitor.Wait/Pulse/PulseAll</c> where the lock on the same object is not held. Unsure means silent:
/// the function taking that lock anywhere, or being private, a local function or a lambda (callers may hold the
/// lock), is enough to stay quiet; a lock held on a different object, or none in a public method, is reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CTN3012MonitorWithoutLockAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CTN3012MonitorWithoutLock);

    private static readonly ImmutableHashSet<string> TriggerNames = ImmutableHashSet.Create("Wait", "Pulse", "PulseAll");

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var symbols = KnownSymbols.For(start.Compilation);
            if (symbols.Monitor is null)
            {
                return;
            }

            var options = ContentionOptions.CreateCache(start.Compilation, start.Options);
            CodeBlocks.Register(start, static (facts, _) => facts.MentionsAny(TriggerNames), block =>
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
        if (!symbols.IsMonitorMethod(invocation.TargetMethod, "Wait", "Pulse", "PulseAll")
            || invocation.Arguments.Length == 0
            || LockScope.Identify(invocation.Arguments[0].Value) is not { } identity
            || LockScope.IsHeld(invocation.Arguments[0].Value, invocation, symbols))
        {
            return;
        }

        // Some monitor held, on another object: a real mismatch. Nothing held: only where no caller can hold it.
        var holdsAnother = false;
        foreach (var held in LockScope.HeldLocks(invocation, symbols))
        {
            holdsAnother |= held.Kind is null or LockCallKind.Monitor;
        }

        if (!holdsAnother
            && (LockScope.FunctionLocks(invocation, identity, symbols) || MayBeCalledUnderLock(invocation, context.ContainingSymbol)))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CTN3012MonitorWithoutLock,
            invocation.Syntax.GetLocation(),
            invocation.TargetMethod.Name,
            identity.Display));
    }

    private static bool MayBeCalledUnderLock(IOperation operation, ISymbol containingSymbol)
    {
        var function = AsyncContext.GetEnclosingFunction(operation, containingSymbol);
        return function is null
            || function.MethodKind is MethodKind.AnonymousFunction or MethodKind.LocalFunction
            || (function.DeclaredAccessibility == Accessibility.Private
                && function.ExplicitInterfaceImplementations.IsEmpty
                && function.MethodKind != MethodKind.StaticConstructor);
    }
}
