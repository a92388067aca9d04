using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Contention.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace Contention.CodeFixes.SharedState;

/// <summary>
/// The fix of CTN2004 and CTN2009, whose diagnostics name the lock (<see cref="PropertyNames.LockName"/>): wrap the
/// statement that makes the access or call in <c>lock (&lt;name&gt;) { .. }</c>. Offered for an expression statement or a
/// <c>return</c> in a block, when the name is a field or property of the type whose type is <c>object</c>, <c>Lock</c>
/// or another class a <c>lock</c> statement accepts (not a <c>SemaphoreSlim</c>, <c>Mutex</c>,
/// <c>ReaderWriterLockSlim</c> or <c>SpinLock</c>, which are taken differently), and not for <c>"this"</c>, which a
/// <c>lock</c> would expose (CTN3001); not for a statement with an <c>await</c>, nor for a member of another object or
/// type, whose lock the name does not reach. Several accesses in one statement get one lock.
/// </summary>
internal static class NamedLockFix
{
    private static readonly ImmutableHashSet<string> NotMonitorLocks = ImmutableHashSet.Create(
        "SemaphoreSlim", "Semaphore", "Mutex", "ReaderWriterLockSlim", "ReaderWriterLock", "SpinLock");

    /// <summary>Fix All: every fixable diagnostic of the document in one edit.</summary>
    public static FixAllProvider FixAll { get; } =
        FixGuard.CreateFixAll((context, document, diagnostics) => FixAsync(document, diagnostics, context.CancellationToken)!);

    public static async Task RegisterAsync(CodeFixContext context, string equivalenceKey)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (await StatementToWrapAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is var (_, lockName))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Lock '{lockName}' around the statement",
                        ct => FixAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                        equivalenceKey),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var targets = new List<(SyntaxNode, string)>();
        foreach (var diagnostic in diagnostics)
        {
            if (await StatementToWrapAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is { } plan)
            {
                targets.Add(plan);
            }
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        LockWrapping.Wrap(editor, targets);
        return await DocumentCleanup.RunAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<(SyntaxNode Statement, string LockName)?> StatementToWrapAsync(
        Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(PropertyNames.LockName, out var lockName) || lockName is null or "this"
            || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root
            || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model)
        {
            return null;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (LockWrapping.Target(node, model, cancellationToken) is not StatementSyntax statement)
        {
            return null;
        }

        // The lock belongs to the object the member is reached on: only this object's own members, from its own type.
        var member = model.GetSymbolInfo(node, cancellationToken).Symbol;
        var enclosingType = model.GetEnclosingSymbol(statement.SpanStart, cancellationToken)?.ContainingType;
        if (member is null || !SymbolEqualityComparer.Default.Equals(member.ContainingType?.OriginalDefinition, enclosingType?.OriginalDefinition)
            || node.Parent is MemberAccessExpressionSyntax access && access.Name == node && access.Expression is not (ThisExpressionSyntax or BaseExpressionSyntax)
                && !member.IsStatic)
        {
            return null;
        }

        // The name must mean a field or property of a type a lock statement takes, where the statement is.
        var gate = model.LookupSymbols(statement.SpanStart, name: lockName).FirstOrDefault();
        var gateType = gate switch
        {
            IFieldSymbol field => field.Type,
            IPropertySymbol property => property.Type,
            _ => null,
        };
        if (gateType is not { IsReferenceType: true } || gateType.SpecialType == SpecialType.System_String || NotMonitorLocks.Contains(gateType.Name)
            || gate!.IsStatic == false && model.GetEnclosingSymbol(statement.SpanStart, cancellationToken) is { IsStatic: true })
        {
            return null;
        }

        return (statement, lockName);
    }
}
