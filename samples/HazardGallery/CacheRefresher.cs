using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace HazardGallery;

/// <summary>A cache that refreshes itself in the background, with a retry backoff.</summary>
public sealed class CacheRefresher
{
    private readonly Func<CancellationToken, Task<IReadOnlyDictionary<string, string>>> _load;
    private IReadOnlyDictionary<string, string> _entries = new Dictionary<string, string>();

    public CacheRefresher(Func<CancellationToken, Task<IReadOnlyDictionary<string, string>>> load) => _load = load;

    public IReadOnlyDictionary<string, string> Entries => _entries;

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                _entries = await _load(cancellationToken);
                return;
            }
            catch (TimeoutException) when (attempt < 3)
            {
                // CTN1002: blocks the thread running this continuation for the whole backoff.
                Thread.Sleep(200 * attempt);
            }
        }
    }
}
