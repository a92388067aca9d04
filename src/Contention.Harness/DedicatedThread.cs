using System;
using System.Threading;

namespace Contention.Harness;

/// <summary>
/// One background thread making one call, for scenarios that must end a wait that never ends on its own: the
/// watchdog interrupts the thread (a blocked <c>Monitor.Enter</c> or <c>lock</c> then throws
/// <see cref="ThreadInterruptedException"/>). The exception the call ended with is kept, not rethrown.
/// </summary>
internal sealed class DedicatedThread
{
    private readonly Thread _thread;
    private Exception? _failure;

    private DedicatedThread(string name, Action call)
    {
        _thread = new Thread(() =>
        {
            try
            {
                call();
            }
            catch (AggregateException e) when (e.InnerExceptions.Count == 1)
            {
                // A task waited on: its own exception is the story.
                Volatile.Write(ref _failure, e.InnerException);
            }
            catch (Exception e)
            {
                Volatile.Write(ref _failure, e);
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
    }

    /// <summary>The exception the call ended with, unwrapped from a single-exception <see cref="AggregateException"/>.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>The call ended because the watchdog interrupted it.</summary>
    public bool WasInterrupted => Failure is ThreadInterruptedException;

    public static DedicatedThread Start(string name, Action call)
    {
        var thread = new DedicatedThread(name, call);
        thread._thread.Start();
        return thread;
    }

    public bool Join(TimeSpan timeout) => _thread.Join(timeout);

    /// <summary>
    /// Makes <paramref name="call"/> on a new thread and waits up to <paramref name="watchdog"/> for it to return; a
    /// call still blocked then is interrupted. <c>Stuck</c> says the thread did not end even after the interrupt.
    /// </summary>
    public static (bool Returned, Exception? Failure, bool Stuck) RunWithWatchdog(string name, Action call, TimeSpan watchdog)
    {
        var thread = Start(name, call);
        if (thread.Join(watchdog))
        {
            return (true, thread.Failure, false);
        }

        return (false, thread.Failure, !thread.InterruptAndJoin());
    }

    /// <summary>Interrupts the thread and gives it <see cref="WorkerGroup.JoinTimeout"/> to end; false if it did not.</summary>
    public bool InterruptAndJoin()
    {
        _thread.Interrupt();
        return _thread.Join(WorkerGroup.JoinTimeout);
    }
}
