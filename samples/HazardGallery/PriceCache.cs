using System.Collections.Concurrent;

namespace HazardGallery;

/// <summary>Caches quotes per product; callers on many threads ask at once.</summary>
public sealed class PriceCache
{
    private readonly ConcurrentDictionary<string, Quote> _quotes = new();

    public Quote Get(string product)
    {
        if (!_quotes.TryGetValue(product, out var quote))
        {
            quote = new Quote(product, product.Length * 1.5m);
            _quotes[product] = quote;
        }

        return quote;
    }
}

public sealed record Quote(string Product, decimal Price);
