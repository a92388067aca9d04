using System.Threading.Tasks;
using Xunit;
using Verify = Contention.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Contention.Analyzers.SharedState.CTN2001NonAtomicFieldUpdateAnalyzer,
    Contention.CodeFixes.SharedState.CTN2001NonAtomicFieldUpdateCodeFixProvider>;

namespace Contention.Analyzers.Tests.SharedState;

public sealed class CTN2001NonAtomicFieldUpdateTests
{
    [Fact]
    public Task UpdatesFromConcurrentCode_AreReported() => Verify.VerifyAnalyzerAsync(
        """
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        class Stats
        {
            private static long s_total;
            private int _hits;
            private int _misses;
            private double _load;
            private Counter _counter = new Counter();

            void Run(int[] items, Counter shared)
            {
                Parallel.For(0, 100, i => {|#0:_hits++|});
                Parallel.ForEach(items, item => { {|CTN2001:s_total += item|}; {|CTN2001:_load *= 0.5|}; });
                items.AsParallel().ForAll(item => {|CTN2001:shared.Count--|});
                Parallel.Invoke(() => {|CTN2001:_counter.Count++|}, () => {|CTN2001:_counter.Count--|});

                for (var i = 0; i < 4; i++)
                {
                    Task.Run(() => {|CTN2001:_misses = _misses + 1|});
                }

                Parallel.For(0, 100, Record);
                Parallel.For(0, 100, i => Note());
            }

            private void Record(int i) => {|CTN2001:_hits += i|};

            private void Note() => {|CTN2001:_misses--|};

            async Task FetchAllAsync(IEnumerable<string> urls) =>
                await Task.WhenAll(urls.Select(async url => { await Task.Yield(); {|CTN2001:_hits++|}; }));
        }

        class Counter
        {
            public int Count;
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("_hits", "incremented", "a Parallel.For body", "use 'Interlocked.Increment'"));

    [Fact]
    public Task MessageNamesTheMethodThatRunsConcurrently() => Verify.VerifyAnalyzerAsync(
        """
        using System.Threading;

        class Poller
        {
            private int _ticks;
            private Timer _timer;

            void Start() => _timer = new Timer(Tick, null, 0, 10);

            private void Tick(object state) => {|#0:_ticks += 2|};
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("_ticks", "updated with '+='", "'Tick', which runs as a Timer callback", "use 'Interlocked.Add'"));

    [Fact]
    public Task MethodsOfAThreadSafeType_CountAsConcurrent() => Verify.VerifyAnalyzerAsync(
        """
        using System;

        namespace Team
        {
            [AttributeUsage(AttributeTargets.Class)]
            sealed class ThreadSafeAttribute : Attribute { }

            [ThreadSafe]
            class Counter : IDisposable
            {
                private readonly object _gate = new object();
                private int _hits;
                private long _bytes;
                private int _locked;
                private int _helped;

                public Counter() => _hits++; // construction: not shared yet

                public void Hit() => {|#0:_hits++|};

                internal void Add(long bytes) => {|#1:_bytes += bytes|};

                public void Locked() { lock (_gate) { _locked++; Help(); } }

                private void Help() => _helped++; // private: runs as its callers do

                public void Dispose() => _hits--; // teardown
            }

            class Derived : Counter
            {
                private int _own;

                public void Bump() => {|#2:_own++|};
            }

            class Plain
            {
                private int _hits;

                public void Hit() => _hits++; // no evidence of concurrency
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("_hits", "incremented", "'Hit' of the [ThreadSafe] type 'Counter', which callers may run on several threads at once", "use 'Interlocked.Increment'"),
        Verify.Diagnostic().WithLocation(1).WithArguments("_bytes", "updated with '+='", "'Add' of the [ThreadSafe] type 'Counter', which callers may run on several threads at once", "use 'Interlocked.Add'"),
        Verify.Diagnostic().WithLocation(2).WithArguments("_own", "incremented", "'Bump' of the [ThreadSafe] type 'Derived', which callers may run on several threads at once", "use 'Interlocked.Increment'"));

    [Fact]
    public Task SafeLookAlikes_AreSilent() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Stats
        {
            private readonly object _gate = new object();
            private int _hits;
            private int _sequential;
            [ThreadStatic] private static int t_perThread;

            void Run(int[] items)
            {
                Parallel.For(0, 100, i => { lock (_gate) { _hits++; } });
                Parallel.For(0, 100, i => Interlocked.Increment(ref _hits));
                Parallel.Invoke(() => _hits++, () => _sequential++); // each action runs once, on a field of its own
                Parallel.For(0, 100, i => t_perThread++);
                Parallel.For(0, 100, i => { var mine = new Counter(); mine.Count++; });
                Parallel.ForEach(items, item => new Counter().Count++);

                Task.Run(() => _hits++); // started once: runs beside the caller, not beside itself
                foreach (var item in items)
                {
                    var own = new Counter();
                    Task.Run(() => own.Count++); // each pass has its own counter
                }

                _sequential++;
                Action later = () => _sequential++;
                items.ToString();
            }

            private void NotConcurrent() => _sequential++;

            public Stats()
            {
                Parallel.For(0, 10, Warm);
            }

            private void Warm(int i)
            {
                lock (_gate)
                {
                    _hits += i;
                }
            }
        }

        class Counter
        {
            public int Count;
        }
        """);

    [Fact]
    public Task Interlocked_ReplacesTheUpdate() => Verify.VerifyCodeFixAsync(
        """
        using System.Threading.Tasks;

        class Stats
        {
            private int _hits;
            private long _bytes;
            private int _left = 100;

            void Run(int[] sizes)
            {
                Parallel.ForEach(sizes, size =>
                {
                    {|CTN2001:_hits++|};
                    {|CTN2001:_bytes += size|};
                    {|CTN2001:_left -= size + 1|};
                    {|CTN2001:_bytes = _bytes - 2|};
                    var now = {|CTN2001:++_hits|};
                });
            }
        }
        """,
        """
        using System.Threading;
        using System.Threading.Tasks;

        class Stats
        {
            private int _hits;
            private long _bytes;
            private int _left = 100;

            void Run(int[] sizes)
            {
                Parallel.ForEach(sizes, size =>
                {
                    Interlocked.Increment(ref _hits);
                    Interlocked.Add(ref _bytes, size);
                    Interlocked.Add(ref _left, -(size + 1));
                    Interlocked.Add(ref _bytes, -2);
                    var now = Interlocked.Increment(ref _hits);
                });
            }
        }
        """);

    [Fact]
    public Task NoFix_WhereInterlockedWouldChangeTheMeaning() => Verify.VerifyCodeFixAsync(
        """
        using System.Threading.Tasks;

        class Stats
        {
            private int _hits;
            private volatile int _seen;
            private double _load;

            void Run()
            {
                Parallel.For(0, 10, i =>
                {
                    var before = {|CTN2001:_hits++|};
                    {|CTN2001:_seen++|};
                    {|CTN2001:_load += 1|};
                });
            }
        }
        """,
        """
        using System.Threading.Tasks;

        class Stats
        {
            private int _hits;
            private volatile int _seen;
            private double _load;

            void Run()
            {
                Parallel.For(0, 10, i =>
                {
                    var before = {|CTN2001:_hits++|};
                    {|CTN2001:_seen++|};
                    {|CTN2001:_load += 1|};
                });
            }
        }
        """);

    /// <summary>A timer created with a target-typed new names no Timer where it starts; its type does.</summary>
    [Fact]
    public Task TimerCreatedWithTargetTypedNew_IsReported() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;

        class Poller
        {
            private Timer? _timer;
            private int _ticks;

            public void Start()
            {
                _timer = new(_ => {|CTN2001:_ticks++|}, null, 0, 100);
            }
        }
        """);
}
