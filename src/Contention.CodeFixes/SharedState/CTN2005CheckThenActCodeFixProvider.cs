using System.Collections.Immutable;
using System.Composition;
using System.Linq;
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
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Contention.CodeFixes.SharedState;

/// <summary>
/// CTN2005: check-then-add becomes one <c>GetOrAdd</c>. Three shapes, each rewritten whole:
/// <list type="bullet">
/// <item><c>if (!d.ContainsKey(k)) d[k] = v;</c> (or <c>d.TryAdd(k, v)</c>) → <c>d.GetOrAdd(k, _ =&gt; v);</c></item>
/// <item><c>if (!d.TryGetValue(k, out var x)) { x = v; d[k] = x; }</c> → <c>var x = d.GetOrAdd(k, _ =&gt; v);</c></item>
/// <item><c>if (d.TryGetValue(k, out var x)) return x; x = v; d[k] = x; return x;</c> → <c>return d.GetOrAdd(k, _ =&gt; v);</c></item>
/// </list>
/// The value is passed as is when it is a constant or a variable, else as a factory so it is computed only for a
/// missing key (as before). Not offered for updates of a present key (<c>AddOrUpdate</c> needs the update written as a
/// function), for other shapes, or when the value awaits.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CTN2005CheckThenActCodeFixProvider)), Shared]
public sealed class CTN2005CheckThenActCodeFixProvider : CodeFixProvider
{
    private const string Title = "Use 'GetOrAdd'";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.CTN2005CheckThenAct);

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
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is InvocationExpressionSyntax check
                && Plan(check) is { } plan)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => ApplyAsync(context.Document, plan, ct), EquivalenceKeys.CTN2005UseGetOrAdd),
                    diagnostic);
            }
        }
    }

    private sealed class Rewrite(IfStatementSyntax ifStatement, int removeAfter, StatementSyntax replacement)
    {
        public IfStatementSyntax If { get; } = ifStatement;

        /// <summary>How many statements after the <c>if</c> the replacement also stands for.</summary>
        public int RemoveAfter { get; } = removeAfter;

        public StatementSyntax Replacement { get; } = replacement;
    }

    private static async Task<Document> ApplyAsync(Document document, Rewrite plan, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        if (plan.RemoveAfter > 0 && plan.If.Parent is BlockSyntax block)
        {
            var index = block.Statements.IndexOf(plan.If);
            for (var i = 1; i <= plan.RemoveAfter; i++)
            {
                editor.RemoveNode(block.Statements[index + i]);
            }
        }

        editor.ReplaceNode(plan.If, plan.Replacement.WithTriviaFrom(plan.If).WithAdditionalAnnotations(Formatter.Annotation));
        return await DocumentCleanup.RunAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
    }

    private static Rewrite? Plan(InvocationExpressionSyntax check)
    {
        if (check.Expression is not MemberAccessExpressionSyntax { Name.Identifier.Text: var method } access
            || check.ArgumentList.Arguments.Count == 0)
        {
            return null;
        }

        SyntaxNode condition = check;
        var negated = false;
        while (condition.Parent is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } or ParenthesizedExpressionSyntax)
        {
            negated ^= condition.Parent is PrefixUnaryExpressionSyntax;
            condition = condition.Parent;
        }

        if (condition.Parent is not IfStatementSyntax { Else: null } ifStatement || ifStatement.Condition != condition)
        {
            return null;
        }

        var dictionary = access.Expression;
        var key = check.ArgumentList.Arguments[0].Expression;
        var body = Statements(ifStatement.Statement);
        if (ifStatement.Statement.DescendantNodes().Any(n => n is AwaitExpressionSyntax)
            || ifStatement.Parent is BlockSyntax parent && parent.Statements.Skip(parent.Statements.IndexOf(ifStatement) + 1).Take(3).Any(s => s.DescendantNodes().Any(n => n is AwaitExpressionSyntax)))
        {
            return null; // a factory lambda cannot await
        }

        if (negated && method == "ContainsKey" && body.Count == 1 && AddedValue(body[0], dictionary, key, variable: null) is { } value)
        {
            return new Rewrite(ifStatement, 0, ExpressionStatement(GetOrAdd(dictionary, key, value)));
        }

        if (method != "TryGetValue" || check.ArgumentList.Arguments.Count != 2
            || check.ArgumentList.Arguments[1] is not { RefKindKeyword.RawKind: (int)SyntaxKind.OutKeyword } outArgument)
        {
            return null;
        }

        var (variable, declares) = outArgument.Expression switch
        {
            DeclarationExpressionSyntax { Designation: SingleVariableDesignationSyntax designation } => (designation.Identifier.Text, true),
            IdentifierNameSyntax name => (name.Identifier.Text, false),
            _ => (null, false),
        };
        if (variable is null)
        {
            return null;
        }

        if (negated && body.Count == 2 && AssignedValue(body[0], variable) is { } created && AddedValue(body[1], dictionary, key, variable) is not null)
        {
            var call = GetOrAdd(dictionary, key, created);
            StatementSyntax replacement = declares
                ? LocalDeclarationStatement(VariableDeclaration(IdentifierName("var"), SingletonSeparatedList(VariableDeclarator(variable).WithInitializer(EqualsValueClause(call)))))
                : ExpressionStatement(AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, IdentifierName(variable), call));
            return new Rewrite(ifStatement, 0, replacement);
        }

        if (!negated && body.Count == 1 && body[0] is ReturnStatementSyntax { Expression: IdentifierNameSyntax returned } && returned.Identifier.Text == variable
            && ifStatement.Parent is BlockSyntax block)
        {
            var index = block.Statements.IndexOf(ifStatement);
            if (index + 3 < block.Statements.Count
                && AssignedValue(block.Statements[index + 1], variable) is { } later
                && AddedValue(block.Statements[index + 2], dictionary, key, variable) is not null
                && block.Statements[index + 3] is ReturnStatementSyntax { Expression: IdentifierNameSyntax last } && last.Identifier.Text == variable)
            {
                return new Rewrite(ifStatement, 3, ReturnStatement(GetOrAdd(dictionary, key, later)));
            }
        }

        return null;
    }

    private static SyntaxList<StatementSyntax> Statements(StatementSyntax statement) =>
        statement is BlockSyntax block ? block.Statements : SingletonList(statement);

    /// <summary><c>x = value;</c>: the value.</summary>
    private static ExpressionSyntax? AssignedValue(StatementSyntax statement, string variable) =>
        statement is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Left: IdentifierNameSyntax target } assignment }
        && target.Identifier.Text == variable
            ? assignment.Right
            : null;

    /// <summary><c>d[k] = value;</c> or <c>d.TryAdd(k, value);</c> on the same dictionary and key (the value being <paramref name="variable"/> when given): the value.</summary>
    private static ExpressionSyntax? AddedValue(StatementSyntax statement, ExpressionSyntax dictionary, ExpressionSyntax key, string? variable)
    {
        var value = statement switch
        {
            ExpressionStatementSyntax
            {
                Expression: AssignmentExpressionSyntax
                {
                    RawKind: (int)SyntaxKind.SimpleAssignmentExpression,
                    Left: ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 } element,
                } assignment,
            } when AreEquivalent(element.Expression, dictionary) && AreEquivalent(element.ArgumentList.Arguments[0].Expression, key) => assignment.Right,
            ExpressionStatementSyntax
            {
                Expression: InvocationExpressionSyntax
                {
                    Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "TryAdd" } tryAdd,
                    ArgumentList.Arguments.Count: 2,
                } call,
            } when AreEquivalent(tryAdd.Expression, dictionary) && AreEquivalent(call.ArgumentList.Arguments[0].Expression, key) => call.ArgumentList.Arguments[1].Expression,
            _ => null,
        };
        if (value is null || variable is not null && !(value is IdentifierNameSyntax name && name.Identifier.Text == variable))
        {
            return null;
        }

        return value;
    }

    private static InvocationExpressionSyntax GetOrAdd(ExpressionSyntax dictionary, ExpressionSyntax key, ExpressionSyntax value)
    {
        ExpressionSyntax argument = value is LiteralExpressionSyntax or IdentifierNameSyntax or DefaultExpressionSyntax
            ? value.WithoutTrivia()
            : SimpleLambdaExpression(Parameter(Identifier("_")), value.WithoutTrivia());
        return InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, dictionary.WithoutTrivia(), IdentifierName("GetOrAdd")),
            ArgumentList(SeparatedList(new[] { Argument(key.WithoutTrivia()), Argument(argument) })));
    }
}
