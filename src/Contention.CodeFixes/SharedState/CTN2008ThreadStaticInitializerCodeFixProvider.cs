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
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Contention.CodeFixes.SharedState;

/// <summary>
/// CTN2008: <c>[ThreadStatic] static T t_x = v;</c> becomes <c>static readonly ThreadLocal&lt;T&gt; t_x = new(() =&gt; v);</c>
/// and every use of <c>t_x</c> becomes <c>t_x.Value</c>. Offered when the field is declared alone and every reference
/// to it is in this document and reads or assigns it (none passes it by <c>ref</c>, <c>out</c> or <c>in</c>, none takes
/// its address): then the rewrite is complete and compiles. Not offered for a <c>volatile</c> field (a readonly field
/// cannot be volatile) or a field of a struct type (<c>t_x.Value.Member = ..</c> would change a copy).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CTN2008ThreadStaticInitializerCodeFixProvider)), Shared]
public sealed class CTN2008ThreadStaticInitializerCodeFixProvider : CodeFixProvider
{
    private const string Title = "Use ThreadLocal<T> with a factory";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.CTN2008ThreadStaticInitializer);

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
            if (await PlanAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => FixAsync(context.Document, ImmutableArray.Create(diagnostic), ct), EquivalenceKeys.CTN2008UseThreadLocal),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var plans = new List<(FieldDeclarationSyntax Declaration, List<ExpressionSyntax> Uses)>();
        foreach (var diagnostic in diagnostics)
        {
            if (await PlanAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is { } plan
                && !plans.Any(p => p.Declaration == plan.Declaration))
            {
                plans.Add(plan);
            }
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        foreach (var (declaration, uses) in plans)
        {
            foreach (var use in uses)
            {
                editor.ReplaceNode(use, (node, _) => MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression, ((ExpressionSyntax)node).WithoutTrivia(), IdentifierName("Value")).WithTriviaFrom(node));
            }

            editor.ReplaceNode(declaration, (node, _) => Rewrite((FieldDeclarationSyntax)node));
        }

        return await DocumentCleanup.RunAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
    }

    private static FieldDeclarationSyntax Rewrite(FieldDeclarationSyntax declaration)
    {
        var variable = declaration.Declaration.Variables[0];
        var elementType = declaration.Declaration.Type.WithoutTrivia();
        var threadLocalType = QualifiedName(
            QualifiedName(IdentifierName("System"), IdentifierName("Threading")),
            GenericName(Identifier("ThreadLocal"), TypeArgumentList(SingletonSeparatedList(elementType))))
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        var factory = ParenthesizedLambdaExpression(ParameterList(), variable.Initializer!.Value.WithoutTrivia());
        var creation = ObjectCreationExpression(threadLocalType).WithArgumentList(ArgumentList(SingletonSeparatedList(Argument(factory))));

        var attributeLists = new SyntaxList<AttributeListSyntax>();
        foreach (var list in declaration.AttributeLists)
        {
            var kept = SeparatedList(list.Attributes.Where(a => !IsThreadStatic(a)));
            if (kept.Count > 0)
            {
                attributeLists = attributeLists.Add(list.WithAttributes(kept));
            }
        }

        var modifiers = declaration.Modifiers;
        if (!modifiers.Any(SyntaxKind.ReadOnlyKeyword))
        {
            modifiers = modifiers.Add(Token(SyntaxKind.ReadOnlyKeyword).WithTrailingTrivia(Space));
        }

        var leading = declaration.AttributeLists.Count > 0 ? declaration.AttributeLists[0].GetLeadingTrivia() : declaration.GetLeadingTrivia();
        var rewritten = declaration
            .WithAttributeLists(attributeLists)
            .WithModifiers(modifiers)
            .WithDeclaration(declaration.Declaration
                .WithType(threadLocalType.WithTrailingTrivia(Space))
                .WithVariables(SingletonSeparatedList(variable.WithInitializer(variable.Initializer.WithValue(creation)))));
        return (attributeLists.Count == 0 ? rewritten.WithLeadingTrivia(leading) : rewritten)
            .WithAdditionalAnnotations(Microsoft.CodeAnalysis.Formatting.Formatter.Annotation);
    }

    private static bool IsThreadStatic(AttributeSyntax attribute)
    {
        var name = attribute.Name switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.Text,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.Text,
            SimpleNameSyntax simple => simple.Identifier.Text,
            _ => string.Empty,
        };
        return name is "ThreadStatic" or "ThreadStaticAttribute";
    }

    /// <summary>The declaration and the uses to rewrite to <c>.Value</c>, or null when the rewrite would be incomplete.</summary>
    private static async Task<(FieldDeclarationSyntax Declaration, List<ExpressionSyntax> Uses)?> PlanAsync(
        Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root
            || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model
            || root.FindNode(diagnostic.Location.SourceSpan) is not VariableDeclaratorSyntax { Initializer: not null } declarator
            || declarator.Parent?.Parent is not FieldDeclarationSyntax { Declaration.Variables.Count: 1 } declaration
            || model.GetDeclaredSymbol(declarator, cancellationToken) is not IFieldSymbol field
            || field.IsVolatile
            || field.Type.IsValueType && field.Type.SpecialType == SpecialType.None && field.Type.TypeKind != TypeKind.Enum)
        {
            return null;
        }

        var uses = new List<ExpressionSyntax>();
        foreach (var referenced in await SymbolFinder.FindReferencesAsync(field, document.Project.Solution, cancellationToken).ConfigureAwait(false))
        {
            foreach (var location in referenced.Locations)
            {
                if (location.Document.Id != document.Id || location.IsImplicit)
                {
                    return null;
                }

                var node = root.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                if (node is not IdentifierNameSyntax name)
                {
                    return null;
                }

                if (IsInNameof(name))
                {
                    continue;
                }

                ExpressionSyntax use = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
                if (use.Parent is ArgumentSyntax { RefKindKeyword.RawKind: not 0 } or RefExpressionSyntax
                    || use.Parent is PrefixUnaryExpressionSyntax prefix && prefix.IsKind(SyntaxKind.AddressOfExpression))
                {
                    return null;
                }

                uses.Add(use);
            }
        }

        return (declaration, uses);
    }

    private static bool IsInNameof(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null and not StatementSyntax and not MemberDeclarationSyntax; current = current.Parent)
        {
            if (current is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "nameof" } })
            {
                return true;
            }
        }

        return false;
    }
}
