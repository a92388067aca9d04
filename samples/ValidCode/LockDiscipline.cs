using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace ValidCode;

/// <summary>Locks held briefly, on stable private objects, with Monitor signalling under the lock (CTN3002–CTN3012 stay silent).</summary>
public sealed class LockDiscipline
{
    private static readonly object s_typeGate = new();
    private readonly object _gate = new();
    private readonly Queue<string> _pending = new();
    private readonly StreamWriter _log = new(new MemoryStream());

    public static void Configure()
    {
        lock (s_typeGate)
        {
            GC.KeepAlive(s_typeGate);
        }
    }

    public void Enqueue(string item)
    {
        lock (_gate)
        {
            _pending.Enqueue(item);
            Monitor.Pulse(_gate);
        }
    }

    public string Dequeue()
    {
        lock (_gate)
        {
            while (_pending.Count == 0)
            {
                Monitor.Wait(_gate); // releases the lock while waiting
            }

            return _pending.Dequeue();
        }
    }

    /// <summary>Blocking work happens outside the lock; only the shared state is touched inside.</summary>
    public void Flush(string path)
    {
        string[] snapshot;
        lock (_gate)
        {
            snapshot = _pending.ToArray();
        }

        File.WriteAllLines(path, snapshot);
        Thread.Sleep(1);
    }

    /// <summary>A writer is an ordinary object on .NET, not a remoting proxy.</summary>
    public void Log(string line)
    {
        lock (_log)
        {
            _log.WriteLine(line);
        }
    }

    /// <summary>A lock taken on a copy of the shared gate is the same lock.</summary>
    public int Count()
    {
        var gate = _gate;
        lock (gate)
        {
            return _pending.Count;
        }
    }

    private void PulseUnderCallersLock() => Monitor.PulseAll(_gate);
}

/// <summary>Async code that awaits a SemaphoreSlim, and a SpinLock kept as a mutable field (CTN3006/CTN3011 silent).</summary>
public sealed class AsyncSafeLocks
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);
    private readonly Lock _counterGate = new();
    private SpinLock _spin = new(enableThreadOwnerTracking: false);
    private long _total;

    public async System.Threading.Tasks.Task AddAsync(System.Threading.Tasks.Task<long> amount)
    {
        await _semaphore.WaitAsync();
        try
        {
            _total += await amount;
        }
        finally
        {
            _semaphore.Release();
        }
    }

    public void AddFast(long amount)
    {
        var taken = false;
        try
        {
            _spin.Enter(ref taken);
            _total += amount;
        }
        finally
        {
            if (taken)
            {
                _spin.Exit();
            }
        }

        lock (_counterGate)
        {
            _total++;
        }
    }
}

/// <summary>
/// Two locks always nested in one order, and explicit acquisitions released in a finally right after them
/// (CTN3005 and CTN3007 silent).
/// </summary>
public sealed class OrderedTransfers
{
    private readonly object _balancesGate = new();
    private readonly object _auditGate = new();
    private readonly Dictionary<string, decimal> _balances = new();
    private readonly List<string> _audit = new();

    public void Transfer(string from, string to, decimal amount)
    {
        lock (_balancesGate)
        {
            _balances[from] = _balances.GetValueOrDefault(from) - amount;
            _balances[to] = _balances.GetValueOrDefault(to) + amount;
            lock (_auditGate)
            {
                _audit.Add($"{from} -> {to}: {amount}");
            }
        }
    }

    public bool TryReconcile()
    {
        // Balances first here too: one order everywhere.
        if (!Monitor.TryEnter(_balancesGate, 100))
        {
            return false;
        }

        try
        {
            Monitor.Enter(_auditGate);
            try
            {
                _audit.Add($"reconciled {_balances.Count} accounts");
                return true;
            }
            finally
            {
                Monitor.Exit(_auditGate);
            }
        }
        finally
        {
            Monitor.Exit(_balancesGate);
        }
    }
}
