using System;
using System.Collections.Generic;
using System.Threading;

namespace HazardGallery;

/// <summary>Seats held for pending orders; the lock that guards each field is written on it.</summary>
public sealed class Reservations
{
    private readonly Lock _gate = new();

    [GuardedBy(nameof(_gate))]
    private readonly Dictionary<string, int> _held = new();

    [GuardedBy(nameof(_gate))]
    private int _total;

    public void Hold(string order, int seats)
    {
        lock (_gate)
        {
            _held[order] = seats;
            _total += seats;
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

    public void Cancel(string order)
    {
        _held.Remove(order);
    }
}

/// <summary>The team's one-line contract attribute: Contention checks it by name.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
internal sealed class GuardedByAttribute(string lockName) : Attribute
{
    public string LockName { get; } = lockName;
}
