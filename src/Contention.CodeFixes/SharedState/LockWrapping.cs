using System.Collections.Generic;
using System.Linq;
using System.Threading;
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
}
