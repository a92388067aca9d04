using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Contention.Analyzers.Analysis;

/// <summary>Finds the <c>CancellationToken</c> a fix should pass at a given place.</summary>
public static class CancellationTokens
{
    private static readonly string[] PreferredNames = { "cancellationToken", "ct", "token" };

    /// <summary>
    /// The one parameter or local of type <c>CancellationToken</c> usable at <paramref name="operation"/>;
    /// when several are, the one with a conventional name; otherwise null (passing none is safer than guessing).
    /// </summary>
    public static ISymbol? FindInScope(IOperation operation, KnownSymbols symbols)
    {
        if (symbols.CancellationToken is null || operation.SemanticModel is null)
        {
            return null;
        }

        var position = operation.Syntax.SpanStart;
        var staticBoundary = InnermostStaticFunction(operation.Syntax);
        ISymbol? only = null;
        ISymbol? preferred = null;
        var count = 0;
        foreach (var symbol in operation.SemanticModel.LookupSymbols(position))
        {
            if (!IsUsableToken(symbol, symbols.CancellationToken, position, staticBoundary))
            {
                continue;
            }

            count++;
            only = symbol;
            if (preferred is null && System.Array.IndexOf(PreferredNames, symbol.Name) >= 0)
            {
                preferred = symbol;
            }
        }

        return count == 1 ? only : preferred;
    }

    private static bool IsUsableToken(ISymbol symbol, ITypeSymbol tokenType, int position, SyntaxNode? staticBoundary)
    {
        ITypeSymbol type;
        switch (symbol)
        {
            case IParameterSymbol parameter when parameter.RefKind == RefKind.None:
                type = parameter.Type;
                break;
            case ILocalSymbol local:
                type = local.Type;
                break;
            default:
                return false;
        }

        if (!SymbolEqualityComparer.Default.Equals(type, tokenType))
        {
            return false;
        }

        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax();
            // A local is in scope for its whole block, but only usable after its declaration.
            if (symbol is ILocalSymbol && declaration.SpanStart > position)
            {
                return false;
            }

            // A static lambda or local function cannot capture anything declared outside it.
            if (staticBoundary is not null && !staticBoundary.Span.Contains(declaration.Span))
            {
                return false;
            }
        }

        return true;
    }

    private static SyntaxNode? InnermostStaticFunction(SyntaxNode node)
    {
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case AnonymousFunctionExpressionSyntax lambda when lambda.Modifiers.Any(SyntaxKind.StaticKeyword):
                    return lambda;
                case LocalFunctionStatementSyntax local when local.Modifiers.Any(SyntaxKind.StaticKeyword):
                    return local;
                case MemberDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }
}
