using System.Threading.Tasks;
using Xunit;
using Verify = Contention.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Contention.Analyzers.SharedState.CTN2007StopFlagAnalyzer,
    Contention.CodeFixes.SharedState.CTN2007StopFlagCodeFixProvider>;

namespace Contention.Analyzers.Tests.SharedState;

public sealed class CTN2007StopFlagTests
{
    [Fact]
    public Task FlagsPolledInALoopAndSetElsewhere_AreReported() => Verify.VerifyAnalyzerAsync(
        """
        using System.Threading;
        using System.Threading.Tasks;

        class Pump
        {
            private bool _stopping;
            private bool _running = true;
            private static bool s_cancelled;
            private int _pumped;

            public void Run()
            {
                while (!{|#0:_stopping|})
                {
                    _pumped++;
                }
            }

            public Task StartAsync() => Task.Run(() =>
            {
                do
                {
                    Thread.SpinWait(10);
                }
                while ({|CTN2007:_running|} && !{|CTN2007:s_cancelled|});
            });

            public void Drain()
            {
                for (var i = 0; ; i++)
                {
                    if ({|CTN2007:s_cancelled|})
                    {
                        break;
                    }
                }
            }

            public void Stop() => _stopping = true;

            public void Pause()
            {
                _running = false;
            }

            public static void Cancel() => s_cancelled = true;
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("_stopping", "'Run'", "Stop"));

    [Fact]
    public Task SafeLookAlikes_AreSilent() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;

        class Machine
        {
            private readonly object _gate = new object();
            private volatile bool _stopping;
            private bool _done;
            private bool _finished;
            private bool _ready;
            private bool _closed;
            private readonly bool _fixed = true;
            private bool _onlyHere;

            public Machine() => _ready = true;

            public void Run()
            {
                while (!_stopping) { } // volatile
                while (!Volatile.Read(ref _done)) { } // Volatile.Read
                while (!_finished)
                {
                    Step(); // the loop sets it itself, through a method of the type
                }

                while (!_ready) { } // set only in the constructor
                while (true)
                {
                    lock (_gate)
                    {
                        if (_closed) { break; } // read under the lock
                    }
                }

                while (_fixed) { break; }
                _onlyHere = false;
                while (!_onlyHere)
                {
                    _onlyHere = true; // the loop sets it itself
                }
            }

            private void Step() => Finish();

            private void Finish() => _finished = true;

            public void Stop()
            {
                _stopping = true;
                Volatile.Write(ref _done, true);
                lock (_gate)
                {
                    _closed = true;
                }
            }
        }
        """);

    [Fact]
    public Task Volatile_IsAddedToTheFlag() => Verify.VerifyCodeFixAsync(
        """
        class Pump
        {
            private bool _stopping;
            private bool _paused;

            public long Run()
            {
                long spins = 0;
                while (!{|CTN2007:_stopping|} && !{|CTN2007:_paused|})
                {
                    spins++;
                }

                while ({|CTN2007:_paused|}) { }
                return spins;
            }

            public void Stop() => _stopping = true;

            public void Pause(bool paused) => _paused = paused;
        }
        """,
        """
        class Pump
        {
            private volatile bool _stopping;
            private volatile bool _paused;

            public long Run()
            {
                long spins = 0;
                while (!_stopping && !_paused)
                {
                    spins++;
                }

                while (_paused) { }
                return spins;
            }

            public void Stop() => _stopping = true;

            public void Pause(bool paused) => _paused = paused;
        }
        """);
}
