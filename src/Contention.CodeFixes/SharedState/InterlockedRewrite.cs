using System.Threading;
using System.Threading.Tasks;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Contention.CodeFixes.SharedState;

/// <summary>
/// The fix CTN2001 and CTN2002 share: <c>x++</c>, <c>x--</c>, <c>x += n</c>, <c>x -= n</c>, <c>x = x + n</c> on an
/// <c>int</c> or <c>long</c> become <c>Interlocked.Increment/Decrement/Add(ref x, ..)</c>. Offered only where the
/// meaning is kept: the result unused, or the new value used (prefix forms and assignments return it, as the
/// Interlocked methods do); never for a postfix whose old value is used, a <c>volatile</c> field (passing it by
/// <c>ref</c> loses the volatile semantics, warning CS0420), or a field of a struct.
/// </summary>
internal static class InterlockedRewrite
{
    /// <summary>Fix All: every fixable update in the document in one edit, so the added using is added once.</summary>
    public static FixAllProvider FixAll { get; } = FixGuard.CreateFixAll(async (context, document, diagnostics) =>
    {
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var editor = await DocumentEditor.CreateAsync(document, context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is ExpressionSyntax expression
                && model.GetOperation(expression, context.CancellationToken) is { } update
                && Rewrite(update) is { } replacement)
            {
                editor.ReplaceNode(expression, replacement.WithTriviaFrom(expression));
            }
        }

        return await DocumentCleanup.RunAsync(editor.GetChangedDocument(), context.CancellationToken).ConfigureAwait(false);
    });

    public static async Task RegisterAsync(CodeFixContext context, string equivalenceKey)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is ExpressionSyntax expression
                && model.GetOperation(expression, context.CancellationToken) is { } update
                && Rewrite(update) is { } replacement)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Use 'Interlocked.{((IdentifierNameSyntax)((MemberAccessExpressionSyntax)replacement.Expression).Name).Identifier.Text}'",
                        ct => DocumentCleanup.ReplaceAsync(context.Document, expression, replacement.WithTriviaFrom(expression), ct),
                        equivalenceKey),
                    diagnostic);
            }
        }
    }

    public static InvocationExpressionSyntax? Rewrite(IOperation update)
    {
        if (SharedUpdates.Target(update) is not { } target
            || SharedUpdates.InterlockedMethod(update, target) is not { } method
            || target.Syntax is not ExpressionSyntax targetSyntax
            || target is IFieldReferenceOperation { Field.IsVolatile: true }
            || target is IFieldReferenceOperation { Instance.Type.IsValueType: true }
            || update.Syntax.Parent is not ExpressionStatementSyntax && update is IIncrementOrDecrementOperation { IsPostfix: true })
        {
            return null;
        }

        var arguments = SeparatedList(new[] { Argument(targetSyntax.WithoutTrivia()).WithRefKindKeyword(Token(SyntaxKind.RefKeyword)) });
        if (method == "Add")
        {
            var (amount, subtract) = update switch
            {
                ICompoundAssignmentOperation compound => (compound.Value, compound.OperatorKind == BinaryOperatorKind.Subtract),
                ISimpleAssignmentOperation { Value: IBinaryOperation binary } => (binary.RightOperand, binary.OperatorKind == BinaryOperatorKind.Subtract),
                _ => (null!, false),
            };
            if (amount?.Syntax is not ExpressionSyntax amountSyntax)
            {
                return null;
            }

            amountSyntax = amountSyntax.WithoutTrivia();
            ExpressionSyntax added = subtract
                ? PrefixUnaryExpression(SyntaxKind.UnaryMinusExpression, ParenthesizedExpression(amountSyntax).WithAdditionalAnnotations(Simplifier.Annotation))
                : amountSyntax;
            arguments = arguments.Add(Argument(added));
        }

        var interlocked = ParseTypeName("System.Threading.Interlocked").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        return InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, interlocked, IdentifierName(method)),
            ArgumentList(arguments));
    }
}
