using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
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
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Contention.CodeFixes.Async;

/// <summary>
/// CTN1006: <c>async void M()</c> → <c>async Task M()</c>, and <c>M();</c> → <c>await M();</c> in async callers.
/// Offered only when the result compiles with no new warning: every reference is a call statement in this
/// document, and every async caller can await (not inside a lock, say). Lambdas get no fix: their delegate
/// type is chosen by the API they are passed to.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CTN1006AsyncVoidCodeFixProvider)), Shared]
public sealed class CTN1006AsyncVoidCodeFixProvider : CodeFixProvider
{
    private const string Title = "Return 'Task'";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.CTN1006AsyncVoid);

    public override FixAllProvider GetFixAllProvider() =>
        FixGuard.CreateFixAll((context, document, diagnostics) => FixAsync(document, diagnostics, context.CancellationToken)!);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await FixGuard.TouchesBrokenCodeAsync(context).ConfigureAwait(false))
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (await PlanAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(Title, ct => FixAsync(context.Document, ImmutableArray.Create(diagnostic), ct), EquivalenceKeys.CTN1006ReturnTask),
                diagnostic);
        }
    }

    private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var plans = new List<(MethodDeclarationSyntax Method, List<InvocationExpressionSyntax> AsyncCallers)>();
        foreach (var diagnostic in diagnostics)
        {
            if (await PlanAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is { } plan)
            {
                plans.Add(plan);
            }
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var task = KnownSymbols.For(editor.SemanticModel.Compilation).Task;
        if (task is null)
        {
            return document;
        }

        var awaited = new HashSet<InvocationExpressionSyntax>();
        foreach (var (method, asyncCallers) in plans)
        {
            var taskType = ((TypeSyntax)editor.Generator.TypeExpression(task))
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation)
                .WithTriviaFrom(method.ReturnType);
            editor.ReplaceNode(method.ReturnType, taskType);
            foreach (var caller in asyncCallers)
            {
                if (awaited.Add(caller))
                {
                    editor.ReplaceNode(caller, (node, _) => SyntaxFactory.AwaitExpression(((ExpressionSyntax)node).WithoutLeadingTrivia())
                        .WithLeadingTrivia(node.GetLeadingTrivia())
                        .WithAdditionalAnnotations(Formatter.Annotation));
                }
            }
        }

        return await DocumentCleanup.RunAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The method to change and the async callers to await; null when the change would not compile cleanly.</summary>
    private static async Task<(MethodDeclarationSyntax Method, List<InvocationExpressionSyntax> AsyncCallers)?> PlanAsync(
        Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root?.FindNode(diagnostic.Location.SourceSpan) is not MethodDeclarationSyntax method
            || method.Modifiers.Any(SyntaxKind.PartialKeyword)
            || model?.GetDeclaredSymbol(method, cancellationToken) is not { } symbol
            || symbol.IsVirtual) // overrides elsewhere would stop compiling
        {
            return null;
        }

        var asyncCallers = new List<InvocationExpressionSyntax>();
        var references = await SymbolFinder.FindReferencesAsync(symbol, document.Project.Solution, cancellationToken).ConfigureAwait(false);
        foreach (var referenced in references)
        {
            foreach (var location in referenced.Locations)
            {
                if (location.Document.Id != document.Id)
                {
                    return null;
                }

                var name = root.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                var callee = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
                if (callee.Parent is not InvocationExpressionSyntax invocation || invocation.Expression != callee
                    || !IsStatementCall(invocation))
                {
                    return null;
                }

                if (IsInAsyncFunction(invocation))
                {
                    if (!AwaitSites.CanAwaitAt(invocation))
                    {
                        return null;
                    }

                    asyncCallers.Add(invocation);
                }
            }
        }

        return (method, asyncCallers);
    }

    /// <summary>A call whose value nobody uses: a statement, or the body of an arrow member or lambda that returns nothing.</summary>
    private static bool IsStatementCall(InvocationExpressionSyntax invocation) => invocation.Parent switch
    {
        ExpressionStatementSyntax => true,
        ArrowExpressionClauseSyntax => true,
        LambdaExpressionSyntax lambda => lambda.Body == invocation,
        _ => false,
    };

    private static bool IsInAsyncFunction(SyntaxNode node)
    {
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case AnonymousFunctionExpressionSyntax lambda:
                    return lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
                case LocalFunctionStatementSyntax local:
                    return local.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case BaseMethodDeclarationSyntax member:
                    return member.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case AccessorDeclarationSyntax or BaseTypeDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }
}
