using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Contention.CodeFixes.SharedState;

/// <summary>
/// Putting one statement under a lock the type already has: <c>stmt;</c> becomes <c>lock (_gate) { stmt; }</c>, and the
/// expression body of a lambda that returns nothing (<c>i =&gt; _total += x</c>) becomes <c>i =&gt; { lock (_gate) { .. } }</c>.
/// Only expression statements and <c>return</c>s written in a block, with no <c>await</c> (which a lock cannot hold).
/// </summary>
internal static class LockWrapping
{
    /// <summary>The statement or lambda body around <paramref name="node"/> to wrap, or null when no wrap keeps the code valid.</summary>
    public static SyntaxNode? Target(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var ancestor in node.AncestorsAndSelf())
        {
            switch (ancestor)
            {
                case ExpressionStatementSyntax or ReturnStatementSyntax when ancestor.Parent is BlockSyntax:
                    return ancestor.DescendantNodes().Any(n => n is AwaitExpressionSyntax) ? null : ancestor;
                case ExpressionSyntax body when body.Parent is LambdaExpressionSyntax lambda && lambda.Body == body:
                    return !lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword)
                        && model.GetSymbolInfo(lambda, cancellationToken).Symbol is IMethodSymbol { ReturnsVoid: true }
                        ? body
                        : null;
                case StatementSyntax or LambdaExpressionSyntax or AnonymousMethodExpressionSyntax or MemberDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }

    /// <summary>Replaces each target (from <see cref="Target"/>) with itself under <c>lock (name)</c>; one lock per target.</summary>
    public static void Wrap(SyntaxEditor editor, IEnumerable<(SyntaxNode Target, string LockName)> targets)
    {
        var done = new HashSet<SyntaxNode>();
        foreach (var (target, lockName) in targets)
        {
            if (!done.Add(target))
            {
                continue;
            }

            if (target is StatementSyntax statement)
            {
                editor.ReplaceNode(statement, LockStatement(IdentifierName(lockName), Block(statement.WithoutLeadingTrivia().WithoutTrailingTrivia()))
                    .WithLeadingTrivia(statement.GetLeadingTrivia())
                    .WithTrailingTrivia(statement.GetTrailingTrivia())
                    .WithAdditionalAnnotations(Formatter.Annotation));
            }
            else if (target.Parent is LambdaExpressionSyntax lambda)
            {
                editor.ReplaceNode(lambda, (node, _) =>
                {
                    var current = (LambdaExpressionSyntax)node;
                    var body = current.ExpressionBody!;
                    return current.WithExpressionBody(null)
                        .WithBlock(Block(LockStatement(IdentifierName(lockName), Block(ExpressionStatement(body.WithoutTrivia())))).WithTriviaFrom(body))
                        .WithAdditionalAnnotations(Formatter.Annotation);
                });
            }
        }
    }

    /// <summary>
    /// The lock the type already takes around <paramref name="field"/>: the one field or property every <c>lock</c>
    /// statement of the type in this document that reads or writes the field locks (by simple name). Null when there is
    /// none, or when they disagree.
    /// </summary>
    public static string? ExistingLockFor(IFieldSymbol field, SyntaxNode root, SemanticModel model, CancellationToken cancellationToken)
    {
        string? found = null;
        foreach (var lockStatement in root.DescendantNodes().OfType<LockStatementSyntax>())
        {
            if (!lockStatement.Statement.DescendantNodes().OfType<IdentifierNameSyntax>().Any(n =>
                    n.Identifier.ValueText == field.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(n, cancellationToken).Symbol, field)))
            {
                continue;
            }

            var gate = lockStatement.Expression is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access ? access.Name : lockStatement.Expression;
            if (gate is not IdentifierNameSyntax name
                || model.GetSymbolInfo(name, cancellationToken).Symbol is not { Kind: SymbolKind.Field or SymbolKind.Property } gateSymbol
                || !SymbolEqualityComparer.Default.Equals(gateSymbol.ContainingType?.OriginalDefinition, field.ContainingType?.OriginalDefinition)
                || gateSymbol.IsStatic != field.IsStatic && !gateSymbol.IsStatic
                || found is not null && found != name.Identifier.ValueText)
            {
                return null;
            }

            found = name.Identifier.ValueText;
        }

        return found;
    }

    /// <summary>
    /// The lock fix CTN2001 and CTN2003 share: for each diagnostic whose operation <paramref name="fieldOf"/> maps to a
    /// field of this object (or a static one), wrap its statement in <see cref="ExistingLockFor"/> that field.
    /// </summary>
    public static async Task RegisterExistingLockFixAsync(
        CodeFixContext context, string what, string equivalenceKey, Func<IOperation, IFieldReferenceOperation?> fieldOf)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (await PlanExistingLockAsync(context.Document, diagnostic, fieldOf, context.CancellationToken).ConfigureAwait(false) is var (_, gate))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Lock '{gate}' around the {what}",
                        ct => FixExistingLockAsync(context.Document, ImmutableArray.Create(diagnostic), fieldOf, ct),
                        equivalenceKey),
                    diagnostic);
            }
        }
    }

    /// <summary>Fix All for <see cref="RegisterExistingLockFixAsync"/>: every fixable diagnostic of the document in one edit.</summary>
    public static FixAllProvider ExistingLockFixAll(Func<IOperation, IFieldReferenceOperation?> fieldOf) =>
        FixGuard.CreateFixAll((context, document, diagnostics) => FixExistingLockAsync(document, diagnostics, fieldOf, context.CancellationToken)!);

    private static async Task<Document> FixExistingLockAsync(
        Document document, ImmutableArray<Diagnostic> diagnostics, Func<IOperation, IFieldReferenceOperation?> fieldOf, CancellationToken cancellationToken)
    {
        var targets = new List<(SyntaxNode, string)>();
        foreach (var diagnostic in diagnostics)
        {
            if (await PlanExistingLockAsync(document, diagnostic, fieldOf, cancellationToken).ConfigureAwait(false) is { } plan)
            {
                targets.Add(plan);
            }
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        Wrap(editor, targets);
        return await DocumentCleanup.RunAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<(SyntaxNode Target, string Gate)?> PlanExistingLockAsync(
        Document document, Diagnostic diagnostic, Func<IOperation, IFieldReferenceOperation?> fieldOf, CancellationToken cancellationToken)
    {
        if (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root
            || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model)
        {
            return null;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (model.GetOperation(node, cancellationToken) is not { } operation
            || fieldOf(operation) is not { } field
            || ExistingLockFor(field.Field, root, model, cancellationToken) is not { } gate
            || Target(node, model, cancellationToken) is not { } target)
        {
            return null;
        }

        return (target, gate);
    }
}
