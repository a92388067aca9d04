using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Contention.Analyzers.Analysis;

/// <summary>
/// The acquisitions the lock-target rules look at: every <c>lock</c> statement and every <c>Monitor.Enter</c>/
/// <c>TryEnter</c> call, handed over with the locked value and where to squiggle (the <c>lock (x)</c> header or
/// the argument), in types not excluded by <c>contention.excluded_types</c>.
/// </summary>
public static class LockSites
{
    private static readonly ImmutableHashSet<string> MonitorNames = ImmutableHashSet.Create("Enter", "TryEnter");

    public static void Register(CompilationStartAnalysisContext start, Action<OperationContext, IOperation, Location> analyze)
    {
        var symbols = KnownSymbols.For(start.Compilation);
        var options = ContentionOptions.CreateCache(start.Compilation, start.Options);
        CodeBlocks.Register(start, static (facts, _) => facts.HasLock || facts.MentionsAny(MonitorNames), block =>
        {
            if (options(block.SyntaxTree).IsInExcludedType(block.OwningSymbol))
            {
                return;
            }

            block.RegisterOperationAction(
                ctx =>
                {
                    var lockOperation = (ILockOperation)ctx.Operation;
                    analyze(ctx, lockOperation.LockedValue, Header(lockOperation));
                },
                OperationKind.Lock);
            if (symbols.Monitor is not null)
            {
                block.RegisterOperationAction(
                    ctx =>
                    {
                        var invocation = (IInvocationOperation)ctx.Operation;
                        if (symbols.IsMonitorMethod(invocation.TargetMethod, "Enter", "TryEnter") && invocation.Arguments.Length > 0)
                        {
                            var argument = invocation.Arguments[0];
                            analyze(ctx, argument.Value, argument.Syntax.GetLocation());
                        }
                    },
                    OperationKind.Invocation);
            }
        });
    }

    /// <summary>The <c>lock (x)</c> header of a lock statement: the part a user reads as "this lock".</summary>
    public static Location Header(ILockOperation lockOperation) =>
        lockOperation.Syntax is LockStatementSyntax statement
            ? Location.Create(statement.SyntaxTree, TextSpan.FromBounds(statement.LockKeyword.SpanStart, statement.CloseParenToken.Span.End))
            : lockOperation.Syntax.GetLocation();
}
