using System.Threading.Tasks;
using Xunit;
using Verify = Contention.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Contention.Analyzers.Locking.CTN3012MonitorWithoutLockAnalyzer,
    Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace Contention.Analyzers.Tests.Locking;

public sealed class CTN3012MonitorWithoutLockTests
{
    [Fact]
    public Task WaitAndPulseWithoutTheLock_AreReported() => Verify.VerifyAnalyzerAsync(
        """
        using System.Threading;

        public class Signal
        {
            private readonly object _gate = new object();
            private readonly object _other = new object();
            private bool _ready;

            public void Set()
            {
                _ready = true;
                {|#0:Monitor.PulseAll(_gate)|};
            }

            public void WrongLock()
            {
                lock (_other)
                {
                    {|CTN3012:Monitor.Pulse(_gate)|};
                }
            }

            private void HelperUnderWrongLock()
            {
                lock (_other)
                {
                    {|CTN3012:Monitor.Wait(_gate)|};
                }
            }

            private void HelperUnderWrongMonitor()
            {
                Monitor.Enter(_other);
                try
                {
                    {|CTN3012:Monitor.Pulse(_gate)|};
                }
                finally
                {
                    Monitor.Exit(_other);
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("PulseAll", "_gate"));

    [Fact]
    public Task HeldOrPossiblyHeld_IsSilent() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;

        public class Signal
        {
            private readonly object _gate = new object();
            private bool _ready;

            public void Set()
            {
                lock (_gate)
                {
                    _ready = true;
                    Monitor.PulseAll(_gate);
                }
            }

            public void WaitReady()
            {
                Monitor.Enter(_gate);
                try
                {
                    while (!_ready)
                    {
                        Monitor.Wait(_gate);
                    }
                }
                finally
                {
                    Monitor.Exit(_gate);
                }
            }

            public void Conditional(bool taken)
            {
                if (taken)
                {
                    lock (_gate) { }
                }

                Monitor.Pulse(_gate);
            }

            public void TryFirst()
            {
                if (Monitor.TryEnter(_gate, 100))
                {
                    try { Monitor.Pulse(_gate); }
                    finally { Monitor.Exit(_gate); }
                }

                bool taken = false;
                try
                {
                    Monitor.Enter(_gate, ref taken);
                    Monitor.Wait(_gate);
                }
                finally
                {
                    if (taken) Monitor.Exit(_gate);
                }
            }

            private readonly SemaphoreSlim _throttle = new(2);

            private void UnderASemaphoreOnly()
            {
                _throttle.Wait();
                try { Monitor.Pulse(_gate); } // may be called under _gate: a semaphore says nothing
                finally { _throttle.Release(); }
            }

            private void PulseUnderCallersLock() => Monitor.Pulse(_gate);

            public Action Later() => () => Monitor.Pulse(_gate);
        }
        """);
}
