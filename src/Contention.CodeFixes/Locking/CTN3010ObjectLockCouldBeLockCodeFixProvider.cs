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
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Contention.CodeFixes.Locking;

/// <summary>CTN3010: <c>private readonly object _gate = new object();</c> → <c>private readonly Lock _gate = new();</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CTN3010ObjectLockCouldBeLockCodeFixProvider)), Shared]
public sealed class CTN3010ObjectLockCouldBeLockCodeFixProvider : CodeFixProvider
{
    private const string Title = "Make it a 'System.Threading.Lock'";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.CTN3010ObjectLockCouldBeLock);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await FixGuard.TouchesBrokenCodeAsync(context).ConfigureAwait(false))
        {
            return;
        }

        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null || KnownSymbols.For(model.Compilation).Lock is not { } lockType)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan) is VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1 } declaration, Initializer: { } initializer })
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => UseLockAsync(context.Document, declaration, initializer, lockType, ct), EquivalenceKeys.CTN3010UseLockType),
                    diagnostic);
            }
        }
    }

    private static Task<Document> UseLockAsync(
        Document document, VariableDeclarationSyntax declaration, EqualsValueClauseSyntax initializer, INamedTypeSymbol lockType, CancellationToken cancellationToken)
    {
        var generator = Microsoft.CodeAnalysis.Editing.SyntaxGenerator.GetGenerator(document);
        var type = ((TypeSyntax)generator.TypeExpression(lockType))
            .WithTriviaFrom(declaration.Type)
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        var variable = declaration.Variables[0].WithInitializer(
            initializer.WithValue(SyntaxFactory.ImplicitObjectCreationExpression().WithTriviaFrom(initializer.Value)));
        var replacement = declaration.WithType(type).WithVariables(SyntaxFactory.SingletonSeparatedList(variable))
            .WithAdditionalAnnotations(Formatter.Annotation);
        return DocumentCleanup.ReplaceAsync(document, declaration, replacement, cancellationToken);
    }
}
