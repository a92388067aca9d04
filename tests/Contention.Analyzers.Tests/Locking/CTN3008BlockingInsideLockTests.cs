using System.Threading.Tasks;
using Xunit;
using Verify = Contention.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Contention.Analyzers.Locking.CTN3008BlockingInsideLockAnalyzer,
    Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace Contention.Analyzers.Tests.Locking;

public sealed class CTN3008BlockingInsideLockTests
{
    [Fact]
    public Task BlockingInsideALock_IsReported() => Verify.VerifyAnalyzerAsync(
        """
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        class Cache
        {
            private readonly object _gate = new object();
            private readonly ManualResetEventSlim _ready = new();
            private readonly SemaphoreSlim _throttle = new(1);

            void Refresh(Task<string> load, Thread worker, string path)
            {
                lock (_gate)
                {
                    {|#0:Thread.Sleep(10)|};
                    var text = {|CTN3008:load.Result|};
                    {|CTN3008:worker.Join()|};
                    {|CTN3008:_ready.Wait()|};
                    {|CTN3008:File.ReadAllText(path)|};
                    {|CTN3008:_throttle.Wait()|};
                }

                Monitor.Enter(_gate);
                try
                {
                    {|CTN3008:Thread.Sleep(5)|};
                }
                finally
                {
                    Monitor.Exit(_gate);
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("Thread.Sleep", "_gate"));

    [Fact]
    public Task BlockingUnderExplicitLocks_IsReported_OnEveryPathThatHoldsThem() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Threading;

        class Store
        {
            private readonly ReaderWriterLockSlim _rw = new();
            private readonly Mutex _file = new();
            private readonly Lock _lock = new();
            private readonly object _gate = new object();
            private SpinLock _spin = new SpinLock();

            void Write(Thread worker)
            {
                _rw.EnterWriteLock();
                try { {|#0:worker.Join()|}; }
                finally { _rw.ExitWriteLock(); }

                bool taken = false;
                try
                {
                    _spin.Enter(ref taken);
                    {|CTN3008:Thread.Sleep(1)|};
                }
                finally
                {
                    if (taken) _spin.Exit();
                }

                _file.WaitOne();
                try { {|CTN3008:Thread.Sleep(2)|}; }
                finally { _file.ReleaseMutex(); }

                using (_lock.EnterScope())
                {
                    {|CTN3008:Thread.Sleep(3)|};
                }

                _lock.Enter();
                try { {|CTN3008:Thread.Sleep(4)|}; }
                finally { _lock.Exit(); }

                var ok = Monitor.TryEnter(_gate, 100);
                if (!ok)
                {
                    return;
                }

                try { {|#1:Thread.Sleep(5)|}; }
                finally { Monitor.Exit(_gate); }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("Thread.Join", "_rw"),
        Verify.Diagnostic().WithLocation(1).WithArguments("Thread.Sleep", "_gate"));

    [Fact]
    public Task ExplicitLocksNotHeldOnEveryPath_AndSemaphores_AreSilent() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;

        class Store
        {
            private readonly ReaderWriterLockSlim _rw = new();
            private readonly SemaphoreSlim _throttle = new(4);
            private readonly Lock _lock = new();
            private readonly object _gate = new object();

            void Write(bool urgent)
            {
                _rw.EnterWriteLock();
                try { } finally { _rw.ExitWriteLock(); }
                Thread.Sleep(1); // released on every path before this

                if (urgent) Monitor.Enter(_gate);
                Thread.Sleep(2); // held on one path only
                if (urgent) Monitor.Exit(_gate);

                Monitor.TryEnter(_gate); // result ignored: maybe not taken
                Thread.Sleep(3);

                if (!Monitor.TryEnter(_gate, 10))
                {
                    Thread.Sleep(4); // the else of a failed TryEnter
                    return;
                }

                Monitor.Exit(_gate);

                using (_lock.EnterScope()) { }
                Thread.Sleep(5); // the scope is disposed

                _throttle.Wait(); // a throttle, not a lock
                try { Thread.Sleep(6); } finally { _throttle.Release(); }

                _rw.EnterReadLock();
                Action later = () => Thread.Sleep(7); // runs later, on its own
                _rw.ExitReadLock();
            }
        }
        """);

    [Fact]
    public Task SafeLookAlikes_AreSilent() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Queue
        {
            private readonly object _gate = new object();
            private int _items;

            int Take(Task<int> done)
            {
                Thread.Sleep(10);
                lock (_gate)
                {
                    while (_items == 0)
                    {
                        Monitor.Wait(_gate);
                    }

                    Thread.Sleep(0);
                    Action later = () => Thread.Sleep(10);
                    if (done.IsCompleted)
                    {
                        _items += done.Result;
                    }

                    return --_items;
                }
            }

            private readonly System.IO.StreamWriter _log = new(new System.IO.MemoryStream());

            void Log(string line)
            {
                lock (_gate)
                {
                    _log.WriteLine(line); // the lock serializes writes to the type's own writer
                }
            }

            void AfterRelease()
            {
                Monitor.Enter(_gate);
                Monitor.Exit(_gate);
                Thread.Sleep(10);
            }
        }
        """);

    [Fact]
    public Task LocksFollowedAroundLoopsAndIntoHandlers() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Threading;

        class Pump
        {
            private readonly object _gate = new object();
            private int _left = 3;

            void HeldAllThroughTheLoop()
            {
                Monitor.Enter(_gate);
                try
                {
                    while (_left-- > 0)
                    {
                        {|#0:Thread.Sleep(1)|}; // held on the first pass and on every pass after it
                    }
                }
                finally
                {
                    Monitor.Exit(_gate);
                }
            }

            void ReleasedAtTheEndOfEachPass()
            {
                Monitor.Enter(_gate);
                for (var i = 0; i < 3; i++)
                {
                    Thread.Sleep(1); // held on the first pass only: the back edge brings it back released
                    if (i == 0) Monitor.Exit(_gate);
                }
            }

            void TakenAgainAfterEachPass()
            {
                for (var i = 0; i < 3; i++)
                {
                    Thread.Sleep(1); // not held on the first pass
                    Monitor.Enter(_gate);
                    Monitor.Exit(_gate);
                    Monitor.Enter(_gate);
                }

                Monitor.Exit(_gate);
            }

            void TakenInsideTheTry()
            {
                try
                {
                    Monitor.Enter(_gate);
                    Work();
                    Monitor.Exit(_gate);
                }
                catch (InvalidOperationException)
                {
                    Thread.Sleep(1); // the exception may have come before the Enter or after the Exit
                }
            }

            void HeldAllThroughTheTry()
            {
                Monitor.Enter(_gate);
                try
                {
                    Work();
                }
                catch (InvalidOperationException)
                {
                    {|#1:Thread.Sleep(1)|};
                }
                finally
                {
                    Monitor.Exit(_gate);
                }

                Thread.Sleep(1); // released by the finally
            }

            void Work() { }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("Thread.Sleep", "_gate"),
        Verify.Diagnostic().WithLocation(1).WithArguments("Thread.Sleep", "_gate"));
}
