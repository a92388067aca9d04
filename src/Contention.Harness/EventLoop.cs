using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace Contention.Harness;

/// <summary>
/// A single-threaded event loop, like a UI thread or an asyncio loop: one dedicated thread runs posted callbacks
/// one at a time and is their <see cref="SynchronizationContext"/>, so code awaiting on it comes back to it.
/// </summary>
internal sealed class EventLoop : SynchronizationContext, IDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = new();
    private readonly Thread _thread;
    private Exception? _fault;
    private bool _closed;

    public EventLoop(string name)
    {
        // Background: a callback that never returns cannot keep the process alive.
        _thread = new Thread(Pump) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>The first exception a callback threw, if any; the loop keeps running after it.</summary>
    public Exception? Fault => Volatile.Read(ref _fault);

    /// <summary>Callbacks posted and not yet started: what waits behind the one running.</summary>
    public int Pending => _queue.Count;

    public override void Post(SendOrPostCallback d, object? state)
    {
        try
        {
            _queue.Add((d, state));
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            // Posted after shutdown (a late heartbeat tick or continuation): the loop is gone, so is the work.
        }
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("The event loop only accepts posted work.");

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Starts <paramref name="work"/> on the loop thread; its awaits resume on the loop.</summary>
    public Task InvokeAsync(Func<Task> work)
    {
        var started = new TaskCompletionSource<Task>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(_ => started.SetResult(work()), null);
        return started.Task.Unwrap();
    }

    public void Dispose()
    {
        // Work still queued is dropped, like a closed window's: only a callback already running is waited for.
        Volatile.Write(ref _closed, true);
        _queue.CompleteAdding();
        // A loop still stuck in a callback after the timeout is abandoned (it is a background thread);
        // its queue is then left to the GC rather than disposed under it.
        if (_thread.Join(ShutdownTimeout))
        {
            _queue.Dispose();
        }
    }

    private void Pump()
    {
        SetSynchronizationContext(this);
        foreach (var (callback, state) in _queue.GetConsumingEnumerable())
        {
            if (Volatile.Read(ref _closed))
            {
                break;
            }

            try
            {
                callback(state);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _fault, e, null);
            }
        }
    }
}
