using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Contention.Analyzers;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Contention.CodeFixes.Async;

/// <summary>CTN1002: <c>Thread.Sleep(x)</c> → <c>await Task.Delay(x, cancellationToken)</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CTN1002ThreadSleepInAsyncCodeFixProvider)), Shared]
public sealed class CTN1002ThreadSleepInAsyncCodeFixProvider : CodeFixProvider
{
    private const string Title = "Use 'await Task.Delay(..)'";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.CTN1002ThreadSleepInAsync);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await FixGuard.TouchesBrokenCodeAsync(context).ConfigureAwait(false))
        {
            return;
        }

        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null || KnownSymbols.For(semanticModel.Compilation).Task is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax invocation
                || !AwaitSites.CanAwaitAt(invocation))
            {
                continue;
            }

            diagnostic.Properties.TryGetValue(PropertyNames.CancellationToken, out var token);
            context.RegisterCodeFix(
                CodeAction.Create(
                    Title,
                    ct => UseTaskDelayAsync(context.Document, invocation, token, ct),
                    EquivalenceKeys.CTN1002UseTaskDelay),
                diagnostic);
        }
    }

    private static async Task<Document> UseTaskDelayAsync(
        Document document, InvocationExpressionSyntax invocation, string? token, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var task = KnownSymbols.For(editor.SemanticModel.Compilation).Task!;

        // Task.Delay's parameter names differ from Thread.Sleep's, so arguments lose their names.
        var arguments = SyntaxFactory.SeparatedList(invocation.ArgumentList.Arguments.Select(a => SyntaxFactory.Argument(a.Expression)));
        if (token is not null)
        {
            arguments = arguments.Add(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(token)));
        }

        var delay = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                ((ExpressionSyntax)editor.Generator.TypeExpression(task)).WithAdditionalAnnotations(Simplifier.AddImportsAnnotation),
                SyntaxFactory.IdentifierName("Delay")),
            invocation.ArgumentList.WithArguments(arguments));
        var awaitDelay = SyntaxFactory.AwaitExpression(delay)
            .WithTriviaFrom(invocation)
            .WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);

        editor.ReplaceNode(invocation, awaitDelay);
        return await DocumentCleanup.RunAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
    }
}
