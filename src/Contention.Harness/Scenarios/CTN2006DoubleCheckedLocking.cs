using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace Contention.Harness.Scenarios;

/// <summary>
/// CTN2006: double-checked locking on a plain <c>bool</c>. The first thread into <c>Port()</c> takes the lock, writes
/// <c>_port</c> and then sets <c>_loaded</c>; the others test <c>_loaded</c> without the lock and, once it is true,
/// read <c>_port</c>. Nothing orders those plain accesses: a weakly ordered processor (ARM64) may make the flag visible
/// before the port, or satisfy the port's read before the flag's, and a reader returns 0. x64 keeps stores in order
/// and loads in order, so there the hazard is not expected to show and the run says so. The workers walk the same
/// list of fresh instances at the same time, so every instance is initialized while others read it.
/// </summary>
internal sealed class CTN2006DoubleCheckedLocking : Scenario
{
    /// <summary>The value every reader should see.</summary>
    public const int ExpectedPort = 8443;

    public override string RuleId => "CTN2006";

    public override string Title => "Double-checked locking on a plain bool";

    public override string Description =>
        "a reader that skips the lock can see the flag set before the value it guards (on weakly ordered CPUs such as ARM64)";

    public override string Measures =>
        "reads of the guarded value that returned it uninitialized, threads workers each reading iterations fresh instances " +
        "(timeout = watchdog)";

    public override ScenarioSettings Defaults { get; } =
        new(Threads: 4, Iterations: 100_000, Timeout: TimeSpan.FromSeconds(10), Repeat: 1);

    public override Measurement Run(Variant variant, ScenarioSettings settings, CancellationToken cancellationToken)
    {
        Func<int>[] ports = new Func<int>[settings.Iterations];
        for (var i = 0; i < ports.Length; i++)
        {
            ports[i] = variant == Variant.Hazard ? new Hazard.Settings().Port : new Fixed.Settings().Port;
        }

        var workers = WorkerGroup.Run(
            settings.Threads,
            "CTN2006 reader",
            (_, stop) =>
            {
                long wrong = 0;
                for (var i = 0; i < ports.Length; i++)
                {
                    if (ports[i]() != ExpectedPort)
                    {
                        wrong++;
                    }

                    if ((i & 1023) == 0 && stop.IsCancellationRequested)
                    {
                        break;
                    }
                }

                return wrong;
            },
            settings.Timeout,
            cancellationToken);
        workers.ThrowIfFaulted();
        var cut = workers.Unfinished > 0 ? $" (the {settings.Timeout.TotalMilliseconds:0} ms watchdog cut the run short)" : string.Empty;

        var wrongReads = workers.Operations;
        var reads = (long)settings.Threads * settings.Iterations;
        var architecture = RuntimeInformation.ProcessArchitecture;
        var evidence = wrongReads > 0
            ? $"{wrongReads} of {reads} reads returned the port uninitialized (0) on {architecture}{cut}"
            : variant == Variant.Hazard && architecture is Architecture.X64 or Architecture.X86
                ? $"not observed in {reads} reads on {architecture}, which keeps stores and loads in order; the reordering needs a weakly ordered CPU such as ARM64{cut}"
                : $"{reads} of {reads} reads returned the port on {architecture}{cut}";
        return new Measurement(wrongReads > 0, wrongReads, "uninitialized reads", evidence);
    }

    internal static class Hazard
    {
        public sealed class Settings
        {
            private readonly Lock _gate = new();
            private bool _loaded;
            private int _port;

            public int Port()
            {
                if (!_loaded)
                {
                    lock (_gate)
                    {
                        if (!_loaded)
                        {
                            _port = ExpectedPort;
                            _loaded = true;
                        }
                    }
                }

                return _port;
            }
        }
    }

    internal static class Fixed
    {
        public sealed class Settings
        {
            private readonly Lock _gate = new();
            private volatile bool _loaded;
            private int _port;

            public int Port()
            {
                if (!_loaded)
                {
                    lock (_gate)
                    {
                        if (!_loaded)
                        {
                            _port = ExpectedPort;
                            _loaded = true;
                        }
                    }
                }

                return _port;
            }
        }
    }
}
