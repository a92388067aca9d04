using System.Collections.Concurrent;
using System.Collections.Immutable;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.SharedState;

/// <summary>
/// CTN2010: an event or delegate field checked for null and then invoked by reading the field again
/// (<c>if (Changed != null) Changed(this, e);</c>). A field-like event can lose its last handler at any time; a
/// delegate field can be set to null by any method. A <c>readonly</c> delegate field cannot turn null after
/// construction and is not reported; nor is a field set again between the check and the call. The check may also
/// leave early: <c>if (Changed == null) return; Changed(this, e);</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CTN2010EventRaceAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CTN2010EventRace);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var options = ContentionOptions.CreateCache(start.Compilation, start.Options);
            var raisers = new ConcurrentDictionary<INamedTypeSymbol, bool>(SymbolEqualityComparer.Default);
            // A null check, in a type with an event or a delegate field or property to raise.
            CodeBlocks.Register(start, (facts, owner) => facts.HasNull && owner.ContainingType is { } type && raisers.GetOrAdd(type, HasDelegateMember), block =>
            {
                var blockOptions = options(block.SyntaxTree);
                if (blockOptions.Excludes(DiagnosticIds.CTN2010EventRace, block.OwningSymbol))
                {
                    return;
                }

                block.RegisterOperationAction(Analyze, OperationKind.Conditional);
            });
        });
    }

    private static bool HasDelegateMember(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (DeclaresDelegateMember(current))
            {
                return true;
            }
        }

        return false;
    }

    private static bool DeclaresDelegateMember(INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers())
        {
            var memberType = member switch
            {
                IEventSymbol => null,
                IFieldSymbol field => field.Type,
                IPropertySymbol property => property.Type,
                _ => null,
            };
            if (member is IEventSymbol || memberType?.TypeKind == TypeKind.Delegate)
            {
                return true;
            }
        }

        return false;
    }

    private static void Analyze(OperationContext context)
    {
        var conditional = (IConditionalOperation)context.Operation;
        if (conditional.IsRef)
        {
            return;
        }

        if (NullCheckedMember(conditional.Condition) is { } checkedMember && CanTurnNull(checkedMember.Member))
        {
            ReportInvocations(context, conditional.WhenTrue, checkedMember);
        }
        else if (conditional.WhenFalse is null && LeavesWhenNull(conditional) is { } guarded && CanTurnNull(guarded.Member)
            && conditional.Parent is IBlockOperation block)
        {
            // if (Changed == null) return; Changed(this, e);
            for (var i = block.Operations.IndexOf(conditional) + 1; i < block.Operations.Length; i++)
            {
                if (!ReportInvocations(context, block.Operations[i], guarded))
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Reports each call through <paramref name="member"/> in <paramref name="scope"/>; false when the member is set
    /// again first (no longer the value that was checked).
    /// </summary>
    private static bool ReportInvocations(OperationContext context, IOperation scope, IMemberReferenceOperation member)
    {
        foreach (var operation in scope.DescendantsAndSelf())
        {
            if (operation is IInvocationOperation { TargetMethod.MethodKind: MethodKind.DelegateInvoke, Instance: IMemberReferenceOperation invoked } invocation
                && SameMember(invoked, member))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.CTN2010EventRace, invocation.Syntax.GetLocation(), member.Member.Name));
            }
            else if (operation is IAssignmentOperation { Target: IMemberReferenceOperation assigned } && SameMember(assigned, member))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The member of <c>if (X == null) return;</c> (or <c>throw</c>, or <c>X is null</c>): the code after it runs only when X was not null.</summary>
    private static IMemberReferenceOperation? LeavesWhenNull(IConditionalOperation conditional)
    {
        var leaves = conditional.WhenTrue switch
        {
            IReturnOperation or IThrowOperation => true,
            IExpressionStatementOperation { Operation: IThrowOperation } => true,
            IBlockOperation { Operations.Length: 1 } block => block.Operations[0] is IReturnOperation or IThrowOperation or IExpressionStatementOperation { Operation: IThrowOperation },
            _ => false,
        };
        if (!leaves)
        {
            return null;
        }

        return conditional.Condition switch
        {
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals =>
                IsNull(equals.RightOperand) ? Member(equals.LeftOperand) : IsNull(equals.LeftOperand) ? Member(equals.RightOperand) : null,
            IIsPatternOperation { Pattern: IConstantPatternOperation constant } isNull when IsNull(constant.Value) => Member(isNull.Value),
            _ => null,
        };
    }

    /// <summary>The event or delegate field that <paramref name="condition"/> requires to be non-null: <c>X != null</c>, <c>X is not null</c>, also as one side of <c>&amp;&amp;</c>.</summary>
    private static IMemberReferenceOperation? NullCheckedMember(IOperation condition)
    {
        switch (condition)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and:
                return NullCheckedMember(and.LeftOperand) ?? NullCheckedMember(and.RightOperand);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.NotEquals } notEquals:
                return IsNull(notEquals.RightOperand) ? Member(notEquals.LeftOperand)
                    : IsNull(notEquals.LeftOperand) ? Member(notEquals.RightOperand)
                    : null;
            case IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation constant } } isNot when IsNull(constant.Value):
                return Member(isNot.Value);
            default:
                return null;
        }
    }

    private static IMemberReferenceOperation? Member(IOperation operation) => SharedUpdates.WithoutConversions(operation) switch
    {
        IEventReferenceOperation reference => reference,
        IFieldReferenceOperation { Field.Type.TypeKind: TypeKind.Delegate } reference => reference,
        _ => null,
    };

    private static bool IsNull(IOperation operation) =>
        SharedUpdates.WithoutConversions(operation) is ILiteralOperation { ConstantValue: { HasValue: true, Value: null } };

    /// <summary>Events can always lose their handlers; a delegate field only when it is written outside construction.</summary>
    private static bool CanTurnNull(ISymbol member) => member switch
    {
        IEventSymbol => true,
        IFieldSymbol field => !field.IsReadOnly && !field.IsConst,
        _ => false,
    };

    private static bool SameMember(IMemberReferenceOperation a, IMemberReferenceOperation b) =>
        SymbolEqualityComparer.Default.Equals(a.Member, b.Member)
        && (a.Instance, b.Instance) switch
        {
            (null, null) => true,
            (IInstanceReferenceOperation, IInstanceReferenceOperation) => true,
            ({ } x, { } y) => SharedUpdates.SameVariable(x, y),
            _ => false,
        };
}
