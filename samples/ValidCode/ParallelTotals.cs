using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace ValidCode;

/// <summary>Totals kept safely from parallel code: Interlocked, per-thread subtotals, locks, owned objects (CTN2001, CTN2002 stay silent).</summary>
public sealed class ParallelTotals
{
    private readonly Lock _gate = new();
    private int _processed;
    private long _largest;

    public int Processed => Volatile.Read(ref _processed);

    public long Sum(IReadOnlyList<int> values)
    {
        long total = 0;
        Parallel.For(
            0,
            values.Count,
            () => 0L,
            (i, _, subtotal) => subtotal + values[i],
            subtotal => Interlocked.Add(ref total, subtotal));
        Parallel.For(0, values.Count, i => Interlocked.Increment(ref _processed));
        return total;
    }

    public void TrackLargest(IEnumerable<long> sizes) =>
        Parallel.ForEach(sizes, size =>
        {
            lock (_gate)
            {
                if (size > _largest)
                {
                    _largest = _largest + (size - _largest);
                }
            }
        });

    public int CountSequentially(IEnumerable<string> names)
    {
        var count = 0;
        foreach (var name in names)
        {
            count += name.Length;
        }

        names.ToList().ForEach(name => count++);
        return count;
    }

    public async Task<int> StartOnceAsync()
    {
        var once = 0;
        await Task.Run(() => once++);
        return once;
    }
}
