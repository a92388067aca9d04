using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace ConcurrencyModels;

/// <summary>
/// A single-threaded event loop, like Python's asyncio loop or a UI thread: a <see cref="SynchronizationContext"/>
/// whose posted callbacks run one at a time, in order, on one dedicated thread. Code started on the loop comes back
/// to it after every await, so the loop is only as responsive as the longest stretch between two awaits.
/// </summary>
internal sealed class EventLoop : SynchronizationContext
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = new();

    private EventLoop()
    {
    }

    /// <summary>
    /// Starts a loop on a new thread, runs <paramref name="main"/> on it and keeps running callbacks until the task it
    /// returns completes; the returned task completes with it, off the loop.
    /// </summary>
    public static Task<T> RunAsync<T>(Func<Task<T>> main)
    {
        var loop = new EventLoop();
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => loop.Run(main, result)) { IsBackground = true, Name = "event loop" };
        thread.Start();
        return result.Task;
    }

    public override void Post(SendOrPostCallback d, object? state)
    {
        try
        {
            _queue.Add((d, state));
        }
        catch (InvalidOperationException)
        {
            // The loop has ended (main completed): a straggler still runs, on the thread pool.
            ThreadPool.QueueUserWorkItem(_ => d(state));
        }
    }

    /// <summary>A call that waits for the loop from another thread is not what this loop is for.</summary>
    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("the event loop only runs posted callbacks");

    public override SynchronizationContext CreateCopy() => this;

    private void Run<T>(Func<Task<T>> main, TaskCompletionSource<T> result)
    {
        SetSynchronizationContext(this);
        var task = main();
        task.ContinueWith(_ => _queue.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        foreach (var (callback, state) in _queue.GetConsumingEnumerable())
        {
            callback(state);
        }

        result.SetFromTask(task);
    }
}
