using System;
using System.Diagnostics;
using System.Threading;
using Xunit;

namespace Contention.Harness.Tests;

/// <summary>The in-process worker threads: the harness always gets its answer or its time back.</summary>
public class WorkerGroupTests
{
    [Fact]
    public void Workers_report_the_operations_they_did()
    {
        var workers = WorkerGroup.Run(3, "test worker", (index, _) => index + 1, TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.True(workers.IsFinished);
        Assert.Equal(0, workers.Unfinished);
        Assert.Equal(6, workers.Operations);
    }

    [Fact]
    public void The_watchdog_stops_workers_that_check_the_token()
    {
        var clock = Stopwatch.StartNew();

        var workers = WorkerGroup.Run(
            2,
            "test worker",
            (_, stop) =>
            {
                var done = 0L;
                while (!stop.IsCancellationRequested)
                {
                    done++;
                }

                return done;
            },
            TimeSpan.FromMilliseconds(50),
            CancellationToken.None);

        Assert.True(workers.IsFinished);
        Assert.True(workers.Operations > 0);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    [Fact]
    public void A_stuck_worker_is_abandoned_and_counted_not_waited_for_forever()
    {
        using var never = new ManualResetEventSlim();
        var workers = WorkerGroup.Start(2, "test worker", (index, _) =>
        {
            if (index == 1)
            {
                never.Wait();
            }

            return 1;
        });
        workers.Release();

        Assert.False(workers.WaitFinished(TimeSpan.FromMilliseconds(50), CancellationToken.None));
        Assert.False(workers.Join(TimeSpan.FromMilliseconds(50)));
        Assert.Equal(1, workers.Unfinished);
        Assert.Equal(1, workers.Operations);

        never.Set();
        Assert.True(workers.Join(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void A_worker_exception_fails_the_run_instead_of_the_process()
    {
        var e = Assert.Throws<InvalidOperationException>(() => WorkerGroup.Run(
            2, "test worker", (index, _) => index == 0 ? throw new FormatException("boom") : 1, TimeSpan.FromSeconds(30), CancellationToken.None));

        Assert.Equal("a worker thread failed: FormatException: boom", e.Message);
        Assert.IsType<FormatException>(e.InnerException);
    }
}
