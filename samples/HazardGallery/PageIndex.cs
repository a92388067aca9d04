using System.Collections.Generic;
using System.Threading.Tasks;

namespace HazardGallery;

/// <summary>Fetches pages in parallel and remembers which ones were slow.</summary>
public sealed class PageIndex
{
    private readonly List<string> _slowPages = new();

    public int SlowCount => _slowPages.Count;

    public void Measure(IEnumerable<string> urls)
    {
        Parallel.ForEach(urls, url =>
        {
            if (Fetch(url) > 200)
            {
                _slowPages.Add(url);
            }
        });
    }

    private static int Fetch(string url) => url.Length * 10;
}
