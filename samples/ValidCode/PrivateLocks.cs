using System;
using System.Collections;
using System.Collections.Generic;
using System.Threading;

namespace ValidCode;

/// <summary>Locks that nobody outside the type can take (CTN3001 stays silent).</summary>
public sealed class PrivateLocks
{
    private static readonly Lock s_registryGate = new();
    private static readonly List<string> s_registry = new();

    private readonly Lock _gate = new();
    private readonly object _monitorGate = new();
    private readonly Queue<int> _queue = new();

    public static void Register(string name)
    {
        lock (s_registryGate)
        {
            s_registry.Add(name);
        }
    }

    public void Enqueue(int item)
    {
        lock (_monitorGate)
        {
            _queue.Enqueue(item);
            Monitor.Pulse(_monitorGate);
        }
    }

    public int Dequeue()
    {
        lock (_monitorGate)
        {
            while (_queue.Count == 0)
            {
                Monitor.Wait(_monitorGate);
            }

            return _queue.Dequeue();
        }
    }

    public int Count()
    {
        lock (_gate)
        {
            return _queue.Count;
        }
    }

    /// <summary>Private nested type: its public field is only reachable from this type.</summary>
    private sealed class Slot
    {
        public readonly object Gate = new();
        public int Value;

        public void Set(int value)
        {
            lock (Gate)
            {
                Value = value;
            }
        }
    }
}

/// <summary>
/// A lock protocol shared on purpose: the caller hands in the object both sides lock, or the collection
/// publishes its <c>SyncRoot</c> so callers can synchronize with it.
/// </summary>
public sealed class SharedProtocol : ICollection
{
    private readonly object _syncRoot = new();
    private readonly ArrayList _items = new();

    public object SyncRoot => _syncRoot;

    public int Count
    {
        get
        {
            lock (SyncRoot)
            {
                return _items.Count;
            }
        }
    }

    public bool IsSynchronized => true;

    public static void Transfer(SharedProtocol from, SharedProtocol to, object ledgerGate)
    {
        lock (ledgerGate)
        {
            lock (from.SyncRoot)
            {
                to.CopyFrom(from);
            }
        }
    }

    public void CopyTo(Array array, int index)
    {
        lock (_syncRoot)
        {
            _items.CopyTo(array, index);
        }
    }

    public IEnumerator GetEnumerator()
    {
        lock (_syncRoot)
        {
            return ((ArrayList)_items.Clone()).GetEnumerator();
        }
    }

    private void CopyFrom(SharedProtocol other)
    {
        lock (_syncRoot)
        {
            _items.AddRange(other._items);
        }
    }
}
