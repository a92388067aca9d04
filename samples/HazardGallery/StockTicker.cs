using System;

namespace HazardGallery;

/// <summary>Publishes price changes to whoever subscribed, from the feed's thread.</summary>
public sealed class StockTicker
{
    public event EventHandler<decimal>? PriceChanged;

    public void Publish(decimal price)
    {
        if (PriceChanged != null)
        {
            PriceChanged(this, price);
        }
    }
}
