using System.Collections.Generic;
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
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Contention.CodeFixes.SharedState;

/// <summary>
/// CTN2003: switch a local or private field to the matching concurrent collection: <c>List</c> → <c>ConcurrentBag</c>,
/// <c>Dictionary</c> → <c>ConcurrentDictionary</c> (<c>Add</c> → <c>TryAdd</c>, <c>Remove(k)</c> →
/// <c>TryRemove(k, out _)</c>), <c>Queue</c> → <c>ConcurrentQueue</c>, <c>Stack</c> → <c>ConcurrentStack</c>. The
/// declared type and the collections created for it change with it. Offered only when every reference is in this
/// document and the rewritten document has no error the original did not have: every use still compiles.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CTN2003NonThreadSafeCollectionCodeFixProvider)), Shared]
public sealed class CTN2003NonThreadSafeCollectionCodeFixProvider : CodeFixProvider
{
    private static readonly ImmutableDictionary<string, string> Replacements = new Dictionary<string, string>
    {
        ["List`1"] = "ConcurrentBag",
        ["Dictionary`2"] = "ConcurrentDictionary",
        ["Queue`1"] = "ConcurrentQueue",
        ["Stack`1"] = "ConcurrentStack",
    }.ToImmutableDictionary();

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.CTN2003NonThreadSafeCollection);

    public override FixAllProvider GetFixAllProvider() => FixGuard.CreateFixAll(async (context, document, diagnostics) =>
    {
        // Mark each collection's declaration first: every rewrite moves the spans the diagnostics point at.
        var declarators = new HashSet<SyntaxNode>();
        foreach (var diagnostic in diagnostics)
        {
            if (await CollectionAsync(document, diagnostic.Location.SourceSpan, context.CancellationToken).ConfigureAwait(false) is { } symbol
                && symbol.DeclaringSyntaxReferences.Length == 1)
            {
                declarators.Add(await symbol.DeclaringSyntaxReferences[0].GetSyntaxAsync(context.CancellationToken).ConfigureAwait(false));
            }
        }

        if (await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false) is not { } root)
        {
            return document;
        }

        var marks = declarators.Select(_ => new SyntaxAnnotation()).ToList();
        var pairs = declarators.Zip(marks, (node, mark) => (node, mark)).ToDictionary(p => p.node, p => p.mark);
        document = document.WithSyntaxRoot(root.ReplaceNodes(pairs.Keys, (original, _) => original.WithAdditionalAnnotations(pairs[original])));

        // Each rewrite is checked on the document as the earlier ones left it.
        foreach (var mark in marks)
        {
            var current = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (current?.GetAnnotatedNodes(mark).FirstOrDefault() is { } declarator
                && model?.GetDeclaredSymbol(declarator, context.CancellationToken) is { } symbol
                && await RewriteAsync(document, symbol, context.CancellationToken).ConfigureAwait(false) is { } changed)
            {
                document = changed;
            }
        }

        return document;
    });

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await FixGuard.TouchesBrokenCodeAsync(context).ConfigureAwait(false))
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (await CollectionAsync(context.Document, diagnostic.Location.SourceSpan, context.CancellationToken).ConfigureAwait(false) is { } symbol
                && await RewriteAsync(context.Document, symbol, context.CancellationToken).ConfigureAwait(false) is { } changed)
            {
                var name = Replacements[((INamedTypeSymbol)Type(symbol)).OriginalDefinition.MetadataName];
                context.RegisterCodeFix(
                    CodeAction.Create($"Use '{name}'", _ => Task.FromResult(changed), EquivalenceKeys.CTN2003UseConcurrentCollection),
                    diagnostic);
            }
        }
    }

    private static ITypeSymbol Type(ISymbol symbol) => symbol is ILocalSymbol local ? local.Type : ((IFieldSymbol)symbol).Type;

    /// <summary>The local or private field changed at <paramref name="span"/>, when its type has a concurrent counterpart.</summary>
    private static async Task<ISymbol?> CollectionAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return null;
        }

        var instance = model.GetOperation(root.FindNode(span, getInnermostNodeForTie: true), cancellationToken) switch
        {
            IInvocationOperation call => call.Instance,
            IAssignmentOperation { Target: IPropertyReferenceOperation indexer } => indexer.Instance,
            _ => null,
        };
        while (instance is IConversionOperation conversion)
        {
            instance = conversion.Operand;
        }

        ISymbol? symbol = instance switch
        {
            ILocalReferenceOperation local => local.Local,
            IFieldReferenceOperation { Field.DeclaredAccessibility: Accessibility.Private } field => field.Field,
            _ => null,
        };
        return symbol is not null && Type(symbol) is INamedTypeSymbol type && type.ContainingNamespace?.ToDisplayString() == "System.Collections.Generic"
            && Replacements.ContainsKey(type.OriginalDefinition.MetadataName)
            ? symbol
            : null;
    }

    /// <summary>The document with <paramref name="symbol"/> switched over, or null when that is incomplete or does not compile.</summary>
    private static async Task<Document?> RewriteAsync(Document document, ISymbol symbol, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || symbol.DeclaringSyntaxReferences.Length != 1 || symbol.DeclaringSyntaxReferences[0].SyntaxTree != root.SyntaxTree)
        {
            return null;
        }

        var type = (INamedTypeSymbol)Type(symbol);
        var replacement = Replacements[type.OriginalDefinition.MetadataName];
        var isDictionary = replacement == "ConcurrentDictionary";
        var editor = new SyntaxEditor(root, document.Project.Solution.Services);

        var declarator = (VariableDeclaratorSyntax)symbol.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
        if (declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1 } declaration)
        {
            return null;
        }

        if (!declaration.Type.IsVar)
        {
            editor.ReplaceNode(declaration.Type, (node, _) => ConcurrentType(replacement, type).WithTriviaFrom(node));
        }

        var creations = new List<ExpressionSyntax>();
        if (declarator.Initializer?.Value is { } initial)
        {
            creations.Add(initial);
        }

        foreach (var referenced in await SymbolFinder.FindReferencesAsync(symbol, document.Project.Solution, cancellationToken).ConfigureAwait(false))
        {
            foreach (var location in referenced.Locations)
            {
                if (location.Document.Id != document.Id)
                {
                    return null;
                }

                var node = root.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                ExpressionSyntax use = node.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } self && self.Name == node ? self : (ExpressionSyntax)node;
                if (use.Parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment && assignment.Left == use)
                {
                    creations.Add(assignment.Right);
                }
                else if (isDictionary && use.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax call } member && member.Expression == use)
                {
                    switch (member.Name.Identifier.Text)
                    {
                        case "Add" when call.ArgumentList.Arguments.Count == 2:
                            editor.ReplaceNode(member.Name, IdentifierName("TryAdd").WithTriviaFrom(member.Name));
                            break;
                        case "Remove" when call.ArgumentList.Arguments.Count == 1:
                            editor.ReplaceNode(call, (n, _) =>
                            {
                                var old = (InvocationExpressionSyntax)n;
                                var access = (MemberAccessExpressionSyntax)old.Expression;
                                var discard = Argument(IdentifierName(Identifier(default, SyntaxKind.UnderscoreToken, "_", "_", default)))
                                    .WithRefKindKeyword(Token(SyntaxKind.OutKeyword).WithTrailingTrivia(Space));
                                return old.WithExpression(access.WithName(IdentifierName("TryRemove")))
                                    .WithArgumentList(old.ArgumentList.AddArguments(discard))
                                    .WithAdditionalAnnotations(Microsoft.CodeAnalysis.Formatting.Formatter.Annotation);
                            });
                            break;
                    }
                }
            }
        }

        foreach (var creation in creations)
        {
            if (creation is ObjectCreationExpressionSyntax explicitCreation)
            {
                editor.ReplaceNode(explicitCreation.Type, (node, _) => ConcurrentType(replacement, type).WithTriviaFrom(node));
            }
            else if (creation is not ImplicitObjectCreationExpressionSyntax)
            {
                return null;
            }
        }

        var changed = document.WithSyntaxRoot(editor.GetChangedRoot());
        changed = await DocumentCleanup.RunAsync(changed, cancellationToken).ConfigureAwait(false);
        return await NewErrorsAsync(document, changed, cancellationToken).ConfigureAwait(false) ? null : changed;
    }

    private static TypeSyntax ConcurrentType(string name, INamedTypeSymbol original) =>
        QualifiedName(
            ParseName("System.Collections.Concurrent"),
            GenericName(Identifier(name), TypeArgumentList(SeparatedList(original.TypeArguments.Select(t => ParseTypeName(t.ToDisplayString()))))))
        .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

    private static async Task<bool> NewErrorsAsync(Document before, Document after, CancellationToken cancellationToken)
    {
        var oldModel = await before.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var newModel = await after.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (oldModel is null || newModel is null)
        {
            return true;
        }

        static int Errors(SemanticModel model, CancellationToken token) =>
            model.GetDiagnostics(cancellationToken: token).Count(d => d.Severity == DiagnosticSeverity.Error);

        return Errors(newModel, cancellationToken) > Errors(oldModel, cancellationToken);
    }
}
