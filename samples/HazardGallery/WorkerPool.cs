using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace HazardGallery;

/// <summary>A pool of background workers that warms up once and then processes jobs.</summary>
public sealed class WorkerPool
{
    private readonly ManualResetEventSlim _warmedUp = new();
    private readonly List<string> _done = new();

    public void MarkWarmedUp() => _warmedUp.Set();

    public async Task ReadyAsync()
    {
        await Task.Yield();

        // CTN1004: holds the thread until another thread sets the event; there is no async Wait.
        _warmedUp.Wait();
    }

    // CTN1006: the caller cannot await it, and an exception in it crashes the process.
    public async void ProcessAsync(string job)
    {
        await ReadyAsync();
        _done.Add(job);
    }

    public void ProcessAll(List<string> jobs)
    {
        // CTN1006: List<T>.ForEach takes an Action, so these async lambdas are async void.
        jobs.ForEach(async job => await Task.Run(() => Console.WriteLine(job)));
    }
}
