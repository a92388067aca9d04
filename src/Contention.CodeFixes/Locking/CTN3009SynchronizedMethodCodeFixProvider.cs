using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Contention.Analyzers;
using Contention.Analyzers.Analysis;
using Contention.Analyzers.Locking;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace Contention.CodeFixes.Locking;

/// <summary>
/// CTN3009: remove <c>[MethodImpl(MethodImplOptions.Synchronized)]</c> and lock a private object around the body. All
/// synchronized methods of the type (instance and static apart) move to one shared gate, since they excluded each
/// other before. Not offered when the attribute carries other options, a method has no body, or the type also
/// locks <c>this</c>/<c>typeof</c> itself or uses <c>Monitor</c> on it (those locks coordinate with the methods).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CTN3009SynchronizedMethodCodeFixProvider)), Shared]
public sealed class CTN3009SynchronizedMethodCodeFixProvider : CodeFixProvider
{
    private const string Title = "Lock a private object instead";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.CTN3009SynchronizedMethod);

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
            if ((await PlanAsync(context.Document, ImmutableArray.Create(diagnostic), context.CancellationToken).ConfigureAwait(false)).Count > 0)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => FixAsync(context.Document, ImmutableArray.Create(diagnostic), ct), EquivalenceKeys.CTN3009LockPrivateObject),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(document, diagnostics, cancellationToken).ConfigureAwait(false);
        if (plan.Count == 0)
        {
            return document;
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var languageVersion = ((CSharpParseOptions)editor.OriginalRoot.SyntaxTree.Options).LanguageVersion;
        var lockType = LockRetargeting.LockTypeFor(editor.SemanticModel.Compilation, languageVersion);
        var usedNames = new Dictionary<INamedTypeSymbol, HashSet<string>>(SymbolEqualityComparer.Default);
        foreach (var group in plan)
        {
            var (type, isStatic) = group.Key;
            if (!usedNames.TryGetValue(type, out var names))
            {
                usedNames.Add(type, names = LockRetargeting.MemberNames(type));
            }

            var name = LockRetargeting.UniqueName(names);
            var field = LockRetargeting.CreateField(editor.Generator, name, isStatic, lockType, languageVersion);
            foreach (var (method, attribute) in group.Value)
            {
                // Positions shift as the editor works, so the attribute is found again by index.
                var list = (AttributeListSyntax)attribute.Parent!;
                var listIndex = method.AttributeLists.IndexOf(list);
                var attributeIndex = list.Attributes.IndexOf(attribute);
                editor.ReplaceNode(method, (node, _) => Rewrite((MethodDeclarationSyntax)node, listIndex, attributeIndex, name));
            }

            var declaration = group.Value[0].Method.FirstAncestorOrSelf<TypeDeclarationSyntax>()!;
            editor.InsertMembers(declaration, 0, new[] { field });
        }

        return await DocumentCleanup.RunAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every synchronized method per (type, static), when the whole group can move to a private gate.</summary>
    private static async Task<Dictionary<(INamedTypeSymbol Type, bool IsStatic), List<(MethodDeclarationSyntax Method, AttributeSyntax Attribute)>>> PlanAsync(
        Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var plan = new Dictionary<(INamedTypeSymbol, bool), List<(MethodDeclarationSyntax, AttributeSyntax)>>();
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return plan;
        }

        foreach (var diagnostic in diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } method
                || model.GetDeclaredSymbol(method, cancellationToken) is not { } symbol
                || plan.ContainsKey((symbol.ContainingType, symbol.IsStatic)))
            {
                continue;
            }

            var group = SynchronizedMethods(symbol.ContainingType, symbol.IsStatic, model, cancellationToken);
            if (group is not null && !LocksItselfElsewhere(symbol.ContainingType, symbol.IsStatic, model, cancellationToken))
            {
                plan.Add((symbol.ContainingType, symbol.IsStatic), group);
            }
        }

        return plan;
    }

    /// <summary>All synchronized methods of the type with the same static-ness; null when one of them cannot be rewritten.</summary>
    private static List<(MethodDeclarationSyntax, AttributeSyntax)>? SynchronizedMethods(INamedTypeSymbol type, bool isStatic, SemanticModel model, CancellationToken cancellationToken)
    {
        var methods = new List<(MethodDeclarationSyntax, AttributeSyntax)>();
        foreach (var member in type.GetMembers().OfType<IMethodSymbol>())
        {
            if (member.IsStatic != isStatic)
            {
                continue;
            }

            foreach (var data in member.GetAttributes())
            {
                if (data.AttributeClass?.Name != "MethodImplAttribute" || data.ConstructorArguments.Length != 1
                    || data.ConstructorArguments[0].Value is not { } value)
                {
                    continue;
                }

                var flags = System.Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
                if ((flags & CTN3009SynchronizedMethodAnalyzer.SynchronizedFlag) == 0)
                {
                    continue;
                }

                // Other options, or an async method (no await inside a lock): no mechanical rewrite keeps the meaning.
                if (flags != CTN3009SynchronizedMethodAnalyzer.SynchronizedFlag
                    || member.IsAsync
                    || data.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax attribute
                    || attribute.SyntaxTree != model.SyntaxTree
                    || attribute.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } declaration
                    || (declaration.Body is null && declaration.ExpressionBody is null))
                {
                    return null;
                }

                methods.Add((declaration, attribute));
            }
        }

        return methods.Count > 0 ? methods : null;
    }

    /// <summary>A lock or Monitor call on <c>this</c> (or the type object) in the type coordinates with its synchronized methods.</summary>
    private static bool LocksItselfElsewhere(INamedTypeSymbol type, bool isStatic, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            var declarationModel = reference.SyntaxTree == model.SyntaxTree ? model : model.Compilation.GetSemanticModel(reference.SyntaxTree);
            foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
            {
                ExpressionSyntax? target = node switch
                {
                    LockStatementSyntax statement => statement.Expression,
                    InvocationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } invocation
                        when declarationModel.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method
                            && SymbolEqualityComparer.Default.Equals(method.ContainingType, KnownSymbols.For(declarationModel.Compilation).Monitor)
                        => invocation.ArgumentList.Arguments[0].Expression,
                    _ => null,
                };
                if (target is not null && declarationModel.GetOperation(target, cancellationToken) is { } operation
                    && LockScope.Identify(operation) is { } identity
                    && (isStatic
                        ? identity.Kind == LockIdentityKind.TypeOf && SymbolEqualityComparer.Default.Equals(identity.Symbol, type)
                        : identity.Kind == LockIdentityKind.This))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static MethodDeclarationSyntax Rewrite(MethodDeclarationSyntax method, int listIndex, int attributeIndex, string gate)
    {
        var list = method.AttributeLists[listIndex];
        var withoutAttribute = list.Attributes.Count == 1
            ? method.WithAttributeLists(method.AttributeLists.RemoveAt(listIndex)).WithLeadingTrivia(method.GetLeadingTrivia())
            : method.ReplaceNode(list, list.WithAttributes(list.Attributes.RemoveAt(attributeIndex)));

        BlockSyntax body;
        if (withoutAttribute.Body is { } block)
        {
            body = block;
        }
        else
        {
            var expression = withoutAttribute.ExpressionBody!.Expression;
            var returnsVoid = withoutAttribute.ReturnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword };
            body = SyntaxFactory.Block(returnsVoid ? SyntaxFactory.ExpressionStatement(expression) : SyntaxFactory.ReturnStatement(expression));
        }

        var locked = SyntaxFactory.Block(SyntaxFactory.LockStatement(SyntaxFactory.IdentifierName(gate), body.WithoutTrivia()));
        return withoutAttribute
            .WithExpressionBody(null)
            .WithSemicolonToken(default)
            .WithBody(locked)
            .WithAdditionalAnnotations(Formatter.Annotation);
    }
}
