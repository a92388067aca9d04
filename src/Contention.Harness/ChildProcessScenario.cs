using System.Threading;
using System.Threading.Tasks;

namespace Contention.Harness;

/// <summary>A scenario whose every run happens in a child harness process (see <see cref="ChildProcess"/>).</summary>
internal abstract class ChildProcessScenario : Scenario
{
    /// <summary>
    /// Runs <see cref="RunInChildAsync"/> in a child process. The child honours <see cref="ScenarioSettings.Timeout"/>
    /// itself; the parent kills it <see cref="ChildProcess.StartupAllowance"/> after that.
    /// </summary>
    public sealed override Measurement Run(Variant variant, ScenarioSettings settings, CancellationToken cancellationToken)
    {
        var outcome = ChildProcess.Run(RuleId, variant, settings, settings.Timeout + ChildProcess.StartupAllowance, cancellationToken);
        return Interpret(variant, settings, outcome);
    }

    /// <summary>One run, inside the child process; the measurement is printed for the parent.</summary>
    public abstract Task<Measurement> RunInChildAsync(Variant variant, ScenarioSettings settings);

    /// <summary>The parent's reading of the child's outcome: by default the measurement of a child that exited 0.</summary>
    protected virtual Measurement Interpret(Variant variant, ScenarioSettings settings, ChildOutcome outcome) =>
        outcome is { ExitCode: 0, Measurement: { } measurement } ? measurement : throw outcome.Failure();
}
