using System.Threading.Tasks;
using Xunit;
using Verify = Contention.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Contention.Analyzers.SharedState.CTN2003NonThreadSafeCollectionAnalyzer,
    Contention.CodeFixes.SharedState.CTN2003NonThreadSafeCollectionCodeFixProvider>;

namespace Contention.Analyzers.Tests.SharedState;

public sealed class CTN2003NonThreadSafeCollectionTests
{
    [Fact]
    public Task CollectionsChangedFromConcurrentCode_AreReported() => Verify.VerifyAnalyzerAsync(
        """
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        class Crawler
        {
            private readonly List<string> _pages = new();
            private readonly Dictionary<string, int> _sizes = new();
            private static readonly HashSet<string> s_seen = new();
            public Queue<string> Pending { get; } = new();

            public void Crawl(string[] urls)
            {
                Parallel.ForEach(urls, url => {|#0:_pages.Add(url)|});
                Parallel.For(0, urls.Length, i => {|#1:_sizes[urls[i]] = i|});
                urls.AsParallel().ForAll(url => {|CTN2003:s_seen.Add(url)|});

                var failed = new List<string>();
                var tasks = new List<Task>();
                foreach (var url in urls)
                {
                    tasks.Add(Task.Run(() => {|CTN2003:failed.Remove(url)|}));
                }

                Parallel.Invoke(() => {|CTN2003:Pending.Enqueue("a")|}, () => {|CTN2003:Pending.Clear()|});
                Parallel.ForEach(urls, Record);
            }

            private void Record(string url)
            {
                {|CTN2003:_sizes.Remove(url)|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("_pages", "List<string>", "Add", "a Parallel.ForEach body", "use ConcurrentBag<string> if order does not matter, or hold a lock"),
        Verify.Diagnostic().WithLocation(1).WithArguments("_sizes", "Dictionary<string, int>", "[..] =", "a Parallel.For body", "use ConcurrentDictionary<string, int>"));

    [Fact]
    public Task MethodsOfAThreadSafeType_CountAsConcurrent() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Collections.Generic;

        [AttributeUsage(AttributeTargets.Class)]
        sealed class ThreadSafeAttribute : Attribute { }

        [ThreadSafe]
        class Registry
        {
            private readonly object _gate = new object();
            private readonly List<string> _names = new();
            private readonly Dictionary<string, int> _ids = new();

            public Registry() => _names.Add("root"); // construction: not shared yet

            public void Add(string name) => {|#0:_names.Add(name)|};

            public void Set(string name, int id) { lock (_gate) { _ids[name] = id; Forget(name); } }

            private void Forget(string name) => _names.Remove(name); // private: runs as its callers do
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("_names", "List<string>", "Add", "'Add' of the [ThreadSafe] type 'Registry', which callers may run on several threads at once", "use ConcurrentBag<string> if order does not matter, or hold a lock"));

    [Fact]
    public Task SafeLookAlikes_AreSilent() => Verify.VerifyAnalyzerAsync("""
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        class Crawler
        {
            private readonly object _gate = new object();
            private readonly List<string> _pages = new();
            private readonly ConcurrentBag<string> _bag = new();
            private ImmutableList<string> _immutable = ImmutableList<string>.Empty;
            private readonly ThreadLocal<List<string>> _perThread = new(() => new List<string>());
            [System.ThreadStatic] private static List<string>? t_scratch;

            public int Crawl(string[] urls)
            {
                Parallel.ForEach(urls, url => { lock (_gate) { _pages.Add(url); } });
                Parallel.ForEach(urls, url => _bag.Add(url));
                var left = new List<string>();
                var right = new List<string>();
                Parallel.Invoke(() => left.Add("a"), () => right.Add("b")); // each action runs once, on a list of its own
                Parallel.ForEach(urls, url => _perThread.Value!.Add(url)); // one list per thread
                Parallel.ForEach(urls, url => (t_scratch ??= new List<string>()).Add(url)); // not a plain variable
                Parallel.ForEach(urls, url => t_scratch!.Add(url)); // [ThreadStatic]
                Parallel.ForEach(urls, url => ImmutableInterlocked.Update(ref _immutable, list => list.Add(url)));
                Parallel.ForEach(urls, url =>
                {
                    var local = new List<string>(); // one per run
                    local.Add(url);
                });
                Parallel.For(0, urls.Length, () => new List<string>(), (i, state, mine) => { mine.Add(urls[i]); return mine; },
                    mine => { lock (_gate) { _pages.AddRange(mine); } });

                var once = new List<string>();
                Task.Run(() => once.Add("started once")).Wait();
                foreach (var url in urls)
                {
                    _pages.Add(url); // sequential
                }

                var results = urls.AsParallel().Select(url => url.Length).ToList(); // collected by PLINQ
                var lengths = new List<int>(new int[urls.Length]);
                Parallel.For(0, urls.Length, i => lengths[i] = urls[i].Length); // each run replaces its own element
                Parallel.ForEach(urls, url => new List<string>().Add(url)); // a new list: not a variable at all
                Parallel.ForEach(new[] { new List<string>() }, mine => mine.Add("own")); // the element each run is given
                return _pages.Count + results.Count + _pages.Count(p => p.Length > 3); // reads
            }
        }
        """);

    [Fact]
    public Task ConcurrentCollection_ReplacesAPrivateFieldAndALocal() => Verify.VerifyCodeFixAsync(
        """
        using System.Collections.Generic;
        using System.Threading.Tasks;

        class Crawler
        {
            private readonly List<string> _pages = new List<string>();
            private readonly Dictionary<string, int> _sizes = new();

            public int Crawl(string[] urls)
            {
                Parallel.ForEach(urls, url => {|CTN2003:_pages.Add(url)|});
                Parallel.ForEach(urls, url => {|CTN2003:_sizes.Add(url, url.Length)|});
                Parallel.ForEach(urls, url => {|CTN2003:_sizes.Remove(url)|});

                var failed = new Queue<string>();
                Parallel.ForEach(urls, url => {|CTN2003:failed.Enqueue(url)|});
                return _pages.Count + _sizes.Count + failed.Count;
            }
        }
        """,
        """
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Threading.Tasks;

        class Crawler
        {
            private readonly ConcurrentBag<string> _pages = new ConcurrentBag<string>();
            private readonly ConcurrentDictionary<string, int> _sizes = new();

            public int Crawl(string[] urls)
            {
                Parallel.ForEach(urls, url => _pages.Add(url));
                Parallel.ForEach(urls, url => _sizes.TryAdd(url, url.Length));
                Parallel.ForEach(urls, url => _sizes.TryRemove(url, out _));

                var failed = new ConcurrentQueue<string>();
                Parallel.ForEach(urls, url => failed.Enqueue(url));
                return _pages.Count + _sizes.Count + failed.Count;
            }
        }
        """);

    [Fact]
    public Task NoFix_WhenAUseWouldNotCompile() => Verify.VerifyCodeFixAsync(
        """
        using System.Collections.Generic;
        using System.Threading.Tasks;

        class Crawler
        {
            private readonly List<string> _pages = new();
            public List<string> Shared = new();

            public string Crawl(string[] urls)
            {
                Parallel.ForEach(urls, url => {|CTN2003:_pages.Add(url)|});
                Parallel.ForEach(urls, url => {|CTN2003:Shared.Add(url)|});
                _pages.Sort();
                return _pages[0];
            }
        }
        """,
        """
        using System.Collections.Generic;
        using System.Threading.Tasks;

        class Crawler
        {
            private readonly List<string> _pages = new();
            public List<string> Shared = new();

            public string Crawl(string[] urls)
            {
                Parallel.ForEach(urls, url => {|CTN2003:_pages.Add(url)|});
                Parallel.ForEach(urls, url => {|CTN2003:Shared.Add(url)|});
                _pages.Sort();
                return _pages[0];
            }
        }
        """);
}
