using System;
using System.Globalization;
using System.Threading;

namespace Contention.Harness;

/// <summary>Which side of a rule a run exercises: the code the rule flags, or the code its fix produces.</summary>
internal enum Variant
{
    Hazard,
    Fixed,
}

/// <summary>How hard to push one scenario. <see cref="Timeout"/> means what the scenario says it means.</summary>
internal sealed record ScenarioSettings(int Threads, int Iterations, TimeSpan Timeout, int Repeat);

/// <summary>The outcome of one run of one variant.</summary>
/// <param name="HazardObserved">The run showed the hazard the rule warns about.</param>
/// <param name="Figure">The scenario's headline number, in <paramref name="Unit"/>.</param>
/// <param name="Evidence">One human-readable sentence backing the verdict.</param>
internal sealed record Measurement(bool HazardObserved, double Figure, string Unit, string Evidence)
{
    /// <summary>A figure as the reports and the chart print it: invariant culture, no exponent, no trailing zeros.</summary>
    public static string FormatFigure(double figure) => figure.ToString("0.###", CultureInfo.InvariantCulture);
}

/// <summary>
/// One analyzer rule reproduced at run time. A scenario file holds nested classes <c>Hazard</c> (the code the
/// rule flags) and <c>Fixed</c> (the code its code fix produces); the measurement code lives outside them.
/// </summary>
internal abstract class Scenario
{
    /// <summary>The diagnostic ID of the rule, e.g. <c>CTN1002</c>.</summary>
    public abstract string RuleId { get; }

    public abstract string Title { get; }

    /// <summary>What goes wrong in the hazard variant.</summary>
    public abstract string Description { get; }

    /// <summary>What a run measures, in a few words.</summary>
    public abstract string Measures { get; }

    /// <summary>Quick settings used for anything the user did not give on the command line.</summary>
    public abstract ScenarioSettings Defaults { get; }

    public abstract Measurement Run(Variant variant, ScenarioSettings settings, CancellationToken cancellationToken);
}
