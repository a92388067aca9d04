using System;
using System.Threading;
using System.Threading.Tasks;

namespace ValidCode;

/// <summary>Sleeps that do not block async code (CTN1002 stays silent).</summary>
public sealed class AsyncWithoutBlocking
{
    /// <summary>The fixed form: waits without holding a thread.</summary>
    public async Task PollAsync(Func<bool> done, CancellationToken cancellationToken)
    {
        while (!done())
        {
            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>A synchronous lambda handed to the thread pool is synchronous code, even inside an async method.</summary>
    public async Task<int> OffloadAsync()
    {
        return await Task.Run(() =>
        {
            Thread.Sleep(10); // simulates CPU-bound or legacy blocking work on a pool thread, on purpose
            return 42;
        });
    }

    /// <summary>A synchronous local function is only blocking when called; calling it is another rule's business.</summary>
    public async Task WarmUpAsync()
    {
        await Task.Yield();
        var ready = Spin(3);
        GC.KeepAlive(ready);

        static bool Spin(int rounds)
        {
            for (var i = 0; i < rounds; i++)
            {
                Thread.Sleep(0); // yields the time slice; does not hold the thread
            }

            return true;
        }
    }

    /// <summary>Synchronous code may sleep: it has no continuation to starve.</summary>
    public void Backoff(int attempt) => Thread.Sleep(Math.Min(1000, 10 * attempt));

    /// <summary>Returns a task but is not async: the sleep happens before the caller gets the task back.</summary>
    public Task ThrottleAsync()
    {
        Backoff(1);
        return Task.CompletedTask;
    }
}
