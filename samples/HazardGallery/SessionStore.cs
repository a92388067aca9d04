using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;

namespace HazardGallery;

/// <summary>Keeps user sessions in memory and persists them now and then.</summary>
public sealed class SessionStore
{
    private readonly Dictionary<string, DateTime> _sessions = new();
    private readonly object _gate = new();
    private object _persistGate = new();
    private object _statsGate = new();
    private bool _dirty;
    private int _lookups;

    public bool IsDirty => _dirty;

    public void Touch(string user)
    {
        // CTN3002: typeof(SessionStore) is the same object for every piece of code in the process.
        lock (typeof(SessionStore))
        {
            _sessions[user] = DateTime.UtcNow;
            _dirty = true;
        }
    }

    public void Persist(string path)
    {
        // CTN3003: _persistGate is replaced in Reset, so two threads can end up in here together.
        lock (_persistGate)
        {
            // CTN3008: the file write happens while every other Persist call waits for the lock.
            File.WriteAllText(path, string.Join(",", _sessions.Keys));
        }
    }

    public void Reset() => _persistGate = new object();

    public int Lookups()
    {
        // CTN3003: never reassigned, but nothing says it never will be; make it readonly.
        lock (_statsGate)
        {
            return ++_lookups;
        }
    }

    public void Forget(string user)
    {
        // CTN3004: a new object on every call; this lock excludes nothing.
        lock (new object())
        {
            _sessions.Remove(user);
        }
    }

    // CTN3009: locks this instance, which callers can lock too.
    [MethodImpl(MethodImplOptions.Synchronized)]
    public int Count() => _sessions.Count;

    public void MarkClean()
    {
        _dirty = false;

        // CTN3012: the monitor of _gate is not held here; this throws SynchronizationLockException.
        Monitor.PulseAll(_gate);
    }
}
