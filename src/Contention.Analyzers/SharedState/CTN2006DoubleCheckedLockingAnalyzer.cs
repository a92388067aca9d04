using System.Collections.Immutable;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.SharedState;

/// <summary>
/// CTN2006: double-checked locking on a non-volatile field. An <c>if</c> outside any lock tests a field (<c>== null</c>,
/// <c>is null</c>, <c>!flag</c>, <c>flag == false</c>, <c>== 0</c>) and takes a <c>lock</c>, or returns early when the
/// field is set (<c>if (f != null) return f;</c>) and takes the lock after,, tests the same field again (or uses
/// <c>??=</c> on it) and sets it. <c>Volatile.Read(ref field)</c> is a call, not a plain read, and is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CTN2006DoubleCheckedLockingAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CTN2006DoubleCheckedLocking);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var symbols = KnownSymbols.For(start.Compilation);
            var options = ContentionOptions.CreateCache(start.Compilation, start.Options);
            CodeBlocks.Register(start, static (facts, _) => facts.HasLock, block =>
            {
                var blockOptions = options(block.SyntaxTree);
                if (blockOptions.Excludes(DiagnosticIds.CTN2006DoubleCheckedLocking, block.OwningSymbol))
                {
                    return;
                }

                block.RegisterOperationAction(ctx => Analyze(ctx, symbols), OperationKind.Conditional);
            });
        });
    }

    private static void Analyze(OperationContext context, KnownSymbols symbols)
    {
        var outer = (IConditionalOperation)context.Operation;
        var field = CheckedField(outer.Condition) is { Field.IsVolatile: false } unset && InnerCheckUnderLock(outer.WhenTrue, unset)
            ? unset
            : EarlyReturnCheck(outer);
        if (field is null || SharedUpdates.IsUnderLock(outer, symbols, context.CancellationToken))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.CTN2006DoubleCheckedLocking, field.Syntax.GetLocation(), field.Field.Name));
    }

    /// <summary>The field a condition tests for "not yet set": <c>f == null</c>, <c>f is null</c>, <c>!f</c>, <c>f == false</c>.</summary>
    private static IFieldReferenceOperation? CheckedField(IOperation condition)
    {
        condition = SharedUpdates.WithoutConversions(condition);
        return condition switch
        {
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals when IsNullOrFalse(equals.RightOperand) => Field(equals.LeftOperand),
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals when IsNullOrFalse(equals.LeftOperand) => Field(equals.RightOperand),
            IIsPatternOperation { Pattern: IConstantPatternOperation constant } isNull when IsNullOrFalse(constant.Value) => Field(isNull.Value),
            IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not => Field(not.Operand) is { Field.Type.SpecialType: SpecialType.System_Boolean } flag ? flag : null,
            _ => null,
        };
    }

    private static IFieldReferenceOperation? Field(IOperation operation) => SharedUpdates.WithoutConversions(operation) as IFieldReferenceOperation;

    /// <summary>A constant that means "not set yet": <c>null</c>, <c>false</c> or zero.</summary>
    private static bool IsNullOrFalse(IOperation operation) => operation.ConstantValue is { HasValue: true } constant && constant.Value switch
    {
        null or false => true,
        int number => number == 0,
        long number => number == 0,
        uint number => number == 0,
        ulong number => number == 0,
        _ => false,
    };

    /// <summary>
    /// <c>if (f != null) return f;</c> (or <c>if (f) return ..;</c>) followed in the same block by a <c>lock</c> that tests
    /// the field again and sets it: the other way of writing the outer check.
    /// </summary>
    private static IFieldReferenceOperation? EarlyReturnCheck(IConditionalOperation outer)
    {
        if (outer.WhenFalse is not null
            || outer.WhenTrue is not (IReturnOperation or IBlockOperation { Operations.Length: 1 })
            || outer.WhenTrue is IBlockOperation { Operations: var only } && only[0] is not IReturnOperation
            || outer.Parent is not IBlockOperation block)
        {
            return null;
        }

        var condition = SharedUpdates.WithoutConversions(outer.Condition);
        var field = condition switch
        {
            IBinaryOperation { OperatorKind: BinaryOperatorKind.NotEquals } notEquals when IsNullOrFalse(notEquals.RightOperand) => Field(notEquals.LeftOperand),
            IBinaryOperation { OperatorKind: BinaryOperatorKind.NotEquals } notEquals when IsNullOrFalse(notEquals.LeftOperand) => Field(notEquals.RightOperand),
            IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation constant } } isNot when IsNullOrFalse(constant.Value) => Field(isNot.Value),
            IFieldReferenceOperation { Field.Type.SpecialType: SpecialType.System_Boolean } flag => flag,
            _ => null,
        };
        if (field is not { Field.IsVolatile: false })
        {
            return null;
        }

        for (var i = block.Operations.IndexOf(outer) + 1; i < block.Operations.Length; i++)
        {
            if (block.Operations[i] is ILockOperation && InnerCheckUnderLock(block.Operations[i], field))
            {
                return field;
            }
        }

        return null;
    }

    /// <summary>A <c>lock</c> in <paramref name="whenTrue"/> whose body tests the field again and sets it, or sets it with <c>??=</c>.</summary>
    private static bool InnerCheckUnderLock(IOperation whenTrue, IFieldReferenceOperation field)
    {
        foreach (var operation in whenTrue.DescendantsAndSelf())
        {
            if (operation is not ILockOperation lockOperation)
            {
                continue;
            }

            foreach (var inner in lockOperation.Body.DescendantsAndSelf())
            {
                switch (inner)
                {
                    case ICoalesceAssignmentOperation coalesce when SharedUpdates.SameVariable(coalesce.Target, field):
                        return true;
                    case IConditionalOperation check when CheckedField(check.Condition) is { } again && SharedUpdates.SameVariable(again, field)
                        && Assigns(check.WhenTrue, field):
                        return true;
                }
            }
        }

        return false;
    }

    private static bool Assigns(IOperation operation, IFieldReferenceOperation field)
    {
        foreach (var descendant in operation.DescendantsAndSelf())
        {
            if (descendant is IAssignmentOperation assignment && SharedUpdates.SameVariable(assignment.Target, field))
            {
                return true;
            }
        }

        return false;
    }
}
