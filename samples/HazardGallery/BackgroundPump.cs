using System.Threading;

namespace HazardGallery;

/// <summary>Moves queued log lines to the sink on a thread of its own until told to stop.</summary>
public sealed class BackgroundPump
{
    private readonly Thread _thread;
    private bool _stopping;
    private long _pumped;

    public BackgroundPump() => _thread = new Thread(Pump) { IsBackground = true };

    public long Pumped => Interlocked.Read(ref _pumped);

    public void Start() => _thread.Start();

    public void Stop()
    {
        _stopping = true;
        _thread.Join();
    }

    private void Pump()
    {
        while (!_stopping)
        {
            Interlocked.Increment(ref _pumped);
        }
    }
}
