using System.Threading;
using System.Threading.Tasks;
using Contention.CodeFixes;
using Xunit;
using Verify = Contention.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Contention.Analyzers.Locking.CTN3005ReleaseNotInFinallyAnalyzer,
    Contention.CodeFixes.Locking.CTN3005ReleaseNotInFinallyCodeFixProvider>;

namespace Contention.Analyzers.Tests.Locking;

public sealed class CTN3005ReleaseNotInFinallyTests
{
    [Fact]
    public Task ReleaseAfterCodeThatMayThrow_IsReported_ForEveryLockKind() => Verify.VerifyAnalyzerAsync(
        """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        class Store
        {
            private readonly object _gate = new object();
            private readonly SemaphoreSlim _semaphore = new SemaphoreSlim(1, 1);
            private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();
            private readonly Mutex _mutex = new Mutex();
            private readonly Lock _lock = new Lock();
            private SpinLock _spin = new SpinLock();
            private readonly List<string> _items = new List<string>();

            void Add(string item)
            {
                {|#0:Monitor.Enter(_gate)|};
                _items.Add(item);
                {|#1:Monitor.Exit(_gate)|};
            }

            async Task AddAsync(Task<string> pending)
            {
                await {|CTN3005:_semaphore.WaitAsync()|};
                _items.Add(await pending);
                _semaphore.Release();
            }

            void Others(string item)
            {
                {|CTN3005:_rw.EnterWriteLock()|};
                _items.Add(item);
                _rw.ExitWriteLock();

                {|CTN3005:_mutex.WaitOne()|};
                _items.Add(item);
                _mutex.ReleaseMutex();

                {|CTN3005:_lock.Enter()|};
                _items.Add(item);
                _lock.Exit();

                var taken = false;
                {|CTN3005:_spin.Enter(ref taken)|};
                _items.Add(item);
                if (taken) _spin.Exit();
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("Monitor.Enter(_gate)", "Monitor.Exit(_gate)"));

    [Fact]
    public Task EarlyExits_TryEnterBodies_AndCodeBeforeTheTry_AreReported() => Verify.VerifyAnalyzerAsync(
        """
        using System.Collections.Generic;
        using System.Threading;

        class Store
        {
            private readonly object _gate = new object();
            private readonly SemaphoreSlim _semaphore = new SemaphoreSlim(1, 1);
            private int _count;

            int Take(bool empty)
            {
                {|CTN3005:Monitor.Enter(_gate)|};
                if (empty)
                {
                    return 0; // leaves with the lock held
                }

                _count--;
                Monitor.Exit(_gate);
                return 1;
            }

            void TryAdd(List<int> log)
            {
                if ({|CTN3005:Monitor.TryEnter(_gate)|})
                {
                    log.Add(_count);
                    Monitor.Exit(_gate);
                }
            }

            void AddOrSkip(List<int> log)
            {
                if (!{|CTN3005:_semaphore.Wait(0)|})
                {
                    return;
                }

                log.Add(_count);
                _semaphore.Release();
            }

            void FlagChecked(List<int> log)
            {
                var taken = {|CTN3005:Monitor.TryEnter(_gate, 10)|};
                if (!taken)
                {
                    return;
                }

                log.Add(_count);
                Monitor.Exit(_gate);

                bool entered;
                entered = {|CTN3005:_semaphore.Wait(10)|};
                if (entered)
                {
                    log.Add(_count);
                    _semaphore.Release();
                }
            }

            void Before(List<int> log)
            {
                {|CTN3005:Monitor.Enter(_gate)|};
                log.Add(_count); // throws before the try starts
                try
                {
                    _count++;
                }
                finally
                {
                    Monitor.Exit(_gate);
                }
            }

            void InALoop(List<int> log)
            {
                for (var i = 0; i < 3; i++)
                {
                    {|CTN3005:Monitor.Enter(_gate)|};
                    if (i == 1)
                    {
                        continue;
                    }

                    _count++;
                    Monitor.Exit(_gate);
                }
            }
        }
        """);

    [Fact]
    public Task ReleasesInFinally_AndSafeShapes_AreSilent() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        class Store
        {
            private readonly object _gate = new object();
            private readonly SemaphoreSlim _semaphore = new SemaphoreSlim(1, 1);
            private readonly Lock _lock = new Lock();
            private readonly List<int> _items = new List<int>();
            private int _count;

            void Classic()
            {
                Monitor.Enter(_gate);
                try { _items.Add(1); }
                finally { Monitor.Exit(_gate); }
            }

            void FlagThenTry(List<int> log)
            {
                var ok = Monitor.TryEnter(_gate, 10);
                if (!ok)
                {
                    return;
                }

                try
                {
                    log.Add(1);
                }
                finally
                {
                    Monitor.Exit(_gate);
                }
            }

            void WithTakenFlag()
            {
                var taken = false;
                try
                {
                    Monitor.Enter(_gate, ref taken);
                    _items.Add(1);
                }
                finally
                {
                    if (taken) Monitor.Exit(_gate);
                }
            }

            void TakenFlagBeforeTheTry()
            {
                var taken = false;
                Monitor.TryEnter(_gate, 100, ref taken);
                try { _items.Add(1); }
                finally { if (taken) Monitor.Exit(_gate); }
            }

            async Task SemaphoreAsync()
            {
                await _semaphore.WaitAsync().ConfigureAwait(false);
                try { _items.Add(await Task.FromResult(1)); }
                finally { _semaphore.Release(); }
            }

            bool TryAdd()
            {
                if (!Monitor.TryEnter(_gate, 10))
                {
                    return false;
                }

                try { _items.Add(1); return true; }
                finally { Monitor.Exit(_gate); }
            }

            void NothingCanThrowInBetween()
            {
                Monitor.Enter(_gate);
                _count++;
                var items = _items as object;
                Monitor.Exit(_gate);
            }

            void ReleasedThenTakenAgain()
            {
                Monitor.Enter(_gate);
                _count++;
                Monitor.Exit(_gate);
                _items.Add(_count); // not under the lock: the first pair is done
                Monitor.Enter(_gate);
                _count--;
                Monitor.Exit(_gate);
            }

            int ReturnAfterRelease()
            {
                Monitor.Enter(_gate);
                var count = _count;
                Monitor.Exit(_gate);
                return count;
            }

            void ReleaseRightBeforeLeaving(bool stop)
            {
                Monitor.Enter(_gate);
                if (stop)
                {
                    Monitor.Exit(_gate);
                    return;
                }

                _count++;
                Monitor.Exit(_gate);
            }

            void ReleasedElsewhere()
            {
                Monitor.Enter(_gate); // Exit is in EndUpdate: not this rule's to judge
                _items.Add(1);
            }

            void EndUpdate() => Monitor.Exit(_gate);

            void ReleasedInALambdaOnly(Action<Action> later)
            {
                Monitor.Enter(_gate);
                _items.Add(1);
                later(() => Monitor.Exit(_gate));
            }

            void ResultStoredOrIgnored()
            {
                var entered = Monitor.TryEnter(_gate);
                _items.Add(1);
                if (entered) Monitor.Exit(_gate);

                Monitor.TryEnter(_gate);
                _items.Add(1);
                Monitor.Exit(_gate);
            }

            void Scopes()
            {
                using (_lock.EnterScope())
                {
                    _items.Add(1);
                }

                lock (_gate)
                {
                    _items.Add(1);
                }
            }

            void OtherObjects(object other)
            {
                Monitor.Enter(other);
                _items.Add(1);
                Monitor.Exit(_gate);
            }

            void TemporarilyReleased()
            {
                Monitor.Exit(_gate);
                try { _items.Add(1); }
                finally { Monitor.Enter(_gate); }
            }
        }
        """);

    [Fact]
    public Task Monitor_MovesIntoTryFinally() => Verify.VerifyCodeFixAsync(
        """
        using System.Collections.Generic;
        using System.Threading;

        class Store
        {
            private readonly object _gate = new object();
            private readonly List<string> _items = new List<string>();

            void Add(string item)
            {
                // Guard the list.
                {|CTN3005:Monitor.Enter(_gate)|};
                var trimmed = item.Trim();
                _items.Add(trimmed);
                Monitor.Exit(_gate);
                _items.TrimExcess();
            }
        }
        """,
        """
        using System.Collections.Generic;
        using System.Threading;

        class Store
        {
            private readonly object _gate = new object();
            private readonly List<string> _items = new List<string>();

            void Add(string item)
            {
                // Guard the list.
                Monitor.Enter(_gate);
                try
                {
                    var trimmed = item.Trim();
                    _items.Add(trimmed);
                }
                finally
                {
                    Monitor.Exit(_gate);
                }

                _items.TrimExcess();
            }
        }
        """);

    [Fact]
    public Task Monitor_BecomesALockStatement() => new Verify.Test
    {
        TestCode = """
            using System.Collections.Generic;
            using System.Threading;

            class Store
            {
                private readonly object _gate = new object();
                private readonly List<string> _items = new List<string>();

                void Add(string item)
                {
                    {|CTN3005:Monitor.Enter(_gate)|};
                    _items.Add(item);
                    Monitor.Exit(_gate);
                }
            }
            """,
        FixedCode = """
            using System.Collections.Generic;
            using System.Threading;

            class Store
            {
                private readonly object _gate = new object();
                private readonly List<string> _items = new List<string>();

                void Add(string item)
                {
                    lock (_gate)
                    {
                        _items.Add(item);
                    }
                }
            }
            """,
        CodeActionEquivalenceKey = EquivalenceKeys.CTN3005UseLockStatement,
        CodeActionIndex = 1,
    }.RunAsync(CancellationToken.None);

    [Fact]
    public Task AwaitedSemaphore_AndTryEnterBody_MoveIntoTryFinally() => Verify.VerifyCodeFixAsync(
        """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        class Store
        {
            private readonly object _gate = new object();
            private readonly SemaphoreSlim _semaphore = new SemaphoreSlim(1, 1);
            private readonly List<int> _items = new List<int>();

            async Task AddAsync(Task<int> pending)
            {
                await {|CTN3005:_semaphore.WaitAsync()|};
                _items.Add(await pending);
                _semaphore.Release();
            }

            void TryAdd(int item)
            {
                if ({|CTN3005:Monitor.TryEnter(_gate)|})
                {
                    _items.Add(item);
                    Monitor.Exit(_gate);
                }
            }
        }
        """,
        """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        class Store
        {
            private readonly object _gate = new object();
            private readonly SemaphoreSlim _semaphore = new SemaphoreSlim(1, 1);
            private readonly List<int> _items = new List<int>();

            async Task AddAsync(Task<int> pending)
            {
                await _semaphore.WaitAsync();
                try
                {
                    _items.Add(await pending);
                }
                finally
                {
                    _semaphore.Release();
                }
            }

            void TryAdd(int item)
            {
                if (Monitor.TryEnter(_gate))
                {
                    try
                    {
                        _items.Add(item);
                    }
                    finally
                    {
                        Monitor.Exit(_gate);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task FlagCheckedByTheNextStatement_MovesIntoTryFinally() => Verify.VerifyCodeFixAsync(
        """
        using System.Collections.Generic;
        using System.Threading;

        class Store
        {
            private readonly SemaphoreSlim _semaphore = new SemaphoreSlim(1, 1);
            private readonly List<int> _items = new List<int>();

            bool TryAdd(int item)
            {
                var entered = {|CTN3005:_semaphore.Wait(100)|};
                if (!entered)
                {
                    return false;
                }

                _items.Add(item);
                _semaphore.Release();
                return true;
            }
        }
        """,
        """
        using System.Collections.Generic;
        using System.Threading;

        class Store
        {
            private readonly SemaphoreSlim _semaphore = new SemaphoreSlim(1, 1);
            private readonly List<int> _items = new List<int>();

            bool TryAdd(int item)
            {
                var entered = _semaphore.Wait(100);
                if (!entered)
                {
                    return false;
                }

                try
                {
                    _items.Add(item);
                }
                finally
                {
                    _semaphore.Release();
                }

                return true;
            }
        }
        """);

    [Fact]
    public Task FixAll_HandlesNestedPairs() => Verify.VerifyCodeFixAsync(
        """
        using System.Collections.Generic;
        using System.Threading;

        class Store
        {
            private readonly object _outer = new object();
            private readonly object _inner = new object();
            private readonly List<int> _items = new List<int>();

            void Add(int item)
            {
                {|CTN3005:Monitor.Enter(_outer)|};
                _items.Add(item);
                {|CTN3005:Monitor.Enter(_inner)|};
                _items.Add(item);
                Monitor.Exit(_inner);
                Monitor.Exit(_outer);
            }
        }
        """,
        """
        using System.Collections.Generic;
        using System.Threading;

        class Store
        {
            private readonly object _outer = new object();
            private readonly object _inner = new object();
            private readonly List<int> _items = new List<int>();

            void Add(int item)
            {
                Monitor.Enter(_outer);
                try
                {
                    _items.Add(item);
                    Monitor.Enter(_inner);
                    try
                    {
                        _items.Add(item);
                    }
                    finally
                    {
                        Monitor.Exit(_inner);
                    }
                }
                finally
                {
                    Monitor.Exit(_outer);
                }
            }
        }
        """);

    [Fact]
    public Task NoFix_WhenALocalIsUsedAfterTheRelease_OrTheReleaseIsNotAStatementOfItsOwn()
    {
        // The fixed code is the source itself: no fix is offered on either diagnostic.
        const string Source = """
        using System.Collections.Generic;
        using System.Threading;

        class Store
        {
            private readonly object _gate = new object();
            private readonly List<int> _items = new List<int>();

            int Add(int item)
            {
                {|CTN3005:Monitor.Enter(_gate)|};
                var count = _items.Count + 1;
                _items.Add(item);
                Monitor.Exit(_gate);
                return count;
            }

            void Remove(bool all)
            {
                {|CTN3005:Monitor.Enter(_gate)|};
                if (all)
                {
                    _items.Clear();
                    Monitor.Exit(_gate);
                    return;
                }

                _items.RemoveAt(0);
                Monitor.Exit(_gate);
            }
        }
        """;
        return new Verify.Test { TestCode = Source, FixedCode = Source }.RunAsync(CancellationToken.None);
    }
}
