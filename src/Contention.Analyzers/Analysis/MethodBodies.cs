using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Contention.Analyzers.Analysis;

/// <summary>
/// Method bodies bound on request, for the rules that follow calls at compilation end (CTN1005, CTN3007): a callee
/// can live in any tree, and only the callees a call actually reaches are bound. Generated code is never bound.
/// </summary>
public sealed class MethodBodies
{
    private readonly SemanticModels _models;
    private readonly AnalyzerOptions _options;

    public MethodBodies(Compilation compilation, AnalyzerOptions options)
    {
        _models = new SemanticModels(compilation);
        _options = options;
    }

    /// <summary>
    /// The operation blocks of <paramref name="method"/>'s body (a partial method's implementation, a local
    /// function's statement); empty when it has none in source outside generated code.
    /// </summary>
    public ImmutableArray<IOperation> Of(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var implementation = method.PartialImplementationPart ?? method;
        var blocks = ImmutableArray.CreateBuilder<IOperation>();
        if (GeneratedCode.IsMarked(implementation))
        {
            return blocks.ToImmutable();
        }

        foreach (var reference in implementation.DeclaringSyntaxReferences)
        {
            // A method of another project (through a compilation reference, as in the IDE) has no model here.
            var node = reference.GetSyntax(cancellationToken);
            if (_models.Get(node.SyntaxTree) is not { } model || GeneratedCode.IsGenerated(node.SyntaxTree, _options, cancellationToken))
            {
                continue;
            }

            if (node is LocalFunctionStatementSyntax)
            {
                if (model.GetOperation(node, cancellationToken) is { } local)
                {
                    blocks.Add(local);
                }
            }
            else
            {
                blocks.AddRange(CodeBlock.Bind(node, implementation, model, cancellationToken));
            }
        }

        return blocks.ToImmutable();
    }
}
