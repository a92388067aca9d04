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
/// CTN1003: <c>x.Read(..)</c> → <c>await x.ReadAsync(.., cancellationToken)</c>; <c>using</c> → <c>await using</c>.
/// No fix when an argument is named: the twin's parameter names are not checked.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CTN1003SyncCallWithAsyncTwinCodeFixProvider)), Shared]
public sealed class CTN1003SyncCallWithAsyncTwinCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.CTN1003SyncCallWithAsyncTwin);

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
            diagnostic.Properties.TryGetValue(PropertyNames.FixKind, out var fixKind);
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (fixKind == PropertyNames.FixAwaitUsing && UsingStatementOf(node) is { } statement && AwaitSites.CanAwaitAt(statement))
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Use 'await using'", ct => DocumentCleanup.ReplaceAsync(context.Document, statement, AddAwait(statement), ct), EquivalenceKeys.CTN1003UseAwaitUsing),
                    diagnostic);
            }
            else if (fixKind == PropertyNames.FixAwaitTwin
                && diagnostic.Properties.TryGetValue(PropertyNames.TwinName, out var twinName) && twinName is not null
                && node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { } invocation
                && AwaitSites.CanAwaitAt(invocation)
                && CallTwin(invocation, twinName, diagnostic) is { } replacement)
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Use 'await {twinName}'", ct => DocumentCleanup.ReplaceAsync(context.Document, invocation, replacement, ct), EquivalenceKeys.CTN1003UseAwaitTwin),
                    diagnostic);
            }
        }
    }

    private static StatementSyntax? UsingStatementOf(SyntaxNode node) => node.FirstAncestorOrSelf<StatementSyntax>() switch
    {
        UsingStatementSyntax statement => statement,
        LocalDeclarationStatementSyntax { UsingKeyword.RawKind: (int)SyntaxKind.UsingKeyword } declaration => declaration,
        _ => null,
    };

    private static StatementSyntax AddAwait(StatementSyntax statement)
    {
        var awaitKeyword = SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        return statement switch
        {
            UsingStatementSyntax usingStatement => usingStatement
                .WithUsingKeyword(usingStatement.UsingKeyword.WithLeadingTrivia())
                .WithAwaitKeyword(awaitKeyword.WithLeadingTrivia(usingStatement.UsingKeyword.LeadingTrivia)),
            LocalDeclarationStatementSyntax declaration => declaration
                .WithUsingKeyword(declaration.UsingKeyword.WithLeadingTrivia())
                .WithAwaitKeyword(awaitKeyword.WithLeadingTrivia(declaration.UsingKeyword.LeadingTrivia)),
            _ => statement,
        };
    }

    /// <summary><c>(await receiver.TwinName(args[, token]))</c>, or null when named arguments do not fit the twin.</summary>
    private static ExpressionSyntax? CallTwin(InvocationExpressionSyntax invocation, string twinName, Diagnostic diagnostic)
    {
        var arguments = invocation.ArgumentList.Arguments;
        foreach (var argument in arguments)
        {
            if (argument.NameColon is not null)
            {
                return null; // the twin's parameter names are not checked, so a named argument could bind wrongly
            }
        }

        if (diagnostic.Properties.TryGetValue(PropertyNames.CancellationToken, out var token) && token is not null)
        {
            // A name in scope, or CancellationToken.None where the twin requires a token.
            arguments = arguments.Add(SyntaxFactory.Argument(SyntaxFactory.ParseExpression(token).WithAdditionalAnnotations(Simplifier.Annotation)));
        }

        ExpressionSyntax? callee = invocation.Expression switch
        {
            MemberAccessExpressionSyntax access => access.WithName(Rename(access.Name, twinName)),
            SimpleNameSyntax name => Rename(name, twinName),
            _ => null, // x?.Read(): await cannot go inside a conditional access
        };
        if (callee is null)
        {
            return null;
        }

        var call = invocation.WithExpression(callee).WithArgumentList(invocation.ArgumentList.WithArguments(arguments));
        return SyntaxFactory.ParenthesizedExpression(SyntaxFactory.AwaitExpression(call.WithoutTrivia()))
            .WithTriviaFrom(invocation)
            .WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);
    }

    private static SimpleNameSyntax Rename(SimpleNameSyntax name, string newName) => name switch
    {
        GenericNameSyntax generic => generic.WithIdentifier(SyntaxFactory.Identifier(newName).WithTriviaFrom(generic.Identifier)),
        _ => SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(newName).WithTriviaFrom(name.Identifier)),
    };
}
