using System;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Contention.Analyzers.Analysis;

/// <summary>
/// Names read from the declarations of a compilation's source, in one walk per compilation that never enters a
/// method body and binds nothing: the prefilters that must know about members declared elsewhere. Members of
/// referenced assemblies are not in it.
/// </summary>
public sealed class DeclarationIndex
{
    private static readonly ConditionalWeakTable<Compilation, DeclarationIndex> Cache = new();

    private DeclarationIndex(Compilation compilation, CancellationToken cancellationToken)
    {
        var contracts = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        var concurrentDictionaries = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var tree in compilation.SyntaxTrees)
        {
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes(static n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (node)
                {
                    case TypeDeclarationSyntax { ParameterList: { } parameters }:
                        // A record's positional parameters are its properties.
                        foreach (var parameter in parameters.Parameters)
                        {
                            if (parameter.Type is { } parameterType && MentionsConcurrentDictionary(parameterType))
                            {
                                concurrentDictionaries.Add(parameter.Identifier.ValueText);
                            }
                        }

                        break;
                    case BaseFieldDeclarationSyntax field:
                        Add(field, field.Declaration.Type, contracts, concurrentDictionaries);
                        break;
                    case PropertyDeclarationSyntax property:
                        Add(property, property.Type, contracts, concurrentDictionaries);
                        break;
                    case MethodDeclarationSyntax method:
                        Add(method, method.ReturnType, contracts, concurrentDictionaries);
                        break;
                }
            }
        }

        ContractMembers = contracts.ToImmutable();
        ConcurrentDictionaryMembers = concurrentDictionaries.ToImmutable();
    }

    /// <summary>Members marked <c>[GuardedBy]</c> or <c>[RequiresLock]</c> (<see cref="ThreadSafetyContracts"/>).</summary>
    public ImmutableHashSet<string> ContractMembers { get; }

    /// <summary>Fields, properties and methods whose declared type names <c>ConcurrentDictionary</c>.</summary>
    public ImmutableHashSet<string> ConcurrentDictionaryMembers { get; }

    public static DeclarationIndex For(Compilation compilation, CancellationToken cancellationToken) =>
        Cache.TryGetValue(compilation, out var index) ? index : Cache.GetValue(compilation, c => new DeclarationIndex(c, cancellationToken));

    private static void Add(MemberDeclarationSyntax member, TypeSyntax type, ImmutableHashSet<string>.Builder contracts, ImmutableHashSet<string>.Builder concurrentDictionaries)
    {
        var isContract = false;
        foreach (var list in member.AttributeLists)
        {
            foreach (var attribute in list.Attributes)
            {
                isContract |= ThreadSafetyContracts.IsContractName(attribute.Name);
            }
        }

        var isConcurrentDictionary = MentionsConcurrentDictionary(type);
        if (!isContract && !isConcurrentDictionary)
        {
            return;
        }

        foreach (var name in Names(member))
        {
            if (isContract)
            {
                contracts.Add(name);
            }

            if (isConcurrentDictionary)
            {
                concurrentDictionaries.Add(name);
            }
        }
    }

    private static ImmutableArray<string> Names(MemberDeclarationSyntax member)
    {
        switch (member)
        {
            case BaseFieldDeclarationSyntax field:
                var names = ImmutableArray.CreateBuilder<string>(field.Declaration.Variables.Count);
                foreach (var variable in field.Declaration.Variables)
                {
                    names.Add(variable.Identifier.ValueText);
                }

                return names.MoveToImmutable();
            case PropertyDeclarationSyntax property:
                return ImmutableArray.Create(property.Identifier.ValueText);
            case MethodDeclarationSyntax method:
                return ImmutableArray.Create(method.Identifier.ValueText);
            default:
                return ImmutableArray<string>.Empty;
        }
    }

    /// <summary>True when the type names <c>ConcurrentDictionary</c> anywhere, type arguments included.</summary>
    private static bool MentionsConcurrentDictionary(TypeSyntax type)
    {
        switch (type)
        {
            case PredefinedTypeSyntax:
                return false;
            case IdentifierNameSyntax identifier:
                return IsConcurrentDictionary(identifier.Identifier);
            case GenericNameSyntax generic:
                if (IsConcurrentDictionary(generic.Identifier))
                {
                    return true;
                }

                foreach (var argument in generic.TypeArgumentList.Arguments)
                {
                    if (MentionsConcurrentDictionary(argument))
                    {
                        return true;
                    }
                }

                return false;
            case QualifiedNameSyntax qualified:
                return MentionsConcurrentDictionary(qualified.Right) || MentionsConcurrentDictionary(qualified.Left);
            case NullableTypeSyntax nullable:
                return MentionsConcurrentDictionary(nullable.ElementType);
            case ArrayTypeSyntax array:
                return MentionsConcurrentDictionary(array.ElementType);
            default:
                // Tuples, pointers, aliases qualified with '::' and the rest: read every token.
                foreach (var token in type.DescendantTokens())
                {
                    if (IsConcurrentDictionary(token))
                    {
                        return true;
                    }
                }

                return false;
        }
    }

    private static bool IsConcurrentDictionary(SyntaxToken token) =>
        token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == "ConcurrentDictionary";
}
