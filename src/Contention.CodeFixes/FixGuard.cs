using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Contention.CodeFixes;

/// <summary>
/// No fix is offered on code that does not compile where the fix would work: the statement around the diagnostic (or
/// the member, for a diagnostic outside any statement) has a compiler error. Half-typed code is rewritten by its
/// author, not by us; a fix there could only guess.
/// </summary>
internal static class FixGuard
{
    /// <summary>True when the fix for <paramref name="context"/>'s diagnostic would work on code with an error.</summary>
    public static Task<bool> TouchesBrokenCodeAsync(CodeFixContext context) =>
        TouchesBrokenCodeAsync(context.Document, context.Span, context.CancellationToken);

    /// <summary>
    /// <see cref="FixAllProvider.Create(Func{FixAllContext, Document, ImmutableArray{Diagnostic}, Task{Document}})"/> that
    /// leaves out, as the single fix does, the diagnostics in code with an error.
    /// </summary>
    public static FixAllProvider CreateFixAll(Func<FixAllContext, Document, ImmutableArray<Diagnostic>, Task<Document?>> fix) =>
        FixAllProvider.Create(async (context, document, diagnostics) =>
        {
            var fixable = ImmutableArray.CreateBuilder<Diagnostic>(diagnostics.Length);
            foreach (var diagnostic in diagnostics)
            {
                if (!await TouchesBrokenCodeAsync(document, diagnostic.Location.SourceSpan, context.CancellationToken).ConfigureAwait(false))
                {
                    fixable.Add(diagnostic);
                }
            }

            return fixable.Count == 0 ? document : await fix(context, document, fixable.ToImmutable()).ConfigureAwait(false);
        });

    private static async Task<bool> TouchesBrokenCodeAsync(Document document, TextSpan span, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || !root.FullSpan.Contains(span))
        {
            return true;
        }

        var node = root.FindNode(span, getInnermostNodeForTie: true);
        var region = (SyntaxNode?)node.FirstAncestorOrSelf<StatementSyntax>() ?? node.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? node;
        if (region.ContainsDiagnostics && region.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return true;
        }

        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return model is null
            || model.GetDiagnostics(region.Span, cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error);
    }
}
