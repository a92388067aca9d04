using System;
using System.Threading;
using System.Threading.Tasks;

namespace Contention.Harness.Scenarios;

/// <summary>
/// CTN2002: <c>sum += i</c> on a captured local from a <c>Parallel.For</c> body. The local lives in one closure object
/// every iteration shares, so concurrent additions overwrite each other exactly as on a field.
/// </summary>
internal sealed class CTN2002CapturedLocalUpdate : Scenario
{
    public override string RuleId => "CTN2002";

    public override string Title => "sum += 1 on a captured local in Parallel.For";

    public override string Description =>
        "a captured local updated from a Parallel.For body: every iteration shares the closure, and additions are lost";

    public override string Measures =>
        "increments counted vs made by a Parallel.For of threads x iterations steps adding 1 each (threads = max degree of parallelism)";

    public override ScenarioSettings Defaults { get; } =
        new(Threads: 4, Iterations: 250_000, Timeout: TimeSpan.FromSeconds(10), Repeat: 3);

    public override Measurement Run(Variant variant, ScenarioSettings settings, CancellationToken cancellationToken) =>
        LostUpdates.JudgeParallel(settings, cancellationToken, variant == Variant.Hazard ? Hazard.Total : Fixed.Total);

    internal static class Hazard
    {
        public static long Total(long steps, ParallelOptions options)
        {
            long sum = 0;
            Parallel.For(0L, steps, options, i => sum += 1);
            return Volatile.Read(ref sum);
        }
    }

    internal static class Fixed
    {
        public static long Total(long steps, ParallelOptions options)
        {
            long sum = 0;
            Parallel.For(0L, steps, options, i => Interlocked.Add(ref sum, 1));
            return Volatile.Read(ref sum);
        }
    }
}
