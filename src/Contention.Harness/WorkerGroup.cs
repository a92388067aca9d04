using System;
using System.Diagnostics;
using System.Threading;

namespace Contention.Harness;

/// <summary>
/// Dedicated worker threads for in-process scenarios. The workers start, wait until all of them are running, and
/// are released at once, so their work overlaps as much as the machine allows. Each runs its body once and returns
/// how many operations it did; a watchdog can ask them to stop (their body checks the token), and they are joined
/// with a deadline. They are background threads: a stuck one is abandoned rather than hanging the harness. An
/// exception in a body is kept and rethrown by <see cref="ThrowIfFaulted"/> instead of crashing the process.
/// </summary>
internal sealed class WorkerGroup
{
    /// <summary>How long workers that should end promptly (released from a hold, told to stop) get to do so.</summary>
    public static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(10);

    private readonly Thread[] _threads;
    private readonly long[] _operations;
    private readonly long[] _finishedAt;
    private readonly CountdownEvent _ready;
    private readonly CountdownEvent _finished;
    private readonly ManualResetEventSlim _go = new();
    private readonly CancellationTokenSource _stop = new();
    private long _releasedAt;
    private Exception? _fault;

    // The events are never disposed: an abandoned worker may still touch them, and they hold no kernel handle.
    private WorkerGroup(int count, string name, Func<int, CancellationToken, long> body)
    {
        _threads = new Thread[count];
        _operations = new long[count];
        _finishedAt = new long[count];
        _ready = new CountdownEvent(count);
        _finished = new CountdownEvent(count);
        for (var w = 0; w < count; w++)
        {
            var index = w;
            _threads[w] = new Thread(() => Work(index, body)) { IsBackground = true, Name = $"{name} {w}" };
        }
    }

    /// <summary>Every worker finished its body (returned or threw).</summary>
    public bool IsFinished => _finished.IsSet;

    /// <summary>Workers whose body has not returned yet.</summary>
    public int Unfinished => _finished.CurrentCount;

    /// <summary>The operations the finished workers reported.</summary>
    public long Operations
    {
        get
        {
            var sum = 0L;
            for (var i = 0; i < _operations.Length; i++)
            {
                sum += Volatile.Read(ref _operations[i]);
            }

            return sum;
        }
    }

    /// <summary>From the release to the last worker's finish (or to now, while some are still running).</summary>
    public TimeSpan Elapsed =>
        Stopwatch.GetElapsedTime(Volatile.Read(ref _releasedAt), IsFinished ? LastFinish : Stopwatch.GetTimestamp());

    /// <summary>The <see cref="Stopwatch"/> timestamp at which the last worker finished; meaningful once all have.</summary>
    public long LastFinish
    {
        get
        {
            var last = 0L;
            for (var i = 0; i < _finishedAt.Length; i++)
            {
                last = Math.Max(last, Volatile.Read(ref _finishedAt[i]));
            }

            return last;
        }
    }

    /// <summary>
    /// Starts <paramref name="count"/> workers named <paramref name="name"/> N. Each waits for <see cref="Release"/>,
    /// then runs <paramref name="body"/>(its index, the stop token) and reports the operations it returns.
    /// </summary>
    public static WorkerGroup Start(int count, string name, Func<int, CancellationToken, long> body)
    {
        var group = new WorkerGroup(count, name, body);
        foreach (var thread in group._threads)
        {
            thread.Start();
        }

        return group;
    }

    /// <summary>
    /// Starts the workers, releases them together and waits until they finish or <paramref name="watchdog"/> passes;
    /// then stops and joins them. Returns the group to read the outcome from.
    /// </summary>
    public static WorkerGroup Run(
        int count, string name, Func<int, CancellationToken, long> body, TimeSpan watchdog, CancellationToken cancellationToken)
    {
        var group = Start(count, name, body);
        group.Release();
        try
        {
            group.WaitFinished(watchdog, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: the workers stop too, rather than run on behind the harness's back.
            group._stop.Cancel();
            throw;
        }

        group.StopAndJoin();
        return group;
    }

    /// <summary>
    /// A worker body that makes <paramref name="operation"/> <paramref name="iterations"/> times, or fewer if told to
    /// stop, and reports how many it made. It looks at the stop token every <paramref name="stopCheckInterval"/>
    /// calls: every call for slow operations, every few hundred to keep a loop of fast ones as tight as they are.
    /// </summary>
    public static Func<int, CancellationToken, long> Repeat(int iterations, Action operation, int stopCheckInterval = 1) => (_, stop) =>
    {
        var done = 0;
        while (done < iterations)
        {
            operation();
            done++;
            if (done % stopCheckInterval == 0 && stop.IsCancellationRequested)
            {
                break;
            }
        }

        return done;
    };

    /// <summary>Waits until every worker is running, then lets them all go at once.</summary>
    public void Release()
    {
        if (!_ready.Wait(JoinTimeout))
        {
            throw new InvalidOperationException($"{_ready.CurrentCount} worker threads did not start within {JoinTimeout.TotalSeconds:0} s");
        }

        Volatile.Write(ref _releasedAt, Stopwatch.GetTimestamp());
        _go.Set();
    }

    /// <summary>True when every worker finished within <paramref name="timeout"/>.</summary>
    public bool WaitFinished(TimeSpan timeout, CancellationToken cancellationToken) => _finished.Wait(timeout, cancellationToken);

    /// <summary>
    /// Asks the workers to stop and waits up to <see cref="JoinTimeout"/> for them. Workers still running then are
    /// abandoned and counted in <see cref="Unfinished"/>. Rethrows a worker's exception.
    /// </summary>
    public void StopAndJoin()
    {
        _stop.Cancel();
        Join(JoinTimeout);
        ThrowIfFaulted();
    }

    /// <summary>Joins every worker within one deadline; false if some are still running.</summary>
    public bool Join(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        return Array.TrueForAll(_threads, t => t.Join(clock.Elapsed < timeout ? timeout - clock.Elapsed : TimeSpan.Zero));
    }

    /// <summary>A worker's exception is a bug in the scenario: it fails the run rather than the process.</summary>
    public void ThrowIfFaulted()
    {
        if (Volatile.Read(ref _fault) is { } fault)
        {
            throw new InvalidOperationException($"a worker thread failed: {fault.GetType().Name}: {fault.Message}", fault);
        }
    }

    private void Work(int index, Func<int, CancellationToken, long> body)
    {
        _ready.Signal();
        _go.Wait();
        try
        {
            Volatile.Write(ref _operations[index], body(index, _stop.Token));
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _fault, e, null);
        }
        finally
        {
            Volatile.Write(ref _finishedAt[index], Stopwatch.GetTimestamp());
            _finished.Signal();
        }
    }
}
