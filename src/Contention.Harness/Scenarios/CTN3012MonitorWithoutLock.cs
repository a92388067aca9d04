using System;
using System.Diagnostics;
using System.Threading;

namespace Contention.Harness.Scenarios;

/// <summary>
/// CTN3012: <c>Monitor.PulseAll</c> on an object whose monitor is not held. Waiters block in <c>Monitor.Wait</c>
/// under the lock until <c>Signal()</c> pulses them. Without the lock the pulse throws
/// <see cref="SynchronizationLockException"/> and wakes nobody: the flag is set, but the waiters are never told.
/// </summary>
internal sealed class CTN3012MonitorWithoutLock : Scenario
{
    public override string RuleId => "CTN3012";

    public override string Title => "Monitor.PulseAll without the lock";

    public override string Description =>
        "Pulse/PulseAll/Wait without holding the monitor throws SynchronizationLockException, and waiters are never woken";

    public override string Measures =>
        "whether Signal() throws, and how many waiting threads it wakes " +
        "(threads = waiters; timeout = how long each waiter waits; iterations is not used)";

    public override ScenarioSettings Defaults { get; } =
        new(Threads: 2, Iterations: 1, Timeout: TimeSpan.FromMilliseconds(200), Repeat: 3);

    /// <summary>
    /// Starts the waiters, and calls Signal() only once every one of them is inside Monitor.Wait: the mailbox counts
    /// its waiters under its lock, and a waiter only lets go of the lock by waiting. So what Signal() does to them
    /// does not depend on timing. Each waiter gives up after <c>timeout</c>, which bounds the run.
    /// </summary>
    public override Measurement Run(Variant variant, ScenarioSettings settings, CancellationToken cancellationToken)
    {
        IMailbox mailbox = variant == Variant.Hazard ? new Hazard.Mailbox() : new Fixed.Mailbox();
        var waiters = settings.Threads;
        var workers = WorkerGroup.Start(waiters, "CTN3012 waiter", (_, _) => mailbox.WaitUntilReady(settings.Timeout) ? 1 : 0);
        workers.Release();
        SpinWait.SpinUntil(() => mailbox.Waiters == waiters || workers.IsFinished, settings.Timeout);
        var waiting = mailbox.Waiters;
        cancellationToken.ThrowIfCancellationRequested();

        SynchronizationLockException? thrown = null;
        var signalled = Stopwatch.GetTimestamp();
        try
        {
            mailbox.Signal();
        }
        catch (SynchronizationLockException e)
        {
            thrown = e;
        }

        // Woken waiters return at once; the others return when their own timeout runs out.
        workers.WaitFinished(settings.Timeout + WorkerGroup.JoinTimeout, cancellationToken);
        workers.StopAndJoin();
        var woken = (int)workers.Operations;

        var signal = thrown is null ? "Signal() returned" : $"Signal() threw {thrown.GetType().Name}";
        var outcome = woken == waiters
            ? $"{woken} of {waiters} waiters woken {Stopwatch.GetElapsedTime(signalled, workers.LastFinish).TotalMilliseconds:0} ms after it"
            : $"{woken} of {waiters} waiters woken; {waiters - woken - workers.Unfinished} gave up after their {settings.Timeout.TotalMilliseconds:0} ms wait";
        var evidence = $"{signal}; {outcome}";
        if (waiting < waiters)
        {
            evidence += $"; only {waiting} of {waiters} waiters were waiting when Signal() was called";
        }

        if (workers.Unfinished > 0)
        {
            evidence += $"; {workers.Unfinished} waiters still blocked";
        }

        return new Measurement(thrown is not null || woken < waiters, woken, "waiters woken", evidence);
    }

    /// <summary>Lets the measurement treat both versions alike; not part of the flagged or fixed code.</summary>
    internal interface IMailbox
    {
        /// <summary>Threads inside Monitor.Wait right now.</summary>
        int Waiters { get; }

        bool WaitUntilReady(TimeSpan timeout);

        void Signal();
    }

    internal static class Hazard
    {
        public sealed class Mailbox : IMailbox
        {
            private readonly object _gate = new();
            private bool _ready;
            private int _waiters;

            public int Waiters
            {
                get
                {
                    lock (_gate)
                    {
                        return _waiters;
                    }
                }
            }

            public bool WaitUntilReady(TimeSpan timeout)
            {
                lock (_gate)
                {
                    while (!_ready)
                    {
                        _waiters++;
                        try
                        {
                            if (!Monitor.Wait(_gate, timeout))
                            {
                                return false;
                            }
                        }
                        finally
                        {
                            _waiters--;
                        }
                    }

                    return true;
                }
            }

            public void Signal()
            {
                _ready = true;
                Monitor.PulseAll(_gate);
            }
        }
    }

    internal static class Fixed
    {
        public sealed class Mailbox : IMailbox
        {
            private readonly object _gate = new();
            private bool _ready;
            private int _waiters;

            public int Waiters
            {
                get
                {
                    lock (_gate)
                    {
                        return _waiters;
                    }
                }
            }

            public bool WaitUntilReady(TimeSpan timeout)
            {
                lock (_gate)
                {
                    while (!_ready)
                    {
                        _waiters++;
                        try
                        {
                            if (!Monitor.Wait(_gate, timeout))
                            {
                                return false;
                            }
                        }
                        finally
                        {
                            _waiters--;
                        }
                    }

                    return true;
                }
            }

            public void Signal()
            {
                lock (_gate)
                {
                    _ready = true;
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }
}
