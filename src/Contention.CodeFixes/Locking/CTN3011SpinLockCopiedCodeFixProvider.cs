using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Contention.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace Contention.CodeFixes.Locking;

/// <summary>
/// CTN3011: remove <c>readonly</c> from a <c>SpinLock</c> field. Copies made by a by-value parameter or a local get no fix:
/// passing by <c>ref</c> changes every caller, and a local copy usually means the design needs the field itself.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CTN3011SpinLockCopiedCodeFixProvider)), Shared]
public sealed class CTN3011SpinLockCopiedCodeFixProvider : CodeFixProvider
{
    private const string Title = "Remove 'readonly'";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.CTN3011SpinLockCopied);

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
            if (root?.FindNode(diagnostic.Location.SourceSpan) is VariableDeclaratorSyntax
                {
                    Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: FieldDeclarationSyntax field },
                }
                && !IsReadonlyStruct(field))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => RemoveReadonlyAsync(context.Document, field, ct), EquivalenceKeys.CTN3011RemoveReadonly),
                    diagnostic);
            }
        }
    }

    /// <summary>A readonly struct cannot have a mutable field; there is no mechanical fix inside one.</summary>
    private static bool IsReadonlyStruct(FieldDeclarationSyntax field) =>
        field.Parent is StructDeclarationSyntax declaration
        && declaration.Modifiers.Any(Microsoft.CodeAnalysis.CSharp.SyntaxKind.ReadOnlyKeyword);

    private static async Task<Document> RemoveReadonlyAsync(Document document, FieldDeclarationSyntax field, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        editor.SetModifiers(field, editor.Generator.GetModifiers(field).WithIsReadOnly(false));
        return await DocumentCleanup.RunAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
    }
}
