using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Contention.Harness.Scenarios;

/// <summary>
/// CTN2010: an event null-checked and then invoked through its field. <c>Raise()</c> reads <c>Changed</c> twice: once
/// for the check, once for the call. When another thread removes the last handler between the two reads, the call
/// goes through null and throws <see cref="NullReferenceException"/>. The window is a few instructions wide and needs
/// the two threads on two cores at that instant: a race. And it exists only in code that really reads twice, which is
/// the JIT's choice: the .NET 10 JIT keeps both reads in tier-0 code and in the tier-1 code it compiles with a
/// profile, and merges them in code compiled without one (<c>DOTNET_TieredCompilation=0</c> or
/// <c>DOTNET_TieredPGO=0</c>) or inlined into the raiser's tight loop. The fix reads the field once whatever the JIT does.
/// </summary>
internal sealed class CTN2010EventRace : Scenario
{
    public override string RuleId => "CTN2010";

    public override string Title => "Event checked for null, then invoked through the field";

    public override string Description =>
        "another thread can remove the last handler between the null check and the call: the call throws NullReferenceException";

    public override string Measures =>
        "how many Raise() calls on one thread throw NullReferenceException while another thread subscribes and unsubscribes " +
        "the only handler iterations times (timeout = watchdog; threads is not used: always two)";

    public override ScenarioSettings Defaults { get; } =
        new(Threads: 2, Iterations: 1_000_000, Timeout: TimeSpan.FromSeconds(1), Repeat: 3);

    public override Measurement Run(Variant variant, ScenarioSettings settings, CancellationToken cancellationToken)
    {
        var race = new Race(variant == Variant.Hazard ? new Hazard.Thermometer() : new Fixed.Thermometer());
        var workers = WorkerGroup.Run(
            2,
            "CTN2010",
            (index, stop) => index == 0 ? race.Raise(stop) : race.Toggle(settings.Iterations, stop),
            settings.Timeout,
            cancellationToken);
        if (workers.Unfinished > 0)
        {
            throw new InvalidOperationException("CTN2010 threads did not stop when told to");
        }

        var evidence = $"{race.Thrown} of {race.Raises} Raise() calls threw NullReferenceException while another thread " +
            $"subscribed and unsubscribed the handler {race.Toggles} times; the handler ran {race.Handled} times, " +
            $"{workers.Elapsed.TotalMilliseconds:0} ms";
        if (race.Toggles < settings.Iterations)
        {
            evidence += $" (the {settings.Timeout.TotalMilliseconds:0} ms watchdog cut the run short)";
        }

        return new Measurement(race.Thrown > 0, race.Thrown, "calls threw", evidence);
    }

    /// <summary>
    /// One thread raising the event for as long as another adds and removes its only handler. The subscriber starts
    /// only once the raiser is raising, and the raiser stops only once the subscriber is done, so every toggle happens
    /// while the raiser raises; whether the two run at the same instant is up to the scheduler.
    /// </summary>
    private sealed class Race
    {
        private readonly IThermometer _thermometer;
        private readonly EventHandler _handler;
        private long _handled;
        private volatile bool _raising;
        private volatile bool _subscribing = true;

        public Race(IThermometer thermometer)
        {
            _thermometer = thermometer;
            _handler = (_, _) => _handled++;
        }

        /// <summary>Handler calls: only the raising thread makes them, so reading this after the join is exact.</summary>
        public long Handled => Volatile.Read(ref _handled);

        public long Raises { get; private set; }

        public long Thrown { get; private set; }

        public long Toggles { get; private set; }

        public long Raise(CancellationToken stop)
        {
            long raises = 0;
            long thrown = 0;
            _raising = true;
            while (_subscribing)
            {
                try
                {
                    RaiseOnce(_thermometer);
                }
                catch (NullReferenceException)
                {
                    thrown++;
                }

                raises++;
                if (raises % 1024 == 0 && stop.IsCancellationRequested)
                {
                    break;
                }
            }

            (Raises, Thrown) = (raises, thrown);
            return raises;
        }

        public long Toggle(int iterations, CancellationToken stop)
        {
            SpinWait.SpinUntil(() => _raising || stop.IsCancellationRequested);
            long toggles = 0;
            while (toggles < iterations && !stop.IsCancellationRequested)
            {
                _thermometer.Changed += _handler;
                _thermometer.Changed -= _handler;
                toggles++;
            }

            Toggles = toggles;
            _subscribing = false;
            return toggles;
        }

        /// <summary>
        /// Raise() called as from anywhere else, not inlined into the raiser's tight loop: compiled into that loop, the
        /// .NET 10 JIT happens to read the field once, while the tier-1 code it makes of Raise() on its own or inlined
        /// into a small caller like this one reads it twice (seen in its disassembly).
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void RaiseOnce(IThermometer thermometer) => thermometer.Raise();
    }

    /// <summary>Lets the measurement treat both versions alike; not part of the flagged or fixed code.</summary>
    internal interface IThermometer
    {
        event EventHandler? Changed;

        void Raise();
    }

    internal static class Hazard
    {
        public sealed class Thermometer : IThermometer
        {
            public event EventHandler? Changed;

            public void Raise()
            {
                if (Changed != null)
                {
                    Changed(this, EventArgs.Empty);
                }
            }
        }
    }

    internal static class Fixed
    {
        public sealed class Thermometer : IThermometer
        {
            public event EventHandler? Changed;

            public void Raise() => Changed?.Invoke(this, EventArgs.Empty);
        }
    }
}
