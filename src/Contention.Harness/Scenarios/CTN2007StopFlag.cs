using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Contention.Harness.Scenarios;

/// <summary>
/// CTN2007: a stop flag the loop never sees. <c>Run()</c> spins on <c>while (!_stopping)</c>, another thread calls
/// <c>Stop()</c>. The field is not volatile and nothing in the loop writes memory or calls out, so the optimizing JIT
/// reads it once, before the loop, and the loop never ends. <c>Run()</c> is marked for full optimization so the loop
/// is optimized from its first pass, whatever the tiered-compilation settings (without it, on-stack replacement
/// optimizes the running loop after a few milliseconds, with the same result); the harness project is built with
/// <c>Optimize</c> in every configuration, because the JIT never optimizes a Debug assembly. Runs in a child process:
/// a spinning thread cannot be stopped from outside, only left behind until its process exits.
/// </summary>
internal sealed class CTN2007StopFlag : ChildProcessScenario
{
    /// <summary>How long the loop spins before <c>Stop()</c>: long enough to be well inside the loop.</summary>
    internal const int SpinBeforeStopMs = 50;

    public override string RuleId => "CTN2007";

    public override string Title => "Stop flag that is not volatile";

    public override string Description =>
        "a loop polling a plain bool field may never see another thread set it: the optimizing JIT reads the field once, before the loop";

    public override string Measures =>
        $"whether Run(), spinning on a dedicated thread, returns after another thread calls Stop() {SpinBeforeStopMs} ms in, " +
        "in a child process (timeout = how long Run() gets to return after Stop(); threads and iterations are not used)";

    public override ScenarioSettings Defaults { get; } =
        new(Threads: 1, Iterations: 1, Timeout: TimeSpan.FromMilliseconds(500), Repeat: 1);

    public override async Task<Measurement> RunInChildAsync(Variant variant, ScenarioSettings settings)
    {
        IPump pump = variant == Variant.Hazard ? new Hazard.Pump() : new Fixed.Pump();

        // Never disposed: the pump thread may still be spinning when the child exits.
        var running = new ManualResetEventSlim();
        var spins = -1L;
        var thread = DedicatedThread.Start("CTN2007 pump", () =>
        {
            running.Set();
            Volatile.Write(ref spins, pump.Run());
        });
        if (!running.Wait(WorkerGroup.JoinTimeout))
        {
            throw new InvalidOperationException("the CTN2007 pump thread did not start");
        }

        await Task.Delay(SpinBeforeStopMs);
        var clock = Stopwatch.StartNew();
        pump.Stop();
        if (!thread.Join(settings.Timeout))
        {
            // Not stoppable: the thread spins on until the child process exits, which ends it.
            return new Measurement(
                true, Math.Round(clock.Elapsed.TotalMilliseconds, 1), "ms",
                $"Run() was still spinning {settings.Timeout.TotalMilliseconds:0} ms after Stop(): the loop never saw the flag change");
        }

        var elapsed = clock.Elapsed;
        if (thread.Failure is { } failure)
        {
            throw new InvalidOperationException($"the pump thread failed: {failure.GetType().Name}: {failure.Message}", failure);
        }

        return new Measurement(
            false, Math.Round(elapsed.TotalMilliseconds, 1), "ms",
            $"Run() returned {elapsed.TotalMilliseconds:0} ms after Stop(), after {Volatile.Read(ref spins)} spins");
    }

    /// <summary>Lets the measurement treat both versions alike; not part of the flagged or fixed code.</summary>
    internal interface IPump
    {
        long Run();

        void Stop();
    }

    internal static class Hazard
    {
        public sealed class Pump : IPump
        {
            private bool _stopping;

            // Optimized from the first call, as hot code is once tiered compilation has promoted it.
            [MethodImpl(MethodImplOptions.AggressiveOptimization)]
            public long Run()
            {
                long spins = 0;
                while (!_stopping)
                {
                    spins++;
                }

                return spins;
            }

            public void Stop() => _stopping = true;
        }
    }

    internal static class Fixed
    {
        public sealed class Pump : IPump
        {
            private volatile bool _stopping;

            // Optimized from the first call, as hot code is once tiered compilation has promoted it.
            [MethodImpl(MethodImplOptions.AggressiveOptimization)]
            public long Run()
            {
                long spins = 0;
                while (!_stopping)
                {
                    spins++;
                }

                return spins;
            }

            public void Stop() => _stopping = true;
        }
    }
}
