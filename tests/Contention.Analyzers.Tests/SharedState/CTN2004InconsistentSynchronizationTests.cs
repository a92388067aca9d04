using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = Contention.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Contention.Analyzers.SharedState.CTN2004InconsistentSynchronizationAnalyzer,
    Contention.CodeFixes.SharedState.CTN2004InconsistentSynchronizationCodeFixProvider>;

namespace Contention.Analyzers.Tests.SharedState;

public sealed class CTN2004InconsistentSynchronizationTests
{
    [Fact]
    public Task WriteWithoutTheLockEveryOtherAccessHolds_IsReportedWithTheCounts() => Verify.VerifyAnalyzerAsync(
        """
        using System.Collections.Generic;

        class Meter
        {
            private readonly object _gate = new object();
            private long _total;
            private int _samples;
            private readonly List<long> _history = new List<long>();

            public void Record(long value)
            {
                lock (_gate)
                {
                    _total += value;
                    _samples++;
                    _history.Add(value);
                }
            }

            public double Average()
            {
                lock (_gate)
                {
                    return _samples == 0 ? 0 : (double)_total / _samples;
                }
            }

            public void Reset()
            {
                {|#0:_total|} = 0;
                {|#1:_samples|} = 0;
                {|#2:_history|}.Clear();
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("_total", 2, 3, "assigned", "lock '_gate' around it, as the other accesses do"),
        Verify.Diagnostic().WithLocation(1).WithArguments("_samples", 3, 4, "assigned", "lock '_gate' around it, as the other accesses do"),
        Verify.Diagnostic().WithLocation(2).WithArguments("_history", 1, 2, "changed with 'Clear'", "lock '_gate' around it, as the other accesses do"));

    [Fact]
    public Task UpdatesInLambdasAndExplicitLocks_AreJudgedWhereTheyRun() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Threading;

        class Poller
        {
            private readonly object _gate = new object();
            private int _polls;
            private Timer _timer;

            public void Start() => _timer = new Timer(_ => {|CTN2004:_polls|} = 0, null, 0, 100); // runs later, without the lock

            public void Poll()
            {
                Monitor.Enter(_gate);
                try
                {
                    _polls++;
                }
                finally
                {
                    Monitor.Exit(_gate);
                }
            }

            public void Skip() { lock (_gate) { _polls += 2; } }

            public int Polls
            {
                get { lock (_gate) { return _polls; } }
                set { {|CTN2004:_polls|} = value; }
            }
        }
        """);

    [Fact]
    public Task MostlyUnlockedFields_AndTheThreshold() => Verify.VerifyAnalyzerAsync(
        """
        class Stats
        {
            private readonly object _gate = new object();
            private int _hits;

            public void Hit() { lock (_gate) { _hits++; } }
            public void Miss() => _hits = 0;
            public void Clear() => _hits = 0;
            public int Read() => _hits;
        }
        """); // locked weight 2 of 7: below 50%

    [Fact]
    public async Task Threshold_IsConfigurable()
    {
        const string source = """
            class Stats
            {
                private readonly object _gate = new object();
                private int _hits;

                public void Hit() { lock (_gate) { _hits++; } }
                public void Miss() => {|#0:_hits|} = 0;
                public void Clear() => {|#1:_hits|} = 0;
                public int Read() => _hits;
            }
            """;
        var test = new Verify.Test { TestCode = source };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\ncontention.CTN2004.min_locked_percent = 25\n"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments("_hits", 1, 4, "assigned", "lock '_gate' around it, as the other accesses do"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(1).WithArguments("_hits", 1, 4, "assigned", "lock '_gate' around it, as the other accesses do"));
        await test.RunAsync();
    }

    [Fact]
    public Task ConstructionTeardownAtomicAndHelpersCalledUnderTheLock_AreSilent() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Collections.Generic;
        using System.Threading;

        class Cache : IDisposable
        {
            private readonly object _gate = new object();
            private readonly Dictionary<string, int> _entries;
            private int _version;
            private volatile bool _closed;
            private long _reads;
            private bool _disposed;
            private string _name;

            public Cache(string name)
            {
                _entries = new Dictionary<string, int>();
                _version = 1;
                Initialize(name);
            }

            private void Initialize(string name) => _name = name;

            public int Get(string key)
            {
                Interlocked.Increment(ref _reads);
                lock (_gate)
                {
                    return _entries.TryGetValue(key, out var value) ? value : -1;
                }
            }

            public void Set(string key, int value)
            {
                lock (_gate)
                {
                    Store(key, value);
                    _name = key;
                }
            }

            private void Store(string key, int value)
            {
                _entries[key] = value;
                _version++;
                Bump();
            }

            private void Bump() => _version += 2;

            public void Close()
            {
                _closed = true;
                _reads = 0;
            }

            public int Version => _version; // an unlocked read is not reported

            public void Dispose()
            {
                _entries.Clear();
                _version = 0;
                _disposed = true;
            }
        }

        class Synced
        {
            private int _n;

            public void Add() { lock (this) { _n++; } }

            [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.Synchronized)]
            public void Reset() => _n = 0; // holds the monitor of this, like the lock statements

            public int Read() { lock (this) { return _n; } }
        }

        class NoLocks
        {
            private int _count;
            public void Add() => _count++;
            public void Reset() => _count = 0;
        }
        """);

    [Fact]
    public Task BlocksThatNameOnlyAHelperOrNoFieldAtAll_StillCount() => Verify.VerifyAnalyzerAsync(
        """
        using System.Threading;

        class Meter
        {
            private readonly object _gate = new object();
            private int _count;

            public void Tick() { lock (_gate) { Bump(); } }
            public void Reset() { lock (_gate) { _count = 0; } }
            public int Read() { lock (_gate) { return _count; } }

            // Names neither a field nor a lock: it still makes Bump run without the lock sometimes.
            public void TickFast() => Bump();

            private void Bump() => {|#0:_count|}++;
        }

        class Throttled
        {
            // Only read-only fields that hold no changing collection: nothing this rule can judge.
            private readonly SemaphoreSlim _throttle = new SemaphoreSlim(2);
            private readonly string _name = "throttled";

            public string Name()
            {
                _throttle.Wait();
                try { return _name; } finally { _throttle.Release(); }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("_count", 2, 3, "incremented", "lock '_gate' around it, as the other accesses do"));

    [Fact]
    public Task LambdasInsideTheLock_AndOtherObjects_AreNotJudged() => Verify.VerifyAnalyzerAsync(
        """
        using System.Collections.Generic;

        class Ledger
        {
            private readonly object _gate = new object();
            private readonly List<int> _items = new List<int>();
            private int _sum;

            public void Add(int item)
            {
                lock (_gate)
                {
                    _items.Add(item);
                    _sum += item;
                }
            }

            public void Recount()
            {
                lock (_gate)
                {
                    _sum = 0;
                    _items.ForEach(i => _sum += i); // runs right here, under the lock
                }
            }

            public void CopyFrom(Ledger other) => other._sum = 0; // another object: its own lock, unknown here

            public string Name => nameof(_sum);
        }
        """);

    [Fact]
    public Task UpdatesInConcurrentCode_AreLeftToCtn2001AndCtn2003() => Verify.VerifyAnalyzerAsync(
        """
        using System.Collections.Generic;
        using System.Threading.Tasks;

        class Batch
        {
            private readonly object _gate = new object();
            private readonly List<int> _done = new List<int>();
            private int _count;

            public void Run(int[] items)
            {
                Parallel.ForEach(items, item =>
                {
                    _count++;
                    _done.Add(item);
                });
            }

            public int Count() { lock (_gate) { _count++; _done.Add(0); return _count; } }

            public List<int> Done() { lock (_gate) { return new List<int>(_done); } }
        }
        """);

    [Fact]
    public Task GuardedByFieldsAndLockFields_AreLeftAlone() => Verify.VerifyAnalyzerAsync(
        """
        using System;

        [AttributeUsage(AttributeTargets.Field)]
        sealed class GuardedByAttribute(string lockName) : Attribute { }

        class Holder
        {
            private object _gate = new object();
            [GuardedBy(nameof(_gate))] private int _value;

            public void Set(int value) { lock (_gate) { _value = value; } }
            public void Swap() => _gate = new object();
            public int Get() { lock (_gate) { return _value; } }
        }
        """);

    [Fact]
    public Task HalfTypedCode_IsJudgedWithoutThrowing() => Verify.VerifyAnalyzerAsync(
        """
        class Scratch
        {
            private readonly object _gate = new object();
            private int _value;

            public void Set(int value) { lock (_gate) { _value = value; } }
            public void Reset() { {|CTN2004:_value|} = {|CS1525:;|} }
            public void Broken() { lock ({|CS0103:missing|}) { _value = 1; } }
        }
        """);

    [Fact]
    public Task Lock_WrapsTheWriteInTheSameLock() => Verify.VerifyCodeFixAsync(
        """
        using System.Collections.Generic;

        class Meter
        {
            private readonly object _gate = new object();
            private long _total;
            private readonly Queue<long> _history = new Queue<long>();

            public void Record(long value)
            {
                lock (_gate)
                {
                    _total += value;
                    _history.Enqueue(value);
                }
            }

            public long Total() { lock (_gate) { return _total; } }

            public void Reset()
            {
                // start over
                {|CTN2004:_total|} = 0;
                {|CTN2004:_history|}.Clear();
            }
        }
        """,
        """
        using System.Collections.Generic;

        class Meter
        {
            private readonly object _gate = new object();
            private long _total;
            private readonly Queue<long> _history = new Queue<long>();

            public void Record(long value)
            {
                lock (_gate)
                {
                    _total += value;
                    _history.Enqueue(value);
                }
            }

            public long Total() { lock (_gate) { return _total; } }

            public void Reset()
            {
                // start over
                lock (_gate)
                {
                    _total = 0;
                }
                lock (_gate)
                {
                    _history.Clear();
                }
            }
        }
        """);

    [Fact]
    public Task NoFix_WhenTheLockedAccessesHoldDifferentLocksOrASemaphore() => Verify.VerifyCodeFixAsync(
        """
        using System.Threading;

        class Two
        {
            private readonly object _a = new object();
            private readonly object _b = new object();
            private readonly SemaphoreSlim _semaphore = new SemaphoreSlim(1);
            private int _value;
            private int _other;

            public void A() { lock (_a) { _value++; } }
            public void B() { lock (_b) { _value++; } }
            public void Reset() => {|CTN2004:_value|} = 0;

            public void C()
            {
                _semaphore.Wait();
                try { _other++; }
                finally { _semaphore.Release(); }
            }

            public void ResetOther() => {|CTN2004:_other|} = 0;
        }
        """,
        """
        using System.Threading;

        class Two
        {
            private readonly object _a = new object();
            private readonly object _b = new object();
            private readonly SemaphoreSlim _semaphore = new SemaphoreSlim(1);
            private int _value;
            private int _other;

            public void A() { lock (_a) { _value++; } }
            public void B() { lock (_b) { _value++; } }
            public void Reset() => {|CTN2004:_value|} = 0;

            public void C()
            {
                _semaphore.Wait();
                try { _other++; }
                finally { _semaphore.Release(); }
            }

            public void ResetOther() => {|CTN2004:_other|} = 0;
        }
        """);
}
