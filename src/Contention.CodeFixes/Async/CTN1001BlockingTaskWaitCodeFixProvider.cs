using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Contention.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Contention.CodeFixes.Async;

/// <summary>
/// CTN1001: <c>t.Result</c>, <c>t.Wait()</c>, <c>t.GetAwaiter().GetResult()</c> → <c>await t</c>;
/// <c>Task.WaitAll(..)</c> → <c>await Task.WhenAll(..)</c>; <c>Task.WaitAny(..);</c> → <c>await Task.WhenAny(..);</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CTN1001BlockingTaskWaitCodeFixProvider)), Shared]
public sealed class CTN1001BlockingTaskWaitCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.CTN1001BlockingTaskWait);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await FixGuard.TouchesBrokenCodeAsync(context).ConfigureAwait(false))
        {
            return;
        }

        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(PropertyNames.FixKind, out var fixKind)
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax node
                || Rewrite(node, fixKind) is not { } replacement
                || !AwaitSites.CanAwaitAt(replacement.Original))
            {
                continue;
            }

            var title = fixKind switch
            {
                PropertyNames.FixAwaitWhenAll => "Use 'await Task.WhenAll(..)'",
                PropertyNames.FixAwaitWhenAny => "Use 'await Task.WhenAny(..)'",
                _ => "Use 'await'",
            };
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => DocumentCleanup.ReplaceAsync(context.Document, replacement.Original, replacement.New.WithTriviaFrom(replacement.Original), ct), EquivalenceKeys.CTN1001UseAwait),
                diagnostic);
        }
    }

    /// <summary>The expression to replace and its awaited form; null when the syntax is not what the analyzer reported.</summary>
    private static (ExpressionSyntax Original, ExpressionSyntax New)? Rewrite(ExpressionSyntax node, string? fixKind)
    {
        switch (fixKind)
        {
            case PropertyNames.FixAwait when node is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" } result:
                return (result, Await(result.Expression));

            case PropertyNames.FixAwait when node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Wait" } wait }:
                return (node, Await(wait.Expression));

            case PropertyNames.FixAwait when node is InvocationExpressionSyntax
            {
                Expression: MemberAccessExpressionSyntax
                {
                    Name.Identifier.ValueText: "GetResult",
                    Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter" } getAwaiter },
                },
            }:
                return (node, Await(getAwaiter.Expression));

            case PropertyNames.FixAwaitWhenAll or PropertyNames.FixAwaitWhenAny
                when node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax waitAll } invocation:
                var whenAll = invocation.WithExpression(waitAll.WithName(SyntaxFactory.IdentifierName(
                    fixKind == PropertyNames.FixAwaitWhenAll ? "WhenAll" : "WhenAny").WithTriviaFrom(waitAll.Name)));
                return (node, Await(whenAll));

            default:
                return null;
        }
    }

    /// <summary><c>(await x)</c>; the simplifier drops the parentheses where they are not needed.</summary>
    private static ExpressionSyntax Await(ExpressionSyntax task) =>
        SyntaxFactory.ParenthesizedExpression(SyntaxFactory.AwaitExpression(task.WithoutTrivia()))
            .WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);
}
