using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using ConcurrencyModels;
using Xunit;

namespace Contention.Samples.Tests;

public class EventLoopTests
{
    [Fact]
    public async Task Code_started_on_the_loop_runs_on_its_one_thread_after_every_await()
    {
        var caller = Environment.CurrentManagedThreadId;
        var threads = await EventLoop.RunAsync(async () =>
        {
            // Only the loop's thread touches the list, one callback at a time: that is what is being tested.
            var seen = new List<int> { Environment.CurrentManagedThreadId };
            await Task.Yield();
            seen.Add(Environment.CurrentManagedThreadId);
            await Task.Delay(20);
            seen.Add(Environment.CurrentManagedThreadId);
            await Task.WhenAll(Task.Delay(10), Task.Run(() => { }));
            seen.Add(Environment.CurrentManagedThreadId);
            return seen;
        });

        Assert.Equal(4, threads.Count);
        Assert.Single(threads.Distinct());
        Assert.NotEqual(caller, threads[0]);
    }

    [Fact]
    public async Task An_exception_in_main_reaches_the_caller()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => EventLoop.RunAsync<int>(async () =>
        {
            await Task.Yield();
            throw new InvalidOperationException("boom");
        }));

        Assert.Equal("boom", e.Message);
    }
}
