using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Contention.Analyzers.Analysis;

/// <summary>
/// The cheap first question of every rule: does this code mention any of the rule's trigger names at all?
/// A token scan costs far less than the semantic work it saves in the methods that do not.
/// </summary>
public static class SyntaxPrefilter
{
    public static bool MentionsAny(ImmutableArray<IOperation> blocks, ImmutableHashSet<string> names)
    {
        foreach (var block in blocks)
        {
            if (MentionsAny(block.Syntax, names))
            {
                return true;
            }
        }

        return false;
    }

    public static bool MentionsAny(SyntaxNode syntax, ImmutableHashSet<string> names)
    {
        foreach (var token in syntax.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken) && names.Contains(token.ValueText))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the code can contain async code at all: the member is async, or its body has an <c>async</c>
    /// lambda or local function or an <c>await</c> (top-level statements are async without the keyword).
    /// An operation block is the body only, so the member's own modifier is asked of its symbol.
    /// </summary>
    public static bool MayContainAsyncCode(ISymbol owningSymbol, ImmutableArray<IOperation> blocks)
    {
        if (owningSymbol is IMethodSymbol { IsAsync: true })
        {
            return true;
        }

        foreach (var block in blocks)
        {
            foreach (var token in block.Syntax.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.AsyncKeyword) || token.IsKind(SyntaxKind.AwaitKeyword))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
