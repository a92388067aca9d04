using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Contention.CodeFixes;

/// <summary>
/// No fix is offered on code that does not compile where the fix would work: the statement around the diagnostic (or
/// the member, for a diagnostic outside any statement) has a compiler error. Half-typed code is rewritten by its
/// author, not by us; a fix there could only guess.
/// </summary>
internal static class FixGuard
{
    public static async Task<bool> TouchesBrokenCodeAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || !root.FullSpan.Contains(context.Span))
        {
            return true;
        }

        var node = root.FindNode(context.Span, getInnermostNodeForTie: true);
        var region = (SyntaxNode?)node.FirstAncestorOrSelf<StatementSyntax>() ?? node.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? node;
        if (region.ContainsDiagnostics && region.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return true;
        }

        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        return model is null
            || model.GetDiagnostics(region.Span, context.CancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error);
    }
}
