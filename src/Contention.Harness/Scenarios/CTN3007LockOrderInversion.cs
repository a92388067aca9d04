using System;
using System.Diagnostics;
using System.Threading;

namespace Contention.Harness.Scenarios;

/// <summary>
/// CTN3007: a lock-order inversion. <c>Transfer()</c> takes the balances lock and then the audit lock;
/// <c>Reconcile()</c> takes them the other way round. One thread makes each call, <c>iterations</c> times. A pacer
/// holds each thread after its first acquisition until the other thread holds its own first lock, or waits for the
/// one just taken, or has finished: no sleep, no timing. With opposite orders both threads then hold one lock and
/// wait for the other's, for good. The watchdog sees neither return, names what each holds and waits for, and
/// interrupts both threads to end the run. In the fixed version both calls take the locks in one order, so the
/// second thread waits for the first lock and never holds one the first thread needs.
/// </summary>
internal sealed class CTN3007LockOrderInversion : Scenario
{
    public override string RuleId => "CTN3007";

    public override string Title => "Two locks taken in opposite orders";

    public override string Description =>
        "two threads each holding the lock the other waits for wait for good: a deadlock";

    public override string Measures =>
        "whether a thread making Transfer() calls and one making Reconcile() calls both finish, iterations calls each " +
        "(timeout = deadlock watchdog; threads is not used: always two)";

    public override ScenarioSettings Defaults { get; } =
        new(Threads: 2, Iterations: 1000, Timeout: TimeSpan.FromMilliseconds(500), Repeat: 1);

    public override Measurement Run(Variant variant, ScenarioSettings settings, CancellationToken cancellationToken)
    {
        // Both lanes exist before either thread starts, so the first to take a lock always has the other to wait for.
        var lanes = new[] { new Lane("Transfer()"), new Lane("Reconcile()") };
        var pacer = new Pacer(lanes[0], lanes[1]);
        ILedger ledger = variant == Variant.Hazard ? new Hazard.Ledger(pacer) : new Fixed.Ledger(pacer);
        lanes[0].Start(pacer, settings.Iterations, ledger.Transfer);
        lanes[1].Start(pacer, settings.Iterations, ledger.Reconcile);

        // The watchdog starts once both threads run, so a slow thread start is never mistaken for a deadlock.
        if (!pacer.Running.Wait(WorkerGroup.JoinTimeout, cancellationToken))
        {
            throw new InvalidOperationException("the CTN3007 threads did not start");
        }

        var clock = Stopwatch.StartNew();
        var finished = Array.TrueForAll(lanes, lane => lane.Join(Remaining(clock, settings.Timeout), cancellationToken));
        var elapsed = clock.Elapsed;
        var calls = ledger.Transfers + ledger.Reconciliations;
        var total = 2 * settings.Iterations;
        if (finished)
        {
            foreach (var lane in lanes)
            {
                lane.ThrowIfFaulted();
            }

            return new Measurement(
                false, calls, "calls returned",
                $"{ledger.Transfers} Transfer() and {ledger.Reconciliations} Reconcile() calls returned on two threads in {elapsed.TotalMilliseconds:0} ms");
        }

        // What each thread holds and waits for is read before the interrupt lets go of anything.
        var stuck = string.Join(", ", Array.ConvertAll(lanes, lane => lane.Describe()));
        var freed = Array.ConvertAll(lanes, lane => lane.InterruptAndJoin());
        var evidence = $"deadlock: {calls} of {total} calls returned within {settings.Timeout.TotalMilliseconds:0} ms; {stuck}";
        if (Array.IndexOf(freed, false) >= 0)
        {
            evidence += "; threads still blocked after an interrupt";
        }

        return new Measurement(true, calls, "calls returned", evidence);
    }

    private static TimeSpan Remaining(Stopwatch clock, TimeSpan timeout) =>
        clock.Elapsed < timeout ? timeout - clock.Elapsed : TimeSpan.Zero;

    /// <summary>Where the ledger tells the harness what it takes; not part of the flagged or fixed pattern.</summary>
    internal interface IPacer
    {
        /// <summary>The calling thread is about to take <paramref name="gate"/>.</summary>
        void Taking(object gate, string name);

        /// <summary>The calling thread now holds <paramref name="gate"/>.</summary>
        void Took(object gate);
    }

    /// <summary>Lets the measurement treat both versions alike.</summary>
    internal interface ILedger
    {
        int Transfers { get; }

        int Reconciliations { get; }

        void Transfer();

        void Reconcile();
    }

    /// <summary>
    /// Two threads, one per call, and what each is doing. The pacing happens once per thread, at its first
    /// acquisition; every later acquisition only records its name.
    /// </summary>
    private sealed class Pacer : IPacer
    {
        private readonly Lane _first;
        private readonly Lane _second;
        private readonly ThreadLocal<Lane?> _current = new();

        public Pacer(Lane first, Lane second) => (_first, _second) = (first, second);

        /// <summary>Set once both lanes' threads are running.</summary>
        public CountdownEvent Running { get; } = new(2);

        /// <summary>Runs on a lane's own thread, before its first call.</summary>
        public void Enter(Lane lane)
        {
            _current.Value = lane;
            Running.Signal();
        }

        public void Taking(object gate, string name)
        {
            var lane = _current.Value!;
            lane.WaitingFor = gate;
            lane.WaitingName = name;
        }

        public void Took(object gate)
        {
            var lane = _current.Value!;
            lane.WaitingFor = null;
            if (lane.HeldName is not null)
            {
                return;
            }

            lane.HeldName = lane.WaitingName;
            lane.Holds = true;

            // Until the other thread holds a lock too, is blocked on this one, or is done. The bound only ends a run
            // whose other thread stopped before taking any lock.
            var other = lane == _first ? _second : _first;
            SpinWait.SpinUntil(
                () => other.Holds || other.Finished || ReferenceEquals(other.WaitingFor, gate),
                WorkerGroup.JoinTimeout);
        }
    }

    private sealed class Lane
    {
        private readonly string _call;
        private DedicatedThread? _thread;

        public Lane(string call) => _call = call;

        public volatile object? WaitingFor;
        public volatile string? WaitingName;
        public volatile string? HeldName;
        public volatile bool Holds;
        public volatile bool Finished;

        public void Start(Pacer pacer, int iterations, Action operation) =>
            _thread = DedicatedThread.Start($"CTN3007 {_call}", () =>
            {
                try
                {
                    pacer.Enter(this);
                    for (var i = 0; i < iterations; i++)
                    {
                        operation();
                    }
                }
                finally
                {
                    Finished = true;
                }
            });

        public bool Join(TimeSpan timeout, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return _thread!.Join(timeout);
        }

        /// <summary>Ends a deadlocked wait; false if the thread did not end.</summary>
        public bool InterruptAndJoin() => _thread!.InterruptAndJoin();

        public void ThrowIfFaulted()
        {
            if (_thread!.Failure is { } failure)
            {
                throw new InvalidOperationException($"the {_call} thread failed: {failure.GetType().Name}: {failure.Message}", failure);
            }
        }

        /// <summary>"Transfer() holds _balancesGate and waits for _auditGate".</summary>
        public string Describe() => (Finished, HeldName, WaitingFor is null ? null : WaitingName) switch
        {
            (true, _, _) => $"{_call} finished",
            (_, { } held, { } waiting) => $"{_call} holds {held} and waits for {waiting}",
            (_, null, { } waiting) => $"{_call} waits for {waiting}",
            _ => $"{_call} is still running",
        };
    }

    internal static class Hazard
    {
        public sealed class Ledger : ILedger
        {
            private readonly object _balancesGate = new();
            private readonly object _auditGate = new();
            private readonly IPacer _pacer;
            private int _transfers;
            private int _reconciliations;

            public Ledger(IPacer pacer) => _pacer = pacer;

            public int Transfers => Volatile.Read(ref _transfers);

            public int Reconciliations => Volatile.Read(ref _reconciliations);

            public void Transfer()
            {
                _pacer.Taking(_balancesGate, nameof(_balancesGate));
                lock (_balancesGate)
                {
                    _pacer.Took(_balancesGate);
                    _pacer.Taking(_auditGate, nameof(_auditGate));
                    lock (_auditGate)
                    {
                        _pacer.Took(_auditGate);
                        _transfers++;
                    }
                }
            }

            public void Reconcile()
            {
                _pacer.Taking(_auditGate, nameof(_auditGate));
                lock (_auditGate)
                {
                    _pacer.Took(_auditGate);
                    _pacer.Taking(_balancesGate, nameof(_balancesGate));
                    lock (_balancesGate)
                    {
                        _pacer.Took(_balancesGate);
                        _reconciliations++;
                    }
                }
            }
        }
    }

    internal static class Fixed
    {
        public sealed class Ledger : ILedger
        {
            private readonly object _balancesGate = new();
            private readonly object _auditGate = new();
            private readonly IPacer _pacer;
            private int _transfers;
            private int _reconciliations;

            public Ledger(IPacer pacer) => _pacer = pacer;

            public int Transfers => Volatile.Read(ref _transfers);

            public int Reconciliations => Volatile.Read(ref _reconciliations);

            public void Transfer()
            {
                _pacer.Taking(_balancesGate, nameof(_balancesGate));
                lock (_balancesGate)
                {
                    _pacer.Took(_balancesGate);
                    _pacer.Taking(_auditGate, nameof(_auditGate));
                    lock (_auditGate)
                    {
                        _pacer.Took(_auditGate);
                        _transfers++;
                    }
                }
            }

            public void Reconcile()
            {
                // The same order as Transfer(): balances, then audit.
                _pacer.Taking(_balancesGate, nameof(_balancesGate));
                lock (_balancesGate)
                {
                    _pacer.Took(_balancesGate);
                    _pacer.Taking(_auditGate, nameof(_auditGate));
                    lock (_auditGate)
                    {
                        _pacer.Took(_auditGate);
                        _reconciliations++;
                    }
                }
            }
        }
    }
}
