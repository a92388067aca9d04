using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ValidCode;

/// <summary>
/// Shared state handled safely: concurrent collections, per-run collections, one-call cache updates, volatile and
/// lazy initialization, a volatile stop flag, ThreadLocal and '?.Invoke' (CTN2003 to CTN2010 stay silent).
/// </summary>
public sealed class SafeSharedState
{
    private static readonly Lazy<SafeSharedState> s_lazy = new(() => new SafeSharedState());
    private static readonly Lock s_gate = new();
    private static volatile SafeSharedState? s_current;
    private static readonly ThreadLocal<int> t_depth = new(() => 1);

    [ThreadStatic]
    private static int t_calls;

    private readonly ConcurrentBag<string> _slowPages = new();
    private readonly ConcurrentDictionary<string, decimal> _quotes = new();
    private readonly Lock _gate = new();
    private readonly List<string> _log = new();
    private volatile bool _stopping;

    public event EventHandler<decimal>? PriceChanged;

    public static SafeSharedState Shared => s_lazy.Value;

    public static SafeSharedState Current
    {
        get
        {
            if (s_current == null)
            {
                lock (s_gate)
                {
                    if (s_current == null)
                    {
                        s_current = new SafeSharedState();
                    }
                }
            }

            return s_current;
        }
    }

    public static int Depth => t_depth.Value + t_calls;

    public static void Enter() => t_calls++; // per thread: no other thread sees it

    public int Measure(IEnumerable<string> urls)
    {
        Parallel.ForEach(urls, url =>
        {
            var parts = new List<string>(url.Split('/')); // one list per run
            parts.Add("end");
            _slowPages.Add(url);
            lock (_gate)
            {
                _log.Add(url);
            }
        });
        return _slowPages.Count;
    }

    public decimal Quote(string product) => _quotes.GetOrAdd(product, p => p.Length * 1.5m);

    public void Publish(decimal price) => PriceChanged?.Invoke(this, price);

    public long Pump()
    {
        long spins = 0;
        while (!_stopping)
        {
            spins++;
        }

        return spins;
    }

    public void Stop() => _stopping = true;
}

/// <summary>A lock contract kept: every access to the guarded field holds the lock it names (CTN2009 stays silent).</summary>
public sealed class GuardedCounter
{
    private readonly Lock _gate = new();

    [GuardedBy(nameof(_gate))]
    private int _count;

    public GuardedCounter(int start) => _count = start;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    public void Add(int amount)
    {
        lock (_gate)
        {
            AddLocked(amount);
        }
    }

    [RequiresLock(nameof(_gate))]
    private void AddLocked(int amount) => _count += amount;
}

/// <summary>
/// Locking that is consistent where it matters (CTN2004 stays silent): state set up in the constructor, changed under the
/// lock directly or in a helper only called with it held, read without it for display, torn down in Dispose, and a
/// flag and a counter that are volatile and Interlocked instead of locked.
/// </summary>
public sealed class ConnectionTracker : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, DateTime> _open;
    private int _peak;
    private volatile bool _draining;
    private long _rejected;

    public ConnectionTracker(int capacity)
    {
        _open = new Dictionary<int, DateTime>(capacity);
        _peak = 0;
    }

    public int Peak => _peak; // a snapshot for a dashboard; an int read is never torn

    public bool TryOpen(int id)
    {
        if (_draining)
        {
            Interlocked.Increment(ref _rejected);
            return false;
        }

        lock (_gate)
        {
            _open[id] = DateTime.UtcNow;
            UpdatePeak();
            return true;
        }
    }

    public void Close(int id)
    {
        lock (_gate)
        {
            _open.Remove(id);
        }
    }

    public void Drain()
    {
        _draining = true;
        Interlocked.Exchange(ref _rejected, 0);
    }

    public void Dispose()
    {
        _open.Clear();
        _peak = 0;
    }

    private void UpdatePeak()
    {
        if (_open.Count > _peak)
        {
            _peak = _open.Count;
        }
    }
}

[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
internal sealed class GuardedByAttribute(string lockName) : Attribute
{
    public string LockName { get; } = lockName;
}

[AttributeUsage(AttributeTargets.Method)]
internal sealed class RequiresLockAttribute(string lockName) : Attribute
{
    public string LockName { get; } = lockName;
}
