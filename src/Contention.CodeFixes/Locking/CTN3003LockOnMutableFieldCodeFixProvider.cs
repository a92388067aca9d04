using System.Collections.Generic;
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
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.CodeFixes.Locking;

/// <summary>
/// CTN3003: add <c>readonly</c> to the locked field, offered only when no code anywhere in the solution writes the field
/// outside the constructors and initializers of its type (then the change keeps every build compiling), when its
/// declaration declares it alone, and when it is in the same document.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CTN3003LockOnMutableFieldCodeFixProvider)), Shared]
public sealed class CTN3003LockOnMutableFieldCodeFixProvider : CodeFixProvider
{
    private const string Title = "Make the field readonly";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.CTN3003LockOnMutableField);

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
            if (await FieldToFixAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => FixAsync(context.Document, ImmutableArray.Create(diagnostic), ct), EquivalenceKeys.CTN3003MakeReadonly),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var declarations = new HashSet<FieldDeclarationSyntax>();
        foreach (var diagnostic in diagnostics)
        {
            if (await FieldToFixAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is { } declaration)
            {
                declarations.Add(declaration);
            }
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        foreach (var declaration in declarations)
        {
            editor.SetModifiers(declaration, editor.Generator.GetModifiers(declaration).WithIsReadOnly(true));
        }

        return await DocumentCleanup.RunAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The field declaration to make readonly, or null when that would not compile or not be the whole story.</summary>
    private static async Task<FieldDeclarationSyntax?> FieldToFixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (diagnostic.Properties.ContainsKey(PropertyNames.Reassigned)
            || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root
            || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model)
        {
            return null;
        }

        var expression = root.FindNode(diagnostic.Location.SourceSpan) switch
        {
            LockStatementSyntax statement => statement.Expression,
            ArgumentSyntax argument => argument.Expression,
            ExpressionSyntax other => other,
            _ => null,
        };
        if (expression is null || model.GetSymbolInfo(expression, cancellationToken).Symbol is not IFieldSymbol field
            || field.DeclaringSyntaxReferences.Length != 1
            || field.DeclaringSyntaxReferences[0].SyntaxTree != root.SyntaxTree
            || field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken).Parent?.Parent is not FieldDeclarationSyntax declaration
            || declaration.Declaration.Variables.Count != 1)
        {
            return null;
        }

        var references = await SymbolFinder.FindReferencesAsync(field, document.Project.Solution, cancellationToken).ConfigureAwait(false);
        foreach (var referenced in references)
        {
            foreach (var location in referenced.Locations)
            {
                if (await IsWriteOutsideConstructionAsync(location, field, cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }
            }
        }

        return declaration;
    }

    private static async Task<bool> IsWriteOutsideConstructionAsync(ReferenceLocation location, IFieldSymbol field, CancellationToken cancellationToken)
    {
        var model = await location.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (model is null || root is null)
        {
            return true;
        }

        var node = root.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
        var reference = model.GetOperation(node, cancellationToken);
        var isWrite = reference?.Parent switch
        {
            IAssignmentOperation assignment => assignment.Target == reference,
            IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } => true,
            _ => reference?.Parent is null, // unknown: assume the worst
        };
        if (!isWrite)
        {
            return false;
        }

        var member = model.GetEnclosingSymbol(node.SpanStart, cancellationToken);
        var inConstruction = member is IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } constructor
            && constructor.IsStatic == field.IsStatic
            && SymbolEqualityComparer.Default.Equals(constructor.ContainingType, field.ContainingType);
        return !inConstruction;
    }
}
