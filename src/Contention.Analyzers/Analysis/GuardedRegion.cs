using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Analysis;

/// <summary>
/// The statements an explicit acquisition guards, found by the shape of the code around it:
/// <list type="bullet">
/// <item><c>Monitor.Enter(o);</c> or <c>await sem.WaitAsync();</c> as a statement: the statements after it in its block;</item>
/// <item><c>if (Monitor.TryEnter(o)) { .. }</c>: the statements of the <c>if</c> body;</item>
/// <item><c>if (!sem.Wait(0)) return;</c> (any jump or throw): the statements after the <c>if</c> in its block.</item>
/// </list>
/// Any other shape (the result stored, combined, ignored from a timed <c>TryEnter</c>, ...) has no region.
/// </summary>
public sealed class GuardedRegion
{
    private GuardedRegion(ImmutableArray<IOperation> statements, int start)
    {
        Statements = statements;
        Start = start;
    }

    /// <summary>The statement list the guarded statements belong to.</summary>
    public ImmutableArray<IOperation> Statements { get; }

    /// <summary>The index in <see cref="Statements"/> of the first guarded statement.</summary>
    public int Start { get; }

    public static GuardedRegion? Find(IInvocationOperation acquire)
    {
        var expression = AcquiringExpression(acquire);
        switch (expression.Parent)
        {
            case IExpressionStatementOperation statement when !ResultMatters(acquire):
                return After(statement);
            case IConditionalOperation conditional when conditional.Condition == expression && conditional.WhenTrue is { } whenTrue:
                return whenTrue is IBlockOperation block
                    ? new GuardedRegion(block.Operations, 0)
                    : new GuardedRegion(ImmutableArray.Create(whenTrue), 0);
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not, Parent: IConditionalOperation conditional } not
                when conditional.Condition == not && conditional.WhenFalse is null && Leaves(conditional.WhenTrue):
                return After(conditional);
            default:
                return null;
        }
    }

    /// <summary>The acquisition as its statement sees it: <c>await sem.WaitAsync(..).ConfigureAwait(..)</c> or the call.</summary>
    private static IOperation AcquiringExpression(IInvocationOperation acquire)
    {
        IOperation expression = acquire;
        if (expression.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured && configured.Instance == expression)
        {
            expression = configured;
        }

        return expression.Parent is IAwaitOperation awaited ? awaited : expression;
    }

    /// <summary>
    /// A bool (or Task&lt;bool&gt;) result that says whether the lock was taken, ignored: a different bug, not this shape.
    /// <c>Mutex.WaitOne()</c> with no timeout always returns true, so its result may be ignored.
    /// </summary>
    private static bool ResultMatters(IInvocationOperation acquire)
    {
        var returnType = acquire.TargetMethod.ReturnType;
        var returnsBool = returnType.SpecialType == SpecialType.System_Boolean
            || returnType is INamedTypeSymbol { IsGenericType: true, TypeArguments: { Length: 1 } arguments } && arguments[0].SpecialType == SpecialType.System_Boolean;
        return returnsBool && !(acquire.TargetMethod.Name == "WaitOne" && acquire.Arguments.IsEmpty);
    }

    private static GuardedRegion? After(IOperation statement) => statement.Parent switch
    {
        IBlockOperation block => new GuardedRegion(block.Operations, block.Operations.IndexOf(statement) + 1),
        ISwitchCaseOperation section => new GuardedRegion(section.Body, section.Body.IndexOf(statement) + 1),
        _ => null,
    };

    private static bool Leaves(IOperation? operation) => operation switch
    {
        IBranchOperation or IReturnOperation => true,
        IExpressionStatementOperation { Operation: IThrowOperation } => true,
        IThrowOperation => true,
        IBlockOperation { Operations.Length: 1 } block => Leaves(block.Operations[0]),
        _ => false,
    };
}
