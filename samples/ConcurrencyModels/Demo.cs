using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace ConcurrencyModels;

/// <summary>Which options a demo takes.</summary>
internal enum DemoKind
{
    /// <summary>A spinner while a slow step runs: <c>--seconds</c>.</summary>
    Spinner,

    /// <summary>CPU-bound work three ways: <c>--workers</c>, <c>--count</c>.</summary>
    Primes,
}

/// <summary>One demo: its command-line name, its line in <c>--help</c>, and the method that runs it.</summary>
internal sealed record Demo(string Name, DemoKind Kind, string Summary, Func<TextWriter, DemoOptions, Task<int>> RunAsync)
{
    public static readonly IReadOnlyList<Demo> All = new Demo[]
    {
        new("spinner-thread", DemoKind.Spinner, "a spinner turns while a Thread does CPU-bound work", SpinnerDemos.RunThreadAsync),
        new("spinner-process", DemoKind.Spinner, "a spinner turns while a child Process does the same work", SpinnerDemos.RunProcessAsync),
        new("spinner-async", DemoKind.Spinner, "a spinner turns while an async method awaits a slow call", SpinnerDemos.RunAsyncAsync),
        new("spinner-loop-blocked", DemoKind.Spinner, "single-threaded event loop: Thread.Sleep in an async method freezes the spinner", EventLoopDemos.RunBlockedAsync),
        new("spinner-loop", DemoKind.Spinner, "single-threaded event loop: await Task.Delay keeps the spinner turning", EventLoopDemos.RunAsync),
        new("primes", DemoKind.Primes, "CPU-bound work sequential, on N threads and in N processes, with the speed-ups", PrimesDemo.RunAsync),
    };

    public static Demo? Find(string name) => All.FirstOrDefault(d => d.Name == name);
}
