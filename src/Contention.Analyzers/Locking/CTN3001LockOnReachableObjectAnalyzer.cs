using System.Collections.Immutable;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Contention.Analyzers.Locking;

/// <summary>
/// CTN3001: a type that locks <c>this</c>, or one of its own non-private fields or properties, shares its
/// monitor with every piece of code that can reach that object.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CTN3001LockOnReachableObjectAnalyzer : DiagnosticAnalyzer
{
    private static readonly ImmutableDictionary<string, string?> ThisProperties =
        ImmutableDictionary<string, string?>.Empty.Add(PropertyNames.LockTarget, PropertyNames.LockTargetThis);

    private static readonly ImmutableDictionary<string, string?> MemberProperties =
        ImmutableDictionary<string, string?>.Empty.Add(PropertyNames.LockTarget, PropertyNames.LockTargetMember);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CTN3001LockOnReachableObject);

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
                if (options(block.OperationBlocks[0].Syntax.SyntaxTree).IsInExcludedType(block.OwningSymbol))
                {
                    return;
                }

                block.RegisterOperationAction(AnalyzeLock, OperationKind.Lock);
                if (symbols.Monitor is not null)
                {
                    block.RegisterOperationAction(ctx => AnalyzeMonitorEnter(ctx, symbols), OperationKind.Invocation);
                }
            });
        });
    }

    private static void AnalyzeLock(OperationAnalysisContext context)
    {
        var lockOperation = (ILockOperation)context.Operation;
        if (lockOperation.Syntax is LockStatementSyntax statement)
        {
            var span = TextSpan.FromBounds(statement.LockKeyword.SpanStart, statement.CloseParenToken.Span.End);
            Analyze(context, lockOperation.LockedValue, Location.Create(statement.SyntaxTree, span));
        }
    }

    private static void AnalyzeMonitorEnter(OperationAnalysisContext context, KnownSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (symbols.IsMonitorMethod(invocation.TargetMethod, "Enter", "TryEnter") && invocation.Arguments.Length > 0)
        {
            var argument = invocation.Arguments[0];
            Analyze(context, argument.Value, argument.Syntax.GetLocation());
        }
    }

    private static void Analyze(OperationAnalysisContext context, IOperation lockedValue, Location location)
    {
        var target = LockTargets.Unwrap(lockedValue);
        if (LockTargets.IsThis(target))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CTN3001LockOnReachableObject, location, ThisProperties, "'this'", target.Type!.Name));
            return;
        }

        var type = context.ContainingSymbol.ContainingType;
        if (type is null || target.Type is not { IsReferenceType: true } targetType || HasWeakIdentity(targetType))
        {
            return;
        }

        var member = LockTargets.OwnMember(target, type);
        if (member is null || !LockTargets.IsReachableFromOutside(member) || IsSyncRoot(member))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CTN3001LockOnReachableObject,
            location,
            MemberProperties,
            LockTargets.Describe(member),
            member.ContainingType.Name));
    }

    /// <summary><c>SyncRoot</c> is published on purpose so that callers can synchronize with the collection.</summary>
    private static bool IsSyncRoot(ISymbol member) => member is IPropertySymbol { Name: "SyncRoot" };

    /// <summary>Strings and types are shared process-wide whatever their accessibility; that is a different hazard.</summary>
    private static bool HasWeakIdentity(ITypeSymbol type) =>
        type.SpecialType == SpecialType.System_String
        || type is INamedTypeSymbol { Name: "Type", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
}
