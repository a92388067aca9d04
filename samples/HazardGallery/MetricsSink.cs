using System.Threading;
using System.Threading.Tasks;

namespace HazardGallery;

/// <summary>Collects request metrics and flushes them to a remote sink.</summary>
public sealed class MetricsSink
{
    private readonly object _flushGate = new();
    private readonly object _countGate = new object(); // CTN3010: only ever locked; on .NET 9+ it can be a Lock

    // CTN3011: readonly on a SpinLock struct means every call spins on its own copy.
    private readonly SpinLock _spin = new SpinLock();
    private long _requests;
    private long _bytes;

    public void Record(long bytes)
    {
        var taken = false;
        try
        {
            _spin.Enter(ref taken);
            _bytes += bytes;
        }
        finally
        {
            if (taken)
            {
                _spin.Exit();
            }
        }

        lock (_countGate)
        {
            _requests++;
        }
    }

    public async Task FlushAsync(Task send)
    {
        // CTN3006: the code after the await may run on another thread, which cannot release this monitor.
        Monitor.Enter(_flushGate);
        try
        {
            await send;
        }
        finally
        {
            Monitor.Exit(_flushGate);
        }
    }
}
