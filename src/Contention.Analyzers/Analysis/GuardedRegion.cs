using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Analysis;

/// <summary>
/// The statements an explicit acquisition guards, found by the shape of the code around it:
/// <list type="bullet">
/// <item><c>Monitor.Enter(o);</c> or <c>await sem.WaitAsync();</c> as a statement: the statements after it in its block;</item>
/// <item><c>if (Monitor.TryEnter(o)) { .. }</c>: the statements of the <c>if</c> body;</item>
/// <item><c>if (!sem.Wait(0)) return;</c> (any jump or throw): the statements after the <c>if</c> in its block;</item>
/// <item>the result kept in a local that the very next statement checks in either of those two ways.</item>
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
            case IExpressionStatementOperation statement when !LockCalls.ReturnsWhetherTaken(acquire):
                return After(statement);
            case IConditionalOperation conditional when conditional.Condition == expression && conditional.WhenTrue is { } whenTrue:
                return whenTrue is IBlockOperation block
                    ? new GuardedRegion(block.Operations, 0)
                    : new GuardedRegion(ImmutableArray.Create(whenTrue), 0);
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not, Parent: IConditionalOperation conditional } not
                when conditional.Condition == not && conditional.WhenFalse is null && Leaves(conditional.WhenTrue):
                return After(conditional);
            default:
                return FlagChecked(expression);
        }
    }

    /// <summary>
    /// <c>var ok = Monitor.TryEnter(o, 10);</c> (or <c>ok = ..;</c>) checked by the very next statement:
    /// <c>if (!ok) return;</c> guards what follows it, <c>if (ok) { .. }</c> guards its body.
    /// </summary>
    private static GuardedRegion? FlagChecked(IOperation expression)
    {
        ILocalSymbol? flag = null;
        IOperation? statement = null;
        switch (expression.Parent)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
                when declarator.Parent is IVariableDeclarationOperation { Declarators.Length: 1, Parent: IVariableDeclarationGroupOperation group }:
                flag = declarator.Symbol;
                statement = group;
                break;
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local, Parent: IExpressionStatementOperation assignment }:
                flag = local.Local;
                statement = assignment;
                break;
        }

        if (flag is null || statement?.Parent is not IBlockOperation block)
        {
            return null;
        }

        var next = block.Operations.IndexOf(statement) + 1;
        if (next >= block.Operations.Length || block.Operations[next] is not IConditionalOperation check)
        {
            return null;
        }

        if (check.Condition is ILocalReferenceOperation tested && SymbolEqualityComparer.Default.Equals(tested.Local, flag) && check.WhenTrue is { } whenTrue)
        {
            return whenTrue is IBlockOperation body ? new GuardedRegion(body.Operations, 0) : new GuardedRegion(ImmutableArray.Create(whenTrue), 0);
        }

        return check.Condition is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not, Operand: ILocalReferenceOperation negated }
            && SymbolEqualityComparer.Default.Equals(negated.Local, flag) && check.WhenFalse is null && Leaves(check.WhenTrue)
            ? After(check)
            : null;
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
