using Xunit;

namespace Contention.Analyzers.Tests.Robustness;

/// <summary>
/// The robustness tests run one at a time, after the rest of the assembly: they are CPU-bound and their time bounds are
/// only safety nets if no other test competes for the cores at the same moment.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RobustnessCollection
{
    public const string Name = "Robustness";
}
