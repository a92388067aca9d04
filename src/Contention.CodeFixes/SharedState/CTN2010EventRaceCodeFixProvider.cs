using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Contention.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Contention.CodeFixes.SharedState;

/// <summary>
/// CTN2010: <c>if (Changed != null) Changed(this, e);</c> becomes <c>Changed?.Invoke(this, e);</c>. Offered when the
/// <c>if</c> has no <c>else</c>, its condition is the null check alone, and its body is the call alone (in a block or
/// not), used as a statement; anything more would change what runs when the field is null.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CTN2010EventRaceCodeFixProvider)), Shared]
public sealed class CTN2010EventRaceCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.CTN2010EventRace);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await FixGuard.TouchesBrokenCodeAsync(context).ConfigureAwait(false))
        {
            return;
        }

        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is InvocationExpressionSyntax invocation
                && Rewrite(invocation) is var (statement, replacement))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Use '{Target(invocation)}?.Invoke(..)'",
                        ct => DocumentCleanup.ReplaceAsync(context.Document, statement, replacement, ct),
                        EquivalenceKeys.CTN2010UseConditionalInvoke),
                    diagnostic);
            }
        }
    }

    private static (IfStatementSyntax Statement, StatementSyntax Replacement)? Rewrite(InvocationExpressionSyntax invocation)
    {
        if (invocation.Parent is not ExpressionStatementSyntax call)
        {
            return null;
        }

        var ifStatement = call.Parent switch
        {
            IfStatementSyntax direct => direct,
            BlockSyntax { Statements.Count: 1, Parent: IfStatementSyntax inBlock } => inBlock,
            _ => null,
        };
        if (ifStatement is not { Else: null } || !IsNullCheckOf(ifStatement.Condition, Target(invocation)))
        {
            return null;
        }

        var conditional = ConditionalAccessExpression(
            Target(invocation).WithoutTrivia(),
            InvocationExpression(MemberBindingExpression(IdentifierName("Invoke")), invocation.ArgumentList));
        var replacement = ExpressionStatement(conditional).WithTriviaFrom(ifStatement).WithAdditionalAnnotations(Microsoft.CodeAnalysis.Formatting.Formatter.Annotation);
        return (ifStatement, replacement);
    }

    /// <summary>The delegate expression: <c>Changed</c> in <c>Changed(..)</c> and in <c>Changed.Invoke(..)</c>.</summary>
    private static ExpressionSyntax Target(InvocationExpressionSyntax invocation) =>
        invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.Text: "Invoke" } access ? access.Expression : invocation.Expression;

    private static bool IsNullCheckOf(ExpressionSyntax condition, ExpressionSyntax target)
    {
        while (condition is ParenthesizedExpressionSyntax parenthesized)
        {
            condition = parenthesized.Expression;
        }

        var checkedExpression = condition switch
        {
            BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.NotEqualsExpression) && binary.Right.IsKind(SyntaxKind.NullLiteralExpression) => binary.Left,
            BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.NotEqualsExpression) && binary.Left.IsKind(SyntaxKind.NullLiteralExpression) => binary.Right,
            IsPatternExpressionSyntax { Pattern: UnaryPatternSyntax { Pattern: ConstantPatternSyntax constant } } isNot
                when constant.Expression.IsKind(SyntaxKind.NullLiteralExpression) => isNot.Expression,
            _ => null,
        };
        return checkedExpression is not null && SyntaxFactory.AreEquivalent(checkedExpression, target);
    }
}
