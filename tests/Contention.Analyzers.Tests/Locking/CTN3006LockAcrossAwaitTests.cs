using System.Threading.Tasks;
using Xunit;
using Verify = Contention.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Contention.Analyzers.Locking.CTN3006LockAcrossAwaitAnalyzer,
    Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace Contention.Analyzers.Tests.Locking;

public sealed class CTN3006LockAcrossAwaitTests
{
    [Fact]
    public Task ThreadAffineLocksHeldAtAnAwait_AreReported() => Verify.VerifyAnalyzerAsync(
        """
        using System.Threading;
        using System.Threading.Tasks;

        class Store
        {
            private readonly object _gate = new object();
            private readonly Mutex _mutex = new Mutex();
            private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();
            private SpinLock _spin = new SpinLock();

            async Task SaveAsync()
            {
                {|#0:Monitor.Enter(_gate)|};
                try
                {
                    {|#1:await Task.Delay(1)|};
                }
                finally
                {
                    Monitor.Exit(_gate);
                }
            }

            async Task OthersAsync()
            {
                {|CTN3006:_mutex.WaitOne()|};
                await Task.Yield();
                _mutex.ReleaseMutex();

                {|CTN3006:_rw.EnterWriteLock()|};
                await Task.Yield();
                _rw.ExitWriteLock();

                var taken = false;
                {|CTN3006:_spin.Enter(ref taken)|};
                await Task.Yield();
                _spin.Exit();

                if ({|CTN3006:Monitor.TryEnter(_gate, 100)|})
                {
                    await Task.Yield();
                    Monitor.Exit(_gate);
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("Monitor.Enter(_gate)", "async method 'SaveAsync'"));

    [Fact]
    public Task ReleasedBeforeTheAwait_OrNotAsync_IsSilent() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Store
        {
            private readonly object _gate = new object();
            private readonly SemaphoreSlim _semaphore = new SemaphoreSlim(1);

            async Task SaveAsync()
            {
                Monitor.Enter(_gate);
                try
                {
                    Console.WriteLine("inside");
                }
                finally
                {
                    Monitor.Exit(_gate);
                }

                await Task.Yield();
                await _semaphore.WaitAsync();
                try
                {
                    await Task.Yield();
                }
                finally
                {
                    _semaphore.Release();
                }
            }

            async Task OnOnePathOnlyAsync(bool exclusive)
            {
                if (exclusive) Monitor.Enter(_gate);
                await Task.Yield();
                if (exclusive) Monitor.Exit(_gate);

                if (!Monitor.TryEnter(_gate))
                {
                    await Task.Yield(); // not taken here
                    return;
                }

                Monitor.Exit(_gate);
                await Task.Yield();
            }

            void Synchronous()
            {
                Monitor.Enter(_gate);
                Monitor.Exit(_gate);
            }

            async Task LambdaAsync()
            {
                Action inLambda = () => { Monitor.Enter(_gate); Monitor.Exit(_gate); };
                await Task.Yield();
            }
        }
        """);
}
