using System;
using System.Threading;
using System.Threading.Tasks;

namespace Contention.Harness.Scenarios;

/// <summary>
/// CTN2001: <c>_count++</c> on a field from a <c>Parallel.For</c> body. The increment is a read, an add and a write;
/// two threads that read the same value both write it plus one, and an increment is lost.
/// </summary>
internal sealed class CTN2001NonAtomicFieldUpdate : Scenario
{
    public override string RuleId => "CTN2001";

    public override string Title => "_hits++ from Parallel.For";

    public override string Description =>
        "a field incremented from a Parallel.For body: concurrent read-add-write steps overwrite each other";

    public override string Measures =>
        "increments counted vs made by a Parallel.For of threads x iterations steps (threads = max degree of parallelism)";

    public override ScenarioSettings Defaults { get; } =
        new(Threads: 4, Iterations: 250_000, Timeout: TimeSpan.FromSeconds(10), Repeat: 3);

    public override Measurement Run(Variant variant, ScenarioSettings settings, CancellationToken cancellationToken) =>
        LostUpdates.JudgeParallel(
            settings,
            cancellationToken,
            variant == Variant.Hazard ? (steps, options) => new Hazard.HitCounter().CountAll(steps, options) : (steps, options) => new Fixed.HitCounter().CountAll(steps, options));

    internal static class Hazard
    {
        public sealed class HitCounter
        {
            private int _hits;

            public int CountAll(long steps, ParallelOptions options)
            {
                Parallel.For(0L, steps, options, i => _hits++);
                return Volatile.Read(ref _hits);
            }
        }
    }

    internal static class Fixed
    {
        public sealed class HitCounter
        {
            private int _hits;

            public int CountAll(long steps, ParallelOptions options)
            {
                Parallel.For(0L, steps, options, i => Interlocked.Increment(ref _hits));
                return Volatile.Read(ref _hits);
            }
        }
    }
}
