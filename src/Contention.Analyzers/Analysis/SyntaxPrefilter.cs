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
            foreach (var token in block.Syntax.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && names.Contains(token.ValueText))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
