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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.CodeFixes.SharedState;

/// <summary>
/// CTN2003, for a collection field: put the statement that changes it under the lock the type already takes around
/// that field elsewhere (<see cref="LockWrapping.ExistingLockFor"/>), the fix that fits where a concurrent collection
/// does not (a public field, a <c>List</c> that is sorted or indexed). Without such a lock there is no lock fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CTN2003NonThreadSafeCollectionLockCodeFixProvider)), Shared]
public sealed class CTN2003NonThreadSafeCollectionLockCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.CTN2003NonThreadSafeCollection);

    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create((context, document, diagnostics) => FixAsync(document, diagnostics, context.CancellationToken)!);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (await PlanAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is var (_, gate))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Lock '{gate}' around the change",
                        ct => FixAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                        EquivalenceKeys.CTN2003LockExistingGate),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var targets = new List<(SyntaxNode, string)>();
        foreach (var diagnostic in diagnostics)
        {
            if (await PlanAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is { } plan)
            {
                targets.Add(plan);
            }
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        LockWrapping.Wrap(editor, targets);
        return await DocumentCleanup.RunAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<(SyntaxNode Target, string Gate)?> PlanAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root
            || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model)
        {
            return null;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var collection = model.GetOperation(node, cancellationToken) switch
        {
            IInvocationOperation call => call.Instance,
            IAssignmentOperation { Target: IPropertyReferenceOperation indexer } => indexer.Instance,
            _ => null,
        };
        if (collection is null
            || SharedUpdates.WithoutConversions(collection) is not IFieldReferenceOperation field
            || !ConcurrentMethods.IsOwnState(field.Instance)
            || LockWrapping.ExistingLockFor(field.Field, root, model, cancellationToken) is not { } gate
            || LockWrapping.Target(node, model, cancellationToken) is not { } target)
        {
            return null;
        }

        return (target, gate);
    }
}
