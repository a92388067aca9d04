using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.CodeFixes.SharedState;

/// <summary>
/// The fix CTN2006 and CTN2007 share: add <c>volatile</c> to the field a diagnostic reads. Offered only when the
/// field is declared alone, in the same document, has a type C# allows to be volatile, and is never passed by
/// <c>ref</c>, <c>out</c> or <c>in</c> (a volatile field passed by reference loses its volatility, warning CS0420).
/// </summary>
internal static class VolatileField
{
    private const string Title = "Make the field volatile";

    public static FixAllProvider FixAll { get; } =
        FixGuard.CreateFixAll((context, document, diagnostics) => FixAsync(document, diagnostics, context.CancellationToken)!);

    public static async Task RegisterAsync(CodeFixContext context, string equivalenceKey)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (await DeclarationToFixAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => FixAsync(context.Document, ImmutableArray.Create(diagnostic), ct), equivalenceKey),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var declarations = new HashSet<FieldDeclarationSyntax>();
        foreach (var diagnostic in diagnostics)
        {
            if (await DeclarationToFixAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is { } declaration)
            {
                declarations.Add(declaration);
            }
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        foreach (var declaration in declarations)
        {
            editor.SetModifiers(declaration, editor.Generator.GetModifiers(declaration).WithIsVolatile(true));
        }

        return await DocumentCleanup.RunAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<FieldDeclarationSyntax?> DeclarationToFixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root
            || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model
            || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax expression
            || model.GetSymbolInfo(expression, cancellationToken).Symbol is not IFieldSymbol { IsVolatile: false, IsReadOnly: false } field
            || !CanBeVolatile(field.Type)
            || field.DeclaringSyntaxReferences.Length != 1
            || field.DeclaringSyntaxReferences[0].SyntaxTree != root.SyntaxTree
            || field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken).Parent?.Parent is not FieldDeclarationSyntax declaration
            || declaration.Declaration.Variables.Count != 1)
        {
            return null;
        }

        foreach (var referenced in await SymbolFinder.FindReferencesAsync(field, document.Project.Solution, cancellationToken).ConfigureAwait(false))
        {
            foreach (var location in referenced.Locations)
            {
                if (await IsPassedByReferenceAsync(location, cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }
            }
        }

        return declaration;
    }

    private static async Task<bool> IsPassedByReferenceAsync(ReferenceLocation location, CancellationToken cancellationToken)
    {
        var model = await location.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (model is null || root is null)
        {
            return true;
        }

        var node = root.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
        return node.Parent is ArgumentSyntax { RefKindKeyword.RawKind: not 0 }
            || node.Parent is MemberAccessExpressionSyntax { Parent: ArgumentSyntax { RefKindKeyword.RawKind: not 0 } } access && access.Name == node
            || node.Parent is RefExpressionSyntax
            || model.GetOperation(node, cancellationToken)?.Parent is IArgumentOperation { Parameter.RefKind: not RefKind.None };
    }

    /// <summary>The types C# allows on a volatile field (§15.5.4): references, and simple types of 32 bits or fewer.</summary>
    private static bool CanBeVolatile(ITypeSymbol type) => type switch
    {
        { IsReferenceType: true } => true,
        ITypeParameterSymbol parameter => parameter.HasReferenceTypeConstraint,
        INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying } => CanBeVolatile(underlying),
        _ => type.SpecialType is SpecialType.System_Boolean or SpecialType.System_Char or SpecialType.System_Byte or SpecialType.System_SByte
            or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
            or SpecialType.System_Single or SpecialType.System_IntPtr or SpecialType.System_UIntPtr,
    };
}
