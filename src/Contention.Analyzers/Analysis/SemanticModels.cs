using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace Contention.Analyzers.Analysis;

/// <summary>
/// The semantic model of each tree of one compilation, asked of the compilation once per tree. In the driver the
/// compilation hands out its shared, cached models, the ones code block actions get, so what is bound through them
/// is bound once for every rule. Used where the driver gives no model: a type's blocks (<see cref="TypeScope"/>) and
/// callees followed at compilation end (<see cref="MethodBodies"/>).
/// </summary>
internal sealed class SemanticModels
{
    private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _models = new();
    private readonly Compilation _compilation;

    public SemanticModels(Compilation compilation)
    {
        _compilation = compilation;
    }

    /// <summary>The model of <paramref name="tree"/>, or null for a tree of another compilation (a project reached through a reference, in the IDE).</summary>
    public SemanticModel? Get(SyntaxTree tree) =>
        _compilation.ContainsSyntaxTree(tree)
#pragma warning disable RS1030 // The compilation's model is the driver's shared one; this is one lookup per tree.
            ? _models.GetOrAdd(tree, t => _compilation.GetSemanticModel(t))
#pragma warning restore RS1030
            : null;
}
