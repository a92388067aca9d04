using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Contention.Analyzers.Analysis;

/// <summary>
/// The registration CTN1001 and CTN1007 share: a token prefilter per operation block, then every synchronous
/// task wait that is not proven complete, handed to the rule with its enclosing function. The analyzers
/// themselves enable concurrent execution and skip generated code.
/// </summary>
public static class TaskWaitSites
{
    public static void Register(AnalysisContext context, Action<OperationContext, TaskWait, IMethodSymbol?, ContentionOptions> report)
    {
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = KnownSymbols.For(start.Compilation);
            if (symbols.Task is null)
            {
                return;
            }

            var options = ContentionOptions.CreateCache(start.Compilation, start.Options);
            CodeBlocks.Register(start, static (facts, _) => facts.MentionsAny(TaskWaits.TriggerNames), block =>
            {
                var blockOptions = options(block.SyntaxTree);
                if (blockOptions.IsInExcludedType(block.OwningSymbol))
                {
                    return;
                }

                block.RegisterOperationAction(
                    ctx =>
                    {
                        if (!TaskWaits.TryMatch(ctx.Operation, symbols, out var wait) || AllProven(wait!, symbols))
                        {
                            return;
                        }

                        report(ctx, wait!, AsyncContext.GetEnclosingFunction(ctx.Operation, ctx.ContainingSymbol), blockOptions);
                    },
                    OperationKind.Invocation,
                    OperationKind.PropertyReference);
            });
        });
    }

    /// <summary>Where to squiggle: from the dot of <c>.Result</c>/<c>.Wait()</c>/<c>.GetAwaiter()</c>, or the whole <c>Task.WaitAll(..)</c>.</summary>
    public static Location Location(TaskWait wait)
    {
        var syntax = wait.Operation.Syntax;
        var start = wait.Kind switch
        {
            TaskWaitKind.Result => (syntax as MemberAccessExpressionSyntax)?.OperatorToken.SpanStart,
            TaskWaitKind.Wait => ((syntax as InvocationExpressionSyntax)?.Expression as MemberAccessExpressionSyntax)?.OperatorToken.SpanStart,
            TaskWaitKind.GetResult => (((syntax as InvocationExpressionSyntax)?.Expression as MemberAccessExpressionSyntax)?.Expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax getAwaiter }
                ? getAwaiter.OperatorToken.SpanStart
                : null),
            _ => null,
        };
        return start is { } from
            ? Microsoft.CodeAnalysis.Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(from, syntax.Span.End))
            : syntax.GetLocation();
    }

    private static bool AllProven(TaskWait wait, KnownSymbols symbols)
    {
        if (wait.Tasks.IsEmpty)
        {
            return false;
        }

        foreach (var task in wait.Tasks)
        {
            if (!AsyncContext.IsProvenCompleted(task, wait.Operation, symbols))
            {
                return false;
            }
        }

        return true;
    }
}
