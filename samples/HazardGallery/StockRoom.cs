using System.Collections.Generic;
using System.Threading;

namespace HazardGallery;

/// <summary>Counts the items on the shelves.</summary>
public sealed class StockRoom
{
    private readonly object _shelvesGate = new();
    private readonly Dictionary<string, int> _shelves = new();

    public void Receive(string item, int count)
    {
        // CTN3005: if Add throws (the item is already on a shelf), Exit never runs and the monitor stays held.
        Monitor.Enter(_shelvesGate);
        _shelves.Add(item, count);
        Monitor.Exit(_shelvesGate);
    }

    public int Count(string item)
    {
        Monitor.Enter(_shelvesGate);
        try
        {
            return _shelves.GetValueOrDefault(item);
        }
        finally
        {
            Monitor.Exit(_shelvesGate);
        }
    }
}
