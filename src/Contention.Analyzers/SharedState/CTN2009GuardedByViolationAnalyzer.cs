using System;
using System.Collections.Immutable;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.SharedState;

/// <summary>
/// CTN2009: Clang-style lock contracts, recognized by attribute name in any namespace. A field or property marked
/// <c>[GuardedBy("_gate")]</c> (usually <c>nameof(_gate)</c>) is read or written without <c>_gate</c> held; a method
/// marked <c>[RequiresLock("_gate")]</c> is called without it. The lock is named by the member it is taken on
/// (<c>lock (_gate)</c>, <c>Monitor.Enter(_gate)</c>, <c>_gate.EnterScope()</c>, any kind <see cref="LockScope"/>
/// follows), or <c>"this"</c>. Inside a method marked <c>[RequiresLock]</c> its locks count as held (not in lambdas
/// there, which run later). The code of constructors (not lambdas in them) and <c>nameof</c> are exempt; an attribute
/// whose first argument is not a single string is ignored.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CTN2009GuardedByViolationAnalyzer : DiagnosticAnalyzer
{
    private const string GuardedBy = ThreadSafetyContracts.GuardedBy;
    private const string RequiresLock = ThreadSafetyContracts.RequiresLock;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CTN2009GuardedByViolation);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var symbols = KnownSymbols.For(start.Compilation);
            var options = ContentionOptions.CreateCache(start.Compilation, start.Options);
            // Only code that names a member with a contract can break one.
            var compilation = start.Compilation;
            CodeBlocks.Register(
                start,
                (facts, _, cancellationToken) => facts.MentionsAny(DeclarationIndex.For(compilation, cancellationToken).ContractMembers),
                block =>
                {
                    var blockOptions = options(block.SyntaxTree);
                    if (blockOptions.Excludes(DiagnosticIds.CTN2009GuardedByViolation, block.OwningSymbol))
                    {
                        return;
                    }

                    block.RegisterOperationAction(
                        ctx => Analyze(ctx, symbols),
                        OperationKind.FieldReference,
                        OperationKind.PropertyReference,
                        OperationKind.Invocation);
                });
        });
    }

    private static void Analyze(OperationContext context, KnownSymbols symbols)
    {
        var (member, attribute, verb) = context.Operation switch
        {
            IFieldReferenceOperation field => ((ISymbol)field.Field, GuardedBy, "is guarded by"),
            IPropertyReferenceOperation property => (property.Property, GuardedBy, "is guarded by"),
            IInvocationOperation call => (call.TargetMethod, RequiresLock, "requires"),
            _ => (null!, null!, null!),
        };
        if (member is null || ThreadSafetyContracts.LockName(member, attribute) is not { } lockName || ThreadSafetyContracts.IsInNameof(context.Operation) || IsConstruction(context))
        {
            return;
        }

        if (IsHeld(lockName, context.Operation, context.ContainingSymbol, symbols, context.CancellationToken))
        {
            return;
        }

        var advice = context.Operation is IInvocationOperation ? $"lock '{lockName}' around the call" : $"lock '{lockName}' around the access";
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CTN2009GuardedByViolation,
            context.Operation.Syntax.GetLocation(),
            ImmutableDictionary<string, string?>.Empty.Add(PropertyNames.LockName, lockName),
            member.Name,
            verb,
            lockName,
            advice));
    }

    private static bool IsHeld(string lockName, IOperation operation, ISymbol containingSymbol, KnownSymbols symbols, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var held in LockScope.HeldLocks(operation, symbols, cancellationToken))
        {
            if (held.Identity is { } identity
                && (identity.Kind == LockIdentityKind.This ? lockName == "this" : identity.Symbol?.Name == lockName))
            {
                return true;
            }
        }

        // A [RequiresLock] method runs with its lock held, but a lambda in it runs later.
        return containingSymbol is IMethodSymbol method
            && ThreadSafetyContracts.LockName(method, RequiresLock) == lockName
            && LockScope.FunctionBody(operation).Parent is null;
    }

    /// <summary>Code of a constructor itself: the object is not shared yet. A lambda there (a timer callback) runs later and is checked.</summary>
    private static bool IsConstruction(OperationContext context) =>
        context.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor }
        && LockScope.FunctionBody(context.Operation).Parent is null;
}
