using System;
using System.Collections.Generic;

namespace Contention.Benchmarks.Corpus;

/// <summary>
/// The planted hazards: one class per hazard, each with exactly one diagnostic of one rule (the patterns of
/// samples/HazardGallery, dressed in the file's domain). The generator counts what it plants; validation checks
/// that our analyzers report exactly that.
/// </summary>
internal static class HazardCode
{
    public static readonly IReadOnlyList<string> RuleIds = new[]
    {
        "CTN1001", "CTN1002", "CTN1003", "CTN1004", "CTN1005", "CTN1006", "CTN1007",
        "CTN2001", "CTN2002", "CTN2003", "CTN2004", "CTN2005", "CTN2006", "CTN2007", "CTN2008", "CTN2009", "CTN2010",
        "CTN3001", "CTN3002", "CTN3003", "CTN3004", "CTN3005", "CTN3006", "CTN3007", "CTN3008", "CTN3009", "CTN3010",
        "CTN3011", "CTN3012",
    };

    /// <summary>A class with one hazard of <paramref name="ruleId"/>.</summary>
    public static string Plant(string ruleId, Domain d, Random random) => ruleId switch
    {
        "CTN1001" => CTN1001(d, random),
        "CTN1002" => CTN1002(d, random),
        "CTN1003" => CTN1003(d, random),
        "CTN1004" => CTN1004(d),
        "CTN1005" => CTN1005(d, random),
        "CTN1006" => CTN1006(d, random),
        "CTN1007" => CTN1007(d),
        "CTN2001" => CTN2001(d),
        "CTN2002" => CTN2002(d),
        "CTN2003" => CTN2003(d, random),
        "CTN2004" => CTN2004(d),
        "CTN2005" => CTN2005(d),
        "CTN2006" => CTN2006(d),
        "CTN2007" => CTN2007(d),
        "CTN2008" => CTN2008(d),
        "CTN2009" => CTN2009(d),
        "CTN2010" => CTN2010(d),
        "CTN3001" => CTN3001(d),
        "CTN3002" => CTN3002(d),
        "CTN3003" => CTN3003(d),
        "CTN3004" => CTN3004(d),
        "CTN3005" => CTN3005(d),
        "CTN3006" => CTN3006(d),
        "CTN3007" => CTN3007(d),
        "CTN3008" => CTN3008(d),
        "CTN3009" => CTN3009(d),
        "CTN3010" => CTN3010(d),
        "CTN3011" => CTN3011(d),
        "CTN3012" => CTN3012(d),
        _ => throw new ArgumentOutOfRangeException(nameof(ruleId), ruleId, "No hazard template."),
    };

    private static string CTN1001(Domain d, Random random)
    {
        var E = d.E;
        var name = d.Unique(E + "Summarizer");
        var wait = random.Next(4) switch
        {
            0 => "var first = pending.Result;",
            1 => "pending.Wait();\n        var first = await pending;",
            2 => "var first = pending.GetAwaiter().GetResult();",
            _ => "Task.WaitAll(pending, others);\n        var first = await pending;",
        };
        return $$"""
            /// <summary>Summarizes {{d.LowerPlural}} from two back-end calls.</summary>
            public sealed class {{name}}
            {
                private readonly Func<int, Task<{{E}}>> _load;
                private readonly Func<Task<int>> _countOthers;

                public {{name}}(Func<int, Task<{{E}}>> load, Func<Task<int>> countOthers)
                {
                    _load = load;
                    _countOthers = countOthers;
                }

                public async Task<string> SummarizeAsync(int id)
                {
                    var pending = _load(id);
                    var others = _countOthers();
                    await Task.Yield();

                    // planted CTN1001: blocks a pool thread until the load completes.
                    {{wait}}
                    return $"{first.Code}: {first.Total:0.00} and {await others} others";
                }
            }

            """;
    }

    private static string CTN1002(Domain d, Random random)
    {
        var E = d.E;
        var name = d.Unique(E + "Refresher");
        return $$"""
            /// <summary>Refreshes the {{d.Lower}} list with a retry backoff.</summary>
            public sealed class {{name}}
            {
                private readonly Func<CancellationToken, Task<IReadOnlyList<{{E}}>>> _load;
                private IReadOnlyList<{{E}}> _current = Array.Empty<{{E}}>();

                public {{name}}(Func<CancellationToken, Task<IReadOnlyList<{{E}}>>> load) => _load = load;

                public IReadOnlyList<{{E}}> Current => _current;

                public async Task RefreshAsync(CancellationToken cancellationToken)
                {
                    for (var attempt = 1; ; attempt++)
                    {
                        try
                        {
                            _current = await _load(cancellationToken);
                            return;
                        }
                        catch (TimeoutException) when (attempt < 3)
                        {
                            // planted CTN1002
                            Thread.Sleep({{random.Next(50, 500)}} * attempt);
                        }
                    }
                }
            }

            """;
    }

    private static string CTN1003(Domain d, Random random)
    {
        var E = d.E;
        var name = d.Unique(E + "Exporter");
        var call = random.Next(2) == 0
            ? "var header = File.ReadAllText(_templatePath);"
            : "var header = string.Join(Environment.NewLine, File.ReadAllLines(_templatePath));";
        return $$"""
            /// <summary>Exports {{d.LowerPlural}} to a text file after a header template.</summary>
            public sealed class {{name}}
            {
                private readonly string _templatePath;

                public {{name}}(string templatePath) => _templatePath = templatePath;

                public async Task<string> RenderAsync(IAsyncEnumerable<{{E}}> {{d.LowerPlural}}, CancellationToken cancellationToken)
                {
                    // planted CTN1003
                    {{call}}
                    var text = new StringBuilder(header);
                    await foreach (var item in {{d.LowerPlural}}.WithCancellation(cancellationToken))
                    {
                        text.AppendLine(item.ToString());
                    }

                    return text.ToString();
                }
            }

            """;
    }

    private static string CTN1004(Domain d)
    {
        var E = d.E;
        var name = d.Unique(E + "Dispatcher");
        return $$"""
            /// <summary>Dispatches {{d.LowerPlural}} once the workers have warmed up.</summary>
            public sealed class {{name}}
            {
                private readonly ManualResetEventSlim _warmedUp = new();
                private readonly ConcurrentQueue<{{E}}> _dispatched = new();

                public void MarkWarmedUp() => _warmedUp.Set();

                public int Dispatched => _dispatched.Count;

                public async Task DispatchAsync({{E}} item)
                {
                    await Task.Yield();

                    // planted CTN1004
                    _warmedUp.Wait();
                    _dispatched.Enqueue(item);
                }
            }

            """;
    }

    private static string CTN1005(Domain d, Random random)
    {
        var E = d.E;
        var name = d.Unique(E + "Loader");
        return $$"""
            /// <summary>Loads {{d.LowerPlural}}, falling back to the legacy defaults.</summary>
            public sealed class {{name}}
            {
                private readonly Func<CancellationToken, Task<string>> _read;

                public {{name}}(Func<CancellationToken, Task<string>> read) => _read = read;

                public async Task<string> LoadAsync(CancellationToken cancellationToken)
                {
                    var text = await _read(cancellationToken);

                    // planted CTN1005: ReadLegacy waits for the backoff synchronously.
                    return text.Length > 0 ? text : ReadLegacy();
                }

                private string ReadLegacy()
                {
                    WaitForBackoff();
                    return "{{d.Lower}}-defaults";
                }

                private static void WaitForBackoff() => Thread.Sleep({{random.Next(100, 900)}});
            }

            """;
    }

    private static string CTN1006(Domain d, Random random)
    {
        var E = d.E;
        var name = d.Unique(E + "Notifier");
        if (random.Next(2) == 0)
        {
            return $$"""
                /// <summary>Tells the owners of {{d.LowerPlural}} about changes.</summary>
                public sealed class {{name}}
                {
                    private readonly Func<{{E}}, Task> _send;
                    private readonly List<string> _sent = new();

                    public {{name}}(Func<{{E}}, Task> send) => _send = send;

                    // planted CTN1006
                    public async void NotifyAsync({{E}} item)
                    {
                        await _send(item);
                        _sent.Add(item.Code);
                    }
                }

                """;
        }

        return $$"""
            /// <summary>Tells the owners of {{d.LowerPlural}} about changes.</summary>
            public sealed class {{name}}
            {
                private readonly Func<{{E}}, Task> _send;

                public {{name}}(Func<{{E}}, Task> send) => _send = send;

                public void NotifyAll(List<{{E}}> {{d.LowerPlural}})
                {
                    // planted CTN1006
                    {{d.LowerPlural}}.ForEach(async item => await _send(item));
                }
            }

            """;
    }

    private static string CTN1007(Domain d)
    {
        var E = d.E;
        var name = d.Unique(E + "Client");
        return $$"""
            /// <summary>The synchronous API kept for old callers of the {{d.Lower}} service.</summary>
            public sealed class {{name}}
            {
                private readonly Func<int, CancellationToken, Task<{{E}}>> _fetch;

                public {{name}}(Func<int, CancellationToken, Task<{{E}}>> fetch) => _fetch = fetch;

                public Task<{{E}}> GetAsync(int id, CancellationToken cancellationToken) => _fetch(id, cancellationToken);

                public {{E}} Get(int id)
                {
                    // planted CTN1007
                    return GetAsync(id, CancellationToken.None).GetAwaiter().GetResult();
                }
            }

            """;
    }

    private static string CTN2001(Domain d)
    {
        var E = d.E;
        var name = d.Unique(E + "Indexer");
        return $$"""
            /// <summary>Indexes {{d.LowerPlural}} in parallel and counts them.</summary>
            public sealed class {{name}}
            {
                private readonly ConcurrentDictionary<string, {{E}}> _index = new();
                private int _indexed;

                public int Indexed => _indexed;

                public void IndexAll(IReadOnlyList<{{E}}> {{d.LowerPlural}})
                {
                    Parallel.ForEach({{d.LowerPlural}}, item =>
                    {
                        _index[item.Code] = item;

                        // planted CTN2001
                        _indexed++;
                    });
                }
            }

            """;
    }

    private static string CTN2002(Domain d)
    {
        var E = d.E;
        var name = d.Unique(E + "Weigher");
        return $$"""
            /// <summary>Adds up {{d.LowerPlural}} on all cores.</summary>
            public static class {{name}}
            {
                public static decimal TotalOf(IReadOnlyList<{{E}}> {{d.LowerPlural}})
                {
                    decimal total = 0;
                    Parallel.For(0, {{d.LowerPlural}}.Count, i =>
                    {
                        var item = {{d.LowerPlural}}[i];

                        // planted CTN2002
                        total += item.Total;
                    });
                    return total;
                }
            }

            """;
    }

    private static string CTN2003(Domain d, Random random)
    {
        var E = d.E;
        var name = d.Unique(E + "Prober");
        var limit = random.Next(100, 1000);
        return $$"""
            /// <summary>Probes {{d.LowerPlural}} in parallel and remembers the slow ones.</summary>
            public sealed class {{name}}
            {
                private readonly List<string> _slow = new();

                public int SlowCount => _slow.Count;

                public void Probe(IEnumerable<{{E}}> {{d.LowerPlural}})
                {
                    Parallel.ForEach({{d.LowerPlural}}, item =>
                    {
                        if (Measure(item) > {{limit}})
                        {
                            // planted CTN2003
                            _slow.Add(item.Code);
                        }
                    });
                }

                private static int Measure({{E}} item) => item.Code.Length * item.Quantity;
            }

            """;
    }

    private static string CTN2004(Domain d)
    {
        var name = d.Unique(d.E + "RateLimiter");
        return $$"""
            /// <summary>Counts {{d.Lower}} requests per owner in the current window.</summary>
            public sealed class {{name}}
            {
                private readonly Lock _gate = new();
                private readonly Dictionary<string, int> _counts = new();

                public bool Allow(string owner, int limit)
                {
                    lock (_gate)
                    {
                        _counts.TryGetValue(owner, out var count);
                        _counts[owner] = count + 1;
                        return count < limit;
                    }
                }

                public void StartNewWindow()
                {
                    // planted CTN2004
                    _counts.Clear();
                }
            }

            """;
    }

    private static string CTN2005(Domain d)
    {
        var name = d.Unique(d.E + "PriceCache");
        return $$"""
            /// <summary>Caches {{d.Lower}} prices; callers on many threads ask at once.</summary>
            public sealed class {{name}}
            {
                private readonly ConcurrentDictionary<string, decimal> _prices = new();

                public decimal Get(string code, decimal basePrice)
                {
                    if (!_prices.TryGetValue(code, out var price))
                    {
                        price = basePrice * 1.2m;

                        // planted CTN2005
                        _prices[code] = price;
                    }

                    return price;
                }
            }

            """;
    }

    private static string CTN2006(Domain d)
    {
        var name = d.Unique(d.E + "Defaults");
        return $$"""
            /// <summary>Default values for new {{d.LowerPlural}}, loaded on first use.</summary>
            public sealed class {{name}}
            {
                private static readonly Lock s_gate = new();
                private static {{name}}? s_current;

                private readonly Dictionary<string, string> _values = new() { ["region"] = "eu-west" };

                public static {{name}} Current
                {
                    get
                    {
                        // planted CTN2006
                        if (s_current == null)
                        {
                            lock (s_gate)
                            {
                                if (s_current == null)
                                {
                                    s_current = new {{name}}();
                                }
                            }
                        }

                        return s_current;
                    }
                }

                public string this[string key] => _values[key];
            }

            """;
    }

    private static string CTN2007(Domain d)
    {
        var name = d.Unique(d.E + "Pump");
        return $$"""
            /// <summary>Moves queued {{d.LowerPlural}} to the sink on a thread of its own until told to stop.</summary>
            public sealed class {{name}}
            {
                private readonly Thread _thread;
                private bool _stopping;
                private long _pumped;

                public {{name}}() => _thread = new Thread(Pump) { IsBackground = true };

                public long Pumped => Interlocked.Read(ref _pumped);

                public void Start() => _thread.Start();

                public void Stop()
                {
                    _stopping = true;
                    _thread.Join();
                }

                private void Pump()
                {
                    // planted CTN2007
                    while (!_stopping)
                    {
                        Interlocked.Increment(ref _pumped);
                    }
                }
            }

            """;
    }

    private static string CTN2008(Domain d)
    {
        var name = d.Unique(d.E + "RequestScope");
        return $$"""
            /// <summary>Per-thread state of the {{d.Lower}} request logger.</summary>
            public static class {{name}}
            {
                // planted CTN2008
                [ThreadStatic]
                private static string? t_region = "eu-west";

                public static string Region => t_region ?? "global";

                public static void Use(string region) => t_region = region;
            }

            """;
    }

    private static string CTN2009(Domain d)
    {
        var name = d.Unique(d.E + "Holds");
        return $$"""
            /// <summary>Quantities held for pending {{d.LowerPlural}}; the lock of each field is written on it.</summary>
            public sealed class {{name}}
            {
                private readonly Lock _gate = new();

                [GuardedBy(nameof(_gate))]
                private readonly Dictionary<string, int> _held = new();

                [GuardedBy(nameof(_gate))]
                private int _total;

                public void Hold(string code, int quantity)
                {
                    lock (_gate)
                    {
                        _held[code] = quantity;
                        _total += quantity;
                    }
                }

                public int Total
                {
                    get
                    {
                        lock (_gate)
                        {
                            return _total;
                        }
                    }
                }

                public void Cancel(string code)
                {
                    // planted CTN2009
                    _held.Remove(code);
                }
            }

            """;
    }

    private static string CTN2010(Domain d)
    {
        var name = d.Unique(d.E + "Ticker");
        return $$"""
            /// <summary>Publishes {{d.Lower}} amount changes to subscribers, from the feed's thread.</summary>
            public sealed class {{name}}
            {
                public event EventHandler<decimal>? AmountChanged;

                public void Publish(decimal amount)
                {
                    // planted CTN2010
                    if (AmountChanged != null)
                    {
                        AmountChanged(this, amount);
                    }
                }
            }

            """;
    }

    private static string CTN3001(Domain d)
    {
        var name = d.Unique(d.E + "AuditLog");
        return $$"""
            /// <summary>An in-memory audit log of {{d.Lower}} changes.</summary>
            public sealed class {{name}}
            {
                private readonly List<string> _lines = new();

                public void Write(string line)
                {
                    // planted CTN3001
                    lock (this)
                    {
                        _lines.Add(line);
                    }
                }

                public IReadOnlyList<string> Snapshot()
                {
                    lock (_lines)
                    {
                        return _lines.ToArray();
                    }
                }
            }

            """;
    }

    private static string CTN3002(Domain d)
    {
        var name = d.Unique(d.E + "SessionTable");
        return $$"""
            /// <summary>Who last touched which {{d.Lower}}.</summary>
            public sealed class {{name}}
            {
                private readonly Dictionary<string, DateTime> _touched = new();

                public void Touch(string user)
                {
                    // planted CTN3002
                    lock (typeof({{name}}))
                    {
                        _touched[user] = DateTime.UtcNow;
                    }
                }
            }

            """;
    }

    private static string CTN3003(Domain d)
    {
        var name = d.Unique(d.E + "Counter");
        return $$"""
            /// <summary>Counts {{d.Lower}} lookups.</summary>
            public sealed class {{name}}
            {
                private object _statsGate = new();
                private int _lookups;

                public int Lookup()
                {
                    // planted CTN3003
                    lock (_statsGate)
                    {
                        return ++_lookups;
                    }
                }
            }

            """;
    }

    private static string CTN3004(Domain d)
    {
        var name = d.Unique(d.E + "Forgetter");
        return $$"""
            /// <summary>Forgets {{d.LowerPlural}} on request.</summary>
            public sealed class {{name}}
            {
                private readonly HashSet<string> _known = new();

                public void Forget(string code)
                {
                    // planted CTN3004
                    lock (new object())
                    {
                        _known.Remove(code);
                    }
                }
            }

            """;
    }

    private static string CTN3005(Domain d)
    {
        var name = d.Unique(d.E + "Shelves");
        return $$"""
            /// <summary>Counts the {{d.LowerPlural}} on the shelves.</summary>
            public sealed class {{name}}
            {
                private readonly object _shelvesGate = new();
                private readonly Dictionary<string, int> _shelves = new();

                public void Receive(string code, int count)
                {
                    // planted CTN3005
                    Monitor.Enter(_shelvesGate);
                    _shelves.Add(code, count);
                    Monitor.Exit(_shelvesGate);
                }

                public int Count(string code)
                {
                    Monitor.Enter(_shelvesGate);
                    try
                    {
                        return _shelves.GetValueOrDefault(code);
                    }
                    finally
                    {
                        Monitor.Exit(_shelvesGate);
                    }
                }
            }

            """;
    }

    private static string CTN3006(Domain d)
    {
        var name = d.Unique(d.E + "Flusher");
        return $$"""
            /// <summary>Flushes {{d.Lower}} metrics to a remote sink, one flush at a time.</summary>
            public sealed class {{name}}
            {
                private readonly object _flushGate = new();

                public async Task FlushAsync(Task send)
                {
                    // planted CTN3006
                    Monitor.Enter(_flushGate);
                    try
                    {
                        await send;
                    }
                    finally
                    {
                        Monitor.Exit(_flushGate);
                    }
                }
            }

            """;
    }

    private static string CTN3007(Domain d)
    {
        var name = d.Unique(d.E + "Ledger");
        return $$"""
            /// <summary>Moves amounts between {{d.LowerPlural}} and writes an audit trail.</summary>
            public sealed class {{name}}
            {
                private readonly Lock _balancesGate = new();
                private readonly Lock _auditGate = new();
                private readonly Dictionary<string, decimal> _balances = new();
                private readonly List<string> _audit = new();

                public void Transfer(string from, string to, decimal amount)
                {
                    lock (_balancesGate)
                    {
                        _balances[from] = _balances.GetValueOrDefault(from) - amount;
                        _balances[to] = _balances.GetValueOrDefault(to) + amount;

                        // planted CTN3007
                        Audit($"{from}->{to}: {amount}");
                    }
                }

                public decimal Reconcile()
                {
                    lock (_auditGate)
                    {
                        lock (_balancesGate)
                        {
                            decimal total = 0;
                            foreach (var balance in _balances.Values)
                            {
                                total += balance;
                            }

                            _audit.Add($"reconciled {total}");
                            return total;
                        }
                    }
                }

                private void Audit(string line)
                {
                    lock (_auditGate)
                    {
                        _audit.Add(line);
                    }
                }
            }

            """;
    }

    private static string CTN3008(Domain d)
    {
        var name = d.Unique(d.E + "Persister");
        return $$"""
            /// <summary>Persists {{d.Lower}} codes now and then.</summary>
            public sealed class {{name}}
            {
                private readonly Lock _persistGate = new();
                private readonly List<string> _codes = new();

                public void Add(string code)
                {
                    lock (_persistGate)
                    {
                        _codes.Add(code);
                    }
                }

                public void Persist(string path)
                {
                    lock (_persistGate)
                    {
                        // planted CTN3008
                        File.WriteAllText(path, string.Join(",", _codes));
                    }
                }
            }

            """;
    }

    private static string CTN3009(Domain d)
    {
        var name = d.Unique(d.E + "Tally");
        return $$"""
            /// <summary>A tally of {{d.LowerPlural}} seen.</summary>
            public sealed class {{name}}
            {
                private readonly HashSet<string> _seen = new();

                // planted CTN3009
                [MethodImpl(MethodImplOptions.Synchronized)]
                public int Count() => _seen.Count;
            }

            """;
    }

    private static string CTN3010(Domain d)
    {
        var name = d.Unique(d.E + "RequestCounter");
        return $$"""
            /// <summary>Counts {{d.Lower}} requests.</summary>
            public sealed class {{name}}
            {
                // planted CTN3010
                private readonly object _countGate = new object();
                private long _requests;

                public void Record()
                {
                    lock (_countGate)
                    {
                        _requests++;
                    }
                }

                public long Requests
                {
                    get
                    {
                        lock (_countGate)
                        {
                            return _requests;
                        }
                    }
                }
            }

            """;
    }

    private static string CTN3011(Domain d)
    {
        var name = d.Unique(d.E + "ByteMeter");
        return $$"""
            /// <summary>Meters the bytes of {{d.Lower}} traffic.</summary>
            public sealed class {{name}}
            {
                // planted CTN3011
                private readonly SpinLock _spin = new SpinLock();
                private long _bytes;

                public void Record(long bytes)
                {
                    var taken = false;
                    try
                    {
                        _spin.Enter(ref taken);
                        _bytes += bytes;
                    }
                    finally
                    {
                        if (taken)
                        {
                            _spin.Exit();
                        }
                    }
                }
            }

            """;
    }

    private static string CTN3012(Domain d)
    {
        var name = d.Unique(d.E + "DirtyFlag");
        return $$"""
            /// <summary>Tracks whether the {{d.Lower}} store has unsaved changes.</summary>
            public sealed class {{name}}
            {
                private readonly object _gate = new();
                private bool _dirty;

                public bool IsDirty => Volatile.Read(ref _dirty);

                public void MarkClean()
                {
                    Volatile.Write(ref _dirty, false);

                    // planted CTN3012
                    Monitor.PulseAll(_gate);
                }
            }

            """;
    }
}
