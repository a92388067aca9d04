using System.Collections.Generic;
using System.Threading;

namespace HazardGallery;

/// <summary>Counts requests per client in the current window and turns away the ones over their limit.</summary>
public sealed class RateLimiter
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _counts = new();

    public bool Allow(string client, int limit)
    {
        lock (_gate)
        {
            _counts.TryGetValue(client, out var count);
            _counts[client] = count + 1;
            return count < limit;
        }
    }

    public void StartNewWindow()
    {
        // CTN2004: every other access to _counts holds _gate; an Allow call can be inside the dictionary while this clears it.
        _counts.Clear();
    }
}
