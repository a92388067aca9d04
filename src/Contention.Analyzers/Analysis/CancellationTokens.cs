using System;
using System.Collections.Generic;
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
        if (symbols.CancellationToken is null || operation.SemanticModel is not { } model)
        {
            return null;
        }

        var position = operation.Syntax.SpanStart;
        var staticBoundary = InnermostStaticFunction(operation.Syntax);
        ISymbol? only = null;
        ISymbol? preferred = null;
        var count = 0;
        // Each name a parameter or local could have here, looked up at the position: a lookup by name finds exactly
        // what is in scope under that name, where a lookup of every symbol in scope lists every type the usings bring.
        foreach (var name in DeclaredNames(operation.Syntax))
        {
            foreach (var symbol in model.LookupSymbols(position, name: name))
            {
                if (!IsUsableToken(symbol, symbols.CancellationToken, operation.Syntax, staticBoundary))
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
        }

        return count == 1 ? only : preferred;
    }

    /// <summary>
    /// The names of every parameter and local that can be in scope at <paramref name="node"/>, each once: those declared
    /// in the member around it (its lambdas and local functions included), or in the top-level statements around it,
    /// the parameters of the primary constructor of the type around it, and an accessor's <c>value</c>.
    /// </summary>
    private static HashSet<string> DeclaredNames(SyntaxNode node)
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { "value" };
        foreach (var ancestor in node.AncestorsAndSelf())
        {
            switch (ancestor)
            {
                case BaseTypeDeclarationSyntax type:
                    // Only the innermost type's: a nested type cannot use the parameters of an outer one.
                    if (type is TypeDeclarationSyntax { ParameterList: { } primary })
                    {
                        AddDeclaredNames(primary, names);
                    }

                    return names;
                case GlobalStatementSyntax { Parent: CompilationUnitSyntax unit }:
                    foreach (var member in unit.Members)
                    {
                        if (member is GlobalStatementSyntax)
                        {
                            AddDeclaredNames(member, names);
                        }
                    }

                    break;
                case MemberDeclarationSyntax member when member.Parent is TypeDeclarationSyntax:
                    AddDeclaredNames(member, names);
                    break;
            }
        }

        return names;
    }

    private static void AddDeclaredNames(SyntaxNode scope, HashSet<string> names)
    {
        foreach (var node in scope.DescendantNodesAndSelf())
        {
            var identifier = node switch
            {
                ParameterSyntax parameter => parameter.Identifier,
                VariableDeclaratorSyntax declarator => declarator.Identifier,
                SingleVariableDesignationSyntax designation => designation.Identifier,
                ForEachStatementSyntax loop => loop.Identifier,
                CatchDeclarationSyntax caught => caught.Identifier,
                _ => default,
            };
            if (identifier.ValueText.Length > 0)
            {
                names.Add(identifier.ValueText);
            }
        }
    }

    private static bool IsUsableToken(ISymbol symbol, ITypeSymbol tokenType, SyntaxNode at, SyntaxNode? staticBoundary)
    {
        var position = at.SpanStart;
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

            // A primary constructor's parameter is usable in the instance members of its own type only.
            if (declaration.Parent is ParameterListSyntax { Parent: TypeDeclarationSyntax owner } && !IsInInstanceMemberOf(at, owner))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsInInstanceMemberOf(SyntaxNode node, TypeDeclarationSyntax type)
    {
        foreach (var ancestor in node.Ancestors())
        {
            if (ancestor is MemberDeclarationSyntax member && member.Parent == type)
            {
                return !member.Modifiers.Any(SyntaxKind.StaticKeyword) && !member.Modifiers.Any(SyntaxKind.ConstKeyword);
            }

            if (ancestor is BaseTypeDeclarationSyntax)
            {
                return false;
            }
        }

        return false;
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
