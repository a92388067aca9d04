using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Locking;

/// <summary>
/// CTN3005: an explicit acquisition (<see cref="LockCalls"/>) whose release, written later in the code the lock
/// guards, is not in a <c>finally</c> block that starts right after it, while code that may throw or leave early runs
/// in between. The code the lock guards is what follows an acquiring statement, the body of
/// <c>if (TryEnter(..))</c>, or what follows <c>if (!TryEnter(..)) return;</c>. Any other shape, an acquisition
/// already inside a <c>try</c> whose <c>finally</c> releases it, and an acquisition with no release in that code
/// (released elsewhere) are left alone.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CTN3005ReleaseNotInFinallyAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CTN3005ReleaseNotInFinally);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var symbols = KnownSymbols.For(start.Compilation);
            var options = ContentionOptions.CreateCache(start.Compilation, start.Options);
            CodeBlocks.Register(start, static (facts, _) => facts.MentionsAny(LockCalls.AcquisitionNames), block =>
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
        if (LockCalls.Acquisition(invocation, symbols) is not { } acquisition
            || GuardedRegion.Find(invocation) is not { } region
            || IsReleasedByEnclosingFinally(invocation, acquisition, symbols))
        {
            return;
        }

        var statements = region.Statements;
        int first = -1, last = -1;
        for (var i = region.Start; i < statements.Length; i++)
        {
            if (FirstRelease(statements[i], acquisition, symbols) is not null)
            {
                first = first < 0 ? i : first;
                last = i;
                if (IsReleaseStatement(statements[i], acquisition, symbols)
                    || statements[i] is ITryOperation { Finally: { } releasing } && FirstRelease(releasing, acquisition, symbols) is not null)
                {
                    break; // released on every path that got here: what follows is not guarded by this acquisition
                }
            }
        }

        if (first < 0)
        {
            return; // released somewhere else, or on purpose never here: not ours to judge
        }

        // A try whose finally releases: safe if it starts right after the acquisition, with nothing risky before it.
        var releasedInFinally = statements[first] is ITryOperation { Finally: { } finallyBlock } && FirstRelease(finallyBlock, acquisition, symbols) is not null;
        var end = releasedInFinally ? first - 1 : last;
        for (var i = region.Start; i <= end; i++)
        {
            if (MayThrowOrLeave(statements[i], acquisition, symbols))
            {
                var release = FirstRelease(statements[first], acquisition, symbols)!;
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.CTN3005ReleaseNotInFinally,
                    invocation.Syntax.GetLocation(),
                    ImmutableArray.Create(release.Syntax.GetLocation()),
                    acquisition.Display,
                    LockCalls.DescribeRelease(release, acquisition)));
                return;
            }
        }
    }

    /// <summary>True when the acquisition sits in the body of a <c>try</c> whose <c>finally</c> releases the same lock.</summary>
    private static bool IsReleasedByEnclosingFinally(IOperation acquire, LockAcquisition acquisition, KnownSymbols symbols)
    {
        for (var current = acquire; current.Parent is { } parent; current = parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }

            if (parent is ITryOperation { Finally: { } finallyBlock } tryOperation && tryOperation.Body == current
                && FirstRelease(finallyBlock, acquisition, symbols) is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first call in <paramref name="operation"/> (not in a lambda or local function) releasing the lock.</summary>
    private static IInvocationOperation? FirstRelease(IOperation operation, LockAcquisition acquisition, KnownSymbols symbols)
    {
        foreach (var descendant in Executed(operation))
        {
            if (descendant is IInvocationOperation invocation && LockCalls.Releases(invocation, acquisition, symbols))
            {
                return invocation;
            }
        }

        return null;
    }

    /// <summary>
    /// True when <paramref name="statement"/> may throw (a call, an allocation, an await, a throw, an element access, a
    /// cast, a dynamic operation, a foreach) or leave the guarded code (return, break, continue, goto, yield) without
    /// releasing the lock just before. Releases of the lock are not counted.
    /// </summary>
    private static bool MayThrowOrLeave(IOperation statement, LockAcquisition acquisition, KnownSymbols symbols)
    {
        foreach (var operation in Executed(statement))
        {
            switch (operation)
            {
                case IInvocationOperation invocation when !LockCalls.Releases(invocation, acquisition, symbols):
                case IObjectCreationOperation or IAwaitOperation or IThrowOperation or IArrayElementReferenceOperation:
                case IDynamicInvocationOperation or IDynamicMemberReferenceOperation or IDynamicObjectCreationOperation or IDynamicIndexerAccessOperation:
                case IForEachLoopOperation:
                case IConversionOperation { IsImplicit: false, Conversion.IsUserDefined: true }:
                case IConversionOperation { IsImplicit: false, IsTryCast: false, Conversion: { IsReference: true, IsImplicit: false } }:
                case IConversionOperation { IsImplicit: false, Operand.Type.IsReferenceType: true, Type.IsValueType: true }: // unboxing
                    return true;
                case IBranchOperation or IReturnOperation when !FollowsRelease(operation, acquisition, symbols):
                    return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="statement"/> is a call releasing the lock and nothing else.</summary>
    private static bool IsReleaseStatement(IOperation statement, LockAcquisition acquisition, KnownSymbols symbols) =>
        statement is IExpressionStatementOperation { Operation: IInvocationOperation call } && LockCalls.Releases(call, acquisition, symbols);

    /// <summary>True when the statement before <paramref name="jump"/> in its block releases the lock.</summary>
    private static bool FollowsRelease(IOperation jump, LockAcquisition acquisition, KnownSymbols symbols)
    {
        var statement = jump.Parent is IBlockOperation ? jump : jump.Parent;
        if (statement?.Parent is not IBlockOperation block)
        {
            return false;
        }

        var index = block.Operations.IndexOf(statement);
        return index > 0 && IsReleaseStatement(block.Operations[index - 1], acquisition, symbols);
    }

    /// <summary>The operations that run as part of <paramref name="root"/>: lambdas and local functions are skipped.</summary>
    private static IEnumerable<IOperation> Executed(IOperation root)
    {
        var stack = new Stack<IOperation>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var operation = stack.Pop();
            yield return operation;
            foreach (var child in operation.ChildOperations.Reverse())
            {
                // Pushed last to first, so the children come out in source order.
                if (child is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
                {
                    stack.Push(child);
                }
            }
        }
    }
}
