using System;

namespace Contention.Benchmarks.Corpus;

/// <summary>
/// Correct concurrent code, written the way the rules' docs recommend: awaited I/O, throttles, locks held around every
/// access, monitors used with their lock, parallel loops that aggregate through <c>Interlocked</c> or
/// <c>localFinally</c>, concurrent collections used one call at a time. Every rule must stay silent on it; it is here
/// so the rules meet the shapes they inspect and have to think about them.
/// </summary>
internal static class ConcurrencyCode
{
    /// <summary>The gateway interface and an async service that calls it.</summary>
    public static string AsyncService(Domain d, Random random)
    {
        var E = d.E;
        var gateway = d.Unique("I" + E + "Gateway");
        var name = d.Unique(E + PlainCode.Pick(random, "SyncService", "Importer", "Publisher", "Reconciler"));
        var parallelism = random.Next(2, 8);
        return $$"""
            public interface {{gateway}}
            {
                Task<{{E}}?> FetchAsync(int id, CancellationToken cancellationToken);

                Task<IReadOnlyList<{{E}}>> ListAsync({{E}}Status status, CancellationToken cancellationToken);

                Task SaveAsync({{E}} item, CancellationToken cancellationToken);

                IAsyncEnumerable<{{E}}> StreamAsync(DateTime since, CancellationToken cancellationToken);
            }

            /// <summary>Copies {{d.LowerPlural}} from the remote system, {{parallelism}} at a time.</summary>
            public sealed class {{name}} : IDisposable
            {
                private readonly {{gateway}} _gateway;
                private readonly SemaphoreSlim _throttle = new({{parallelism}}, {{parallelism}});
                private long _copied;

                public {{name}}({{gateway}} gateway) => _gateway = gateway;

                public long Copied => Interlocked.Read(ref _copied);

                public async Task<int> CopyAsync(IEnumerable<int> ids, CancellationToken cancellationToken)
                {
                    var copies = ids.Select(id => CopyOneAsync(id, cancellationToken)).ToList();
                    var results = await Task.WhenAll(copies).ConfigureAwait(false);
                    return results.Count(copied => copied);
                }

                private async Task<bool> CopyOneAsync(int id, CancellationToken cancellationToken)
                {
                    await _throttle.WaitAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        var item = await _gateway.FetchAsync(id, cancellationToken).ConfigureAwait(false);
                        if (item is null || item.Status == {{E}}Status.Archived)
                        {
                            return false;
                        }

                        await _gateway.SaveAsync(item with { Owner = item.Owner.Trim() }, cancellationToken).ConfigureAwait(false);
                        Interlocked.Increment(ref _copied);
                        return true;
                    }
                    finally
                    {
                        _throttle.Release();
                    }
                }

                public async Task<{{E}}?> FetchWithRetryAsync(int id, int attempts, CancellationToken cancellationToken)
                {
                    for (var attempt = 1; ; attempt++)
                    {
                        try
                        {
                            return await _gateway.FetchAsync(id, cancellationToken).ConfigureAwait(false);
                        }
                        catch (TimeoutException) when (attempt < attempts)
                        {
                            await Task.Delay(TimeSpan.FromMilliseconds({{random.Next(50, 400)}} * attempt), cancellationToken).ConfigureAwait(false);
                        }
                    }
                }

                public async Task<decimal> CompareAsync(int leftId, int rightId, CancellationToken cancellationToken)
                {
                    var left = _gateway.FetchAsync(leftId, cancellationToken);
                    var right = _gateway.FetchAsync(rightId, cancellationToken);
                    await Task.WhenAll(left, right).ConfigureAwait(false);

                    // Both tasks completed above: reading Result here does not block.
                    return (left.Result?.Total ?? 0) - (right.Result?.Total ?? 0);
                }

                public async Task<IReadOnlyDictionary<{{E}}Status, int>> CountAsync(CancellationToken cancellationToken)
                {
                    var counts = new Dictionary<{{E}}Status, int>();
                    foreach (var status in new[] { {{E}}Status.Draft, {{E}}Status.Active, {{E}}Status.Suspended })
                    {
                        var items = await _gateway.ListAsync(status, cancellationToken).ConfigureAwait(false);
                        counts[status] = items.Count;
                    }

                    return counts;
                }

                public async IAsyncEnumerable<{{E}}> ChangedSinceAsync(DateTime since, [EnumeratorCancellation] CancellationToken cancellationToken = default)
                {
                    await foreach (var item in _gateway.StreamAsync(since, cancellationToken).ConfigureAwait(false))
                    {
                        if (item.IsOpen)
                        {
                            yield return item;
                        }
                    }
                }

                public async Task<List<{{E}}>> FirstAsync(DateTime since, int count, CancellationToken cancellationToken)
                {
                    var first = new List<{{E}}>(count);
                    await foreach (var item in ChangedSinceAsync(since, cancellationToken).ConfigureAwait(false))
                    {
                        first.Add(item);
                        if (first.Count == count)
                        {
                            break;
                        }
                    }

                    return first;
                }

                public void Dispose() => _throttle.Dispose();
            }

            """;
    }

    /// <summary>A cache guarded by a <c>System.Threading.Lock</c>, every access under it.</summary>
    public static string LockedCache(Domain d, Random random)
    {
        var E = d.E;
        var name = d.Unique(E + PlainCode.Pick(random, "Cache", "Lookup", "Directory"));
        var capacity = random.Next(100, 10_000);
        return $$"""
            /// <summary>Recently used {{d.LowerPlural}}, shared by the request threads.</summary>
            public sealed class {{name}}
            {
                private readonly Lock _gate = new();
                private readonly Dictionary<int, {{E}}> _items = new();
                private readonly LinkedList<int> _recent = new();
                private int _hits;
                private int _misses;

                public bool TryGet(int id, out {{E}}? item)
                {
                    lock (_gate)
                    {
                        if (_items.TryGetValue(id, out item))
                        {
                            _hits++;
                            _recent.Remove(id);
                            _recent.AddFirst(id);
                            return true;
                        }

                        _misses++;
                        return false;
                    }
                }

                public void Put({{E}} item)
                {
                    lock (_gate)
                    {
                        if (_items.Count >= {{capacity}} && _recent.Last is { } oldest)
                        {
                            _items.Remove(oldest.Value);
                            _recent.RemoveLast();
                        }

                        _items[item.Id] = item;
                        _recent.Remove(item.Id);
                        _recent.AddFirst(item.Id);
                    }
                }

                public (int Hits, int Misses) Statistics
                {
                    get
                    {
                        lock (_gate)
                        {
                            return (_hits, _misses);
                        }
                    }
                }

                public IReadOnlyList<{{E}}> Snapshot()
                {
                    lock (_gate)
                    {
                        return _items.Values.ToList();
                    }
                }

                public void Clear()
                {
                    lock (_gate)
                    {
                        _items.Clear();
                        _recent.Clear();
                        _hits = 0;
                        _misses = 0;
                    }
                }
            }

            """;
    }

    /// <summary>A bounded producer/consumer queue on a monitor: <c>Wait</c> and <c>PulseAll</c> under the lock.</summary>
    public static string MonitorQueue(Domain d, Random random)
    {
        var E = d.E;
        var name = d.Unique(E + PlainCode.Pick(random, "WorkQueue", "Mailbox", "Backlog"));
        return $$"""
            /// <summary>Hands {{d.LowerPlural}} from the receiving thread to the workers; blocks when full.</summary>
            public sealed class {{name}}
            {
                private readonly object _sync = new();
                private readonly Queue<{{E}}> _queue = new();
                private readonly int _capacity;
                private bool _completed;

                public {{name}}(int capacity = {{random.Next(8, 256)}}) => _capacity = capacity;

                public void Add({{E}} item)
                {
                    lock (_sync)
                    {
                        while (_queue.Count >= _capacity && !_completed)
                        {
                            Monitor.Wait(_sync);
                        }

                        if (_completed)
                        {
                            throw new InvalidOperationException("The queue accepts no more {{d.LowerPlural}}.");
                        }

                        _queue.Enqueue(item);
                        Monitor.PulseAll(_sync);
                    }
                }

                public bool TryTake(TimeSpan timeout, out {{E}}? item)
                {
                    var taken = false;
                    try
                    {
                        Monitor.TryEnter(_sync, timeout, ref taken);
                        if (!taken || _queue.Count == 0)
                        {
                            item = null;
                            return false;
                        }

                        item = _queue.Dequeue();
                        Monitor.PulseAll(_sync);
                        return true;
                    }
                    finally
                    {
                        if (taken)
                        {
                            Monitor.Exit(_sync);
                        }
                    }
                }

                public void Complete()
                {
                    lock (_sync)
                    {
                        _completed = true;
                        Monitor.PulseAll(_sync);
                    }
                }
            }

            """;
    }

    /// <summary>Parallel loops that aggregate correctly: <c>Interlocked</c>, <c>localFinally</c> under a lock, concurrent bags.</summary>
    public static string ParallelStatistics(Domain d, Random random)
    {
        var E = d.E;
        var name = d.Unique(E + PlainCode.Pick(random, "Statistics", "Scanner", "Auditor"));
        var buckets = random.Next(4, 32);
        return $$"""
            /// <summary>Scans large batches of {{d.LowerPlural}} on all cores.</summary>
            public sealed class {{name}}
            {
                private readonly Lock _gate = new();
                private readonly ConcurrentBag<string> _warnings = new();
                private long _scanned;
                private decimal _largest;

                public long Scanned => Interlocked.Read(ref _scanned);

                public IReadOnlyCollection<string> Warnings => _warnings;

                public decimal Total(IReadOnlyList<{{E}}> {{d.LowerPlural}})
                {
                    decimal total = 0;
                    Parallel.ForEach(
                        {{d.LowerPlural}},
                        () => 0m,
                        (item, _, subtotal) =>
                        {
                            Interlocked.Increment(ref _scanned);
                            if (item.Amount < 0)
                            {
                                _warnings.Add($"{item.Code} has a negative amount");
                            }

                            return subtotal + item.Total;
                        },
                        subtotal =>
                        {
                            lock (_gate)
                            {
                                total += subtotal;
                                if (subtotal > _largest)
                                {
                                    _largest = subtotal;
                                }
                            }
                        });
                    return total;
                }

                public int[] AgeHistogram(IReadOnlyList<{{E}}> {{d.LowerPlural}}, DateTime now)
                {
                    var counts = new int[{{buckets}}];
                    Parallel.For(0, {{d.LowerPlural}}.Count, i =>
                    {
                        var bucket = Math.Clamp({{d.LowerPlural}}[i].AgeInDays(now) / 7, 0, {{buckets - 1}});
                        Interlocked.Increment(ref counts[bucket]);
                    });
                    return counts;
                }

                public {{E}}[] Normalize(IReadOnlyList<{{E}}> {{d.LowerPlural}})
                {
                    var result = new {{E}}[{{d.LowerPlural}}.Count];
                    Parallel.For(0, {{d.LowerPlural}}.Count, i =>
                    {
                        var item = {{d.LowerPlural}}[i];
                        result[i] = item with { Code = item.Code.Trim().ToUpperInvariant() };
                    });
                    return result;
                }

                public decimal Largest
                {
                    get
                    {
                        lock (_gate)
                        {
                            return _largest;
                        }
                    }
                }
            }

            """;
    }

    /// <summary>A concurrent index used one atomic call at a time.</summary>
    public static string ConcurrentIndex(Domain d, Random random)
    {
        var E = d.E;
        var name = d.Unique(E + PlainCode.Pick(random, "Index", "Registry", "Catalog"));
        return $$"""
            /// <summary>{{d.Es}} by code, shared by every request; each change is one atomic call.</summary>
            public sealed class {{name}}
            {
                private readonly ConcurrentDictionary<string, {{E}}> _byCode = new(StringComparer.OrdinalIgnoreCase);
                private readonly ConcurrentDictionary<{{E}}Status, int> _counts = new();

                public {{E}} GetOrCreate(string code, Func<string, {{E}}> create) => _byCode.GetOrAdd(code, create);

                public void Track({{E}} item)
                {
                    _byCode[item.Code] = item;
                    _counts.AddOrUpdate(item.Status, 1, (_, count) => count + 1);
                }

                public bool Forget(string code) => _byCode.TryRemove(code, out _);

                public int CountOf({{E}}Status status) => _counts.TryGetValue(status, out var count) ? count : 0;

                public IReadOnlyList<{{E}}> Matching(Func<{{E}}, bool> predicate) =>
                    _byCode.Values.Where(predicate).OrderBy(item => item.Code, StringComparer.Ordinal).ToList();
            }

            """;
    }

    /// <summary>A background loop started with <c>Task.Run</c> and stopped through a token.</summary>
    public static string Poller(Domain d, Random random)
    {
        var E = d.E;
        var name = d.Unique(E + PlainCode.Pick(random, "Poller", "Watcher", "Heartbeat"));
        return $$"""
            /// <summary>Polls for new {{d.LowerPlural}} every few hundred milliseconds until disposed.</summary>
            public sealed class {{name}} : IAsyncDisposable
            {
                private readonly CancellationTokenSource _stop = new();
                private readonly Func<CancellationToken, Task<int>> _poll;
                private Task? _loop;
                private long _found;

                public {{name}}(Func<CancellationToken, Task<int>> poll) => _poll = poll;

                public event EventHandler<int>? Found;

                public long TotalFound => Interlocked.Read(ref _found);

                public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

                private async Task RunAsync(CancellationToken cancellationToken)
                {
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        try
                        {
                            var found = await _poll(cancellationToken).ConfigureAwait(false);
                            if (found > 0)
                            {
                                Interlocked.Add(ref _found, found);
                                Found?.Invoke(this, found);
                            }

                            await Task.Delay({{random.Next(100, 1000)}}, cancellationToken).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                        {
                            break;
                        }
                    }
                }

                public async ValueTask DisposeAsync()
                {
                    await _stop.CancelAsync().ConfigureAwait(false);
                    if (_loop is not null)
                    {
                        await _loop.ConfigureAwait(false);
                    }

                    _stop.Dispose();
                }
            }

            """;
    }
}
