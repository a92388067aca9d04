using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Contention.Analyzers.Analysis;

/// <summary>
/// One named type judged as a whole, from a symbol action: the rule registers code block actions and an end action,
/// as it would in a symbol start action, and they run on the type's own code blocks (not its nested types', which are
/// judged as types of their own), then the end action, all on the thread of the symbol action. A symbol start action
/// does the same, but the compiler's driver then tracks every member of every type for each such analyzer until the
/// type's end: eight analyzers that do nothing that way cost the corpus of the benchmark 0.7 s and 210 MB, a symbol
/// action nothing measurable. Blocks are bound through the compilation's semantic model for their tree, which in the
/// driver is the shared, cached one its code block actions get, so a block bound here is not bound again elsewhere.
/// </summary>
public sealed class TypeScope
{
    private readonly SymbolAnalysisContext _context;
    private List<Action<CodeBlock>>? _blockActions;
    private List<Action<TypeScope>>? _endActions;

    private TypeScope(in SymbolAnalysisContext context)
    {
        _context = context;
    }

    /// <summary>The type.</summary>
    public ISymbol Symbol => _context.Symbol;

    public Compilation Compilation => _context.Compilation;

    public AnalyzerOptions Options => _context.Options;

    public CancellationToken CancellationToken => _context.CancellationToken;

    /// <summary>Runs <paramref name="action"/> on each code block of the type's members (the type's primary constructor and top-level statements included).</summary>
    public void RegisterCodeBlockAction(Action<CodeBlock> action) => (_blockActions ??= new List<Action<CodeBlock>>()).Add(action);

    /// <summary>Runs <paramref name="action"/> once every code block of the type was seen.</summary>
    public void RegisterSymbolEndAction(Action<TypeScope> action) => (_endActions ??= new List<Action<TypeScope>>()).Add(action);

    public void ReportDiagnostic(Diagnostic diagnostic) => _context.ReportDiagnostic(diagnostic);

    internal static void Run(in SymbolAnalysisContext context, SemanticModels models, Action<TypeScope> action)
    {
        if (context.Symbol is not INamedTypeSymbol type || GeneratedCode.IsMarked(type))
        {
            return;
        }

        var scope = new TypeScope(context);
        action(scope);
        if (scope._blockActions is { } blockActions)
        {
            // One report delegate per type with blocks to visit, shared by its blocks; bound to the scope, so the
            // context struct is not boxed for it.
            Action<Diagnostic> report = scope.ReportDiagnostic;
            var cancellationToken = context.CancellationToken;
            foreach (var (node, owner, model) in CodeBlocksOf(type, models, context.Options, cancellationToken))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var block = new CodeBlock(node, owner, model, context.Options, report, cancellationToken);
                foreach (var blockAction in blockActions)
                {
                    blockAction(block);
                }

                block.Dispatch();
            }
        }

        if (scope._endActions is { } endActions)
        {
            foreach (var endAction in endActions)
            {
                endAction(scope);
            }
        }
    }

    /// <summary>
    /// The code blocks the driver hands to code block actions in a symbol start action of <paramref name="type"/>, with
    /// their owning symbols, outside generated code: members' bodies, accessors, expression-bodied properties, field,
    /// property and enum member initializers, a primary constructor, top-level statements.
    /// </summary>
    private static IEnumerable<(SyntaxNode Node, ISymbol Owner, SemanticModel Model)> CodeBlocksOf(
        INamedTypeSymbol type, SemanticModels models, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax(cancellationToken);
            if (GeneratedCode.IsGenerated(declaration.SyntaxTree, options, cancellationToken) || models.Get(declaration.SyntaxTree) is not { } model)
            {
                continue;
            }

            switch (declaration)
            {
                case CompilationUnitSyntax unit:
                    if (model.GetDeclaredSymbol(unit, cancellationToken) is { } entryPoint && SymbolEqualityComparer.Default.Equals(entryPoint.ContainingType, type))
                    {
                        yield return (unit, entryPoint, model);
                    }

                    break;
                case TypeDeclarationSyntax typeDeclaration:
                    if (typeDeclaration.ParameterList is not null && PrimaryConstructor(type, typeDeclaration) is { } primary)
                    {
                        yield return (typeDeclaration, primary, model);
                    }

                    foreach (var member in typeDeclaration.Members)
                    {
                        foreach (var block in BlocksOf(member, model, cancellationToken))
                        {
                            yield return (block.Node, block.Owner, model);
                        }
                    }

                    break;
                case EnumDeclarationSyntax enumDeclaration:
                    foreach (var member in enumDeclaration.Members)
                    {
                        if (member.EqualsValue is not null && model.GetDeclaredSymbol(member, cancellationToken) is { } value)
                        {
                            yield return (member, value, model);
                        }
                    }

                    break;
            }
        }
    }

    private static IEnumerable<(SyntaxNode Node, ISymbol Owner)> BlocksOf(MemberDeclarationSyntax member, SemanticModel model, CancellationToken cancellationToken)
    {
        switch (member)
        {
            case BaseMethodDeclarationSyntax method when Owner(method, model, cancellationToken) is { } owner:
                yield return (method, owner);
                break;
            case BasePropertyDeclarationSyntax property:
                if (property.AccessorList is { } accessors)
                {
                    foreach (var accessor in accessors.Accessors)
                    {
                        if (Owner(accessor, model, cancellationToken) is { } owner)
                        {
                            yield return (accessor, owner);
                        }
                    }
                }

                var arrow = property switch
                {
                    PropertyDeclarationSyntax p => p.ExpressionBody,
                    IndexerDeclarationSyntax i => i.ExpressionBody,
                    _ => null,
                };
                if (arrow is not null && model.GetDeclaredSymbol(property, cancellationToken) is IPropertySymbol { GetMethod: { } getter } && !GeneratedCode.IsMarked(getter))
                {
                    yield return (arrow, getter);
                }

                if (property is PropertyDeclarationSyntax { Initializer: not null } && Owner(property, model, cancellationToken) is { } initialized)
                {
                    yield return (property, initialized);
                }

                break;
            case BaseFieldDeclarationSyntax field:
                foreach (var variable in field.Declaration.Variables)
                {
                    if (variable.Initializer is not null && Owner(variable, model, cancellationToken) is { } declared)
                    {
                        yield return (field, declared);
                    }
                }

                break;
        }
    }

    private static ISymbol? Owner(SyntaxNode declaration, SemanticModel model, CancellationToken cancellationToken) =>
        model.GetDeclaredSymbol(declaration, cancellationToken) is { } symbol && !GeneratedCode.IsMarked(symbol) ? symbol : null;

    private static IMethodSymbol? PrimaryConstructor(INamedTypeSymbol type, TypeDeclarationSyntax declaration)
    {
        foreach (var constructor in type.InstanceConstructors)
        {
            foreach (var reference in constructor.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree == declaration.SyntaxTree && reference.Span == declaration.Span)
                {
                    return constructor;
                }
            }
        }

        return null;
    }
}
