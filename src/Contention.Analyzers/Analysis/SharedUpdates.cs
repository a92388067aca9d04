using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Analysis;

/// <summary>
/// Read-modify-write updates that are not atomic: <c>x++</c>, <c>--x</c>, <c>x += n</c> (any compound operator) and
/// <c>x = x + n</c> (the target read again on the right, through the same instance). Two threads doing one at once
/// can both read the old value, and one write is lost. <c>Interlocked</c> calls are invocations, not updates.
/// </summary>
public static class SharedUpdates
{
    /// <summary>The variable <paramref name="operation"/> reads, changes and writes back non-atomically, or null.</summary>
    public static IOperation? Target(IOperation operation) => operation switch
    {
        IIncrementOrDecrementOperation update => update.Target,
        ICompoundAssignmentOperation update => update.Target,
        ISimpleAssignmentOperation { Value: IBinaryOperation binary } assignment when ReadsBack(binary, assignment.Target) => assignment.Target,
        _ => null,
    };

    /// <summary>"incremented", "decremented", "updated with '+='", "updated with '_total = _total + ..'".</summary>
    public static string Describe(IOperation operation) => operation switch
    {
        IIncrementOrDecrementOperation { Kind: OperationKind.Increment } => "incremented",
        IIncrementOrDecrementOperation => "decremented",
        ICompoundAssignmentOperation { Syntax: AssignmentExpressionSyntax assignment } => $"updated with '{assignment.OperatorToken.Text}'",
        ISimpleAssignmentOperation { Target.Syntax: var target, Value.Syntax: BinaryExpressionSyntax binary } =>
            $"updated with '{target} = {target} {binary.OperatorToken.Text} ..'",
        _ => "read and written back",
    };

    /// <summary>
    /// The <c>Interlocked</c> method that does the update atomically on an <c>int</c> or <c>long</c>: <c>Increment</c>,
    /// <c>Decrement</c> or <c>Add</c> (for <c>+=</c>, <c>-=</c> and <c>x = x + n</c>/<c>x = x - n</c>); null for others.
    /// </summary>
    public static string? InterlockedMethod(IOperation operation, IOperation target)
    {
        if (target.Type?.SpecialType is not (SpecialType.System_Int32 or SpecialType.System_Int64))
        {
            return null;
        }

        return operation switch
        {
            IIncrementOrDecrementOperation { IsChecked: false, Kind: OperationKind.Increment } => "Increment",
            IIncrementOrDecrementOperation { IsChecked: false } => "Decrement",
            ICompoundAssignmentOperation { IsChecked: false, OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract } compound
                when compound.InConversion.IsIdentity && compound.OutConversion.IsIdentity => "Add",
            ISimpleAssignmentOperation { Value: IBinaryOperation { IsChecked: false, OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract } } => "Add",
            _ => null,
        };
    }

    /// <summary>The advice a message ends with: the Interlocked method to call, else a lock.</summary>
    public static string Advice(IOperation operation, IOperation target) =>
        InterlockedMethod(operation, target) is { } method
            ? $"use 'Interlocked.{method}'"
            : "do it under a lock";

    /// <summary>True when <paramref name="operation"/> runs inside a <c>lock</c> or an explicit lock region.</summary>
    public static bool IsUnderLock(IOperation operation, KnownSymbols symbols, System.Threading.CancellationToken cancellationToken) =>
        !LockScope.HeldLocks(operation, symbols, cancellationToken).IsEmpty;

    /// <summary><paramref name="operation"/> without the conversions around it (<c>(long)x</c>, an implicit boxing).</summary>
    public static IOperation WithoutConversions(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    private static bool ReadsBack(IBinaryOperation binary, IOperation target)
    {
        var left = binary.LeftOperand;
        while (left is IConversionOperation { IsImplicit: true } conversion)
        {
            left = conversion.Operand;
        }

        return SameVariable(left, target);
    }

    /// <summary>The same field through the same instance expression, or the same local or parameter.</summary>
    public static bool SameVariable(IOperation left, IOperation right) => (left, right) switch
    {
        (IFieldReferenceOperation a, IFieldReferenceOperation b) => SymbolEqualityComparer.Default.Equals(a.Field, b.Field)
            && (a.Instance is null && b.Instance is null
                || a.Instance is IInstanceReferenceOperation && b.Instance is IInstanceReferenceOperation
                || a.Instance is not null && b.Instance is not null && SameVariable(a.Instance, b.Instance)),
        (ILocalReferenceOperation a, ILocalReferenceOperation b) => SymbolEqualityComparer.Default.Equals(a.Local, b.Local),
        (IParameterReferenceOperation a, IParameterReferenceOperation b) => SymbolEqualityComparer.Default.Equals(a.Parameter, b.Parameter),
        _ => false,
    };
}
