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
}
