using System;
using System.Threading;

namespace Contention.Harness.Scenarios;

/// <summary>
/// CTN3011: a <c>readonly SpinLock</c> field. Calling <c>Enter</c> or <c>Exit</c> on a readonly field of a mutable
/// struct works on a fresh copy each time: <c>Enter</c> takes a copy nobody else sees, so it excludes nothing, and
/// <c>Exit</c> releases another copy that no thread holds, which throws <see cref="SynchronizationLockException"/>
/// (<c>new SpinLock()</c> tracks its owner). Every call throws, whatever the timing. Without <c>readonly</c> both
/// calls work on the field itself.
/// </summary>
internal sealed class CTN3011SpinLockCopied : Scenario
{
    public override string RuleId => "CTN3011";

    public override string Title => "readonly SpinLock field";

    public override string Description =>
        "each use of a readonly SpinLock works on a copy: Enter excludes nothing and Exit throws SynchronizationLockException";

    public override string Measures =>
        "how many of threads x iterations Record() calls throw, and whether the bytes they add up are all counted " +
        "(timeout = watchdog)";

    public override ScenarioSettings Defaults { get; } =
        new(Threads: 4, Iterations: 10_000, Timeout: TimeSpan.FromSeconds(5), Repeat: 1);

    public override Measurement Run(Variant variant, ScenarioSettings settings, CancellationToken cancellationToken)
    {
        IByteCounter counter = variant == Variant.Hazard ? new Hazard.ByteCounter() : new Fixed.ByteCounter();
        var thrown = 0L;
        var workers = WorkerGroup.Run(
            settings.Threads,
            "CTN3011 worker",
            WorkerGroup.Repeat(
                settings.Iterations,
                () =>
                {
                    try
                    {
                        counter.Record(1);
                    }
                    catch (SynchronizationLockException)
                    {
                        Interlocked.Increment(ref thrown);
                    }
                },
                stopCheckInterval: 256),
            settings.Timeout,
            cancellationToken);
        if (workers.Unfinished > 0)
        {
            throw new InvalidOperationException("CTN3011 workers did not stop when told to");
        }

        var calls = workers.Operations;
        var evidence = thrown > 0
            ? $"{thrown} of {calls} Record() calls threw SynchronizationLockException from SpinLock.Exit"
            : $"{calls} of {calls} Record() calls returned";
        evidence += $"; {counter.Bytes} of {calls} bytes counted, {settings.Threads} threads";
        if (calls < (long)settings.Threads * settings.Iterations)
        {
            evidence += $" (the {settings.Timeout.TotalMilliseconds:0} ms watchdog cut the calls short)";
        }

        return new Measurement(thrown > 0, thrown, "calls threw", evidence);
    }

    /// <summary>Lets the measurement treat both versions alike; not part of the flagged or fixed code.</summary>
    internal interface IByteCounter
    {
        long Bytes { get; }

        void Record(long bytes);
    }

    internal static class Hazard
    {
        public sealed class ByteCounter : IByteCounter
        {
            private readonly SpinLock _spin = new SpinLock();
            private long _bytes;

            public long Bytes => Volatile.Read(ref _bytes);

            public void Record(long bytes)
            {
                var taken = false;
                try
                {
                    _spin.Enter(ref taken);
                    _bytes += bytes;
                }
                finally
                {
                    if (taken)
                    {
                        _spin.Exit();
                    }
                }
            }
        }
    }

    internal static class Fixed
    {
        public sealed class ByteCounter : IByteCounter
        {
            private SpinLock _spin = new SpinLock();
            private long _bytes;

            public long Bytes => Volatile.Read(ref _bytes);

            public void Record(long bytes)
            {
                var taken = false;
                try
                {
                    _spin.Enter(ref taken);
                    _bytes += bytes;
                }
                finally
                {
                    if (taken)
                    {
                        _spin.Exit();
                    }
                }
            }
        }
    }
}
