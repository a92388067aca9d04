using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace HazardGallery;

/// <summary>Builds reports from two back-end calls; serves many requests at once on the thread pool.</summary>
public sealed class ReportService
{
    private readonly WorkerPool _pool;

    public ReportService(WorkerPool pool) => _pool = pool;

    public async Task<string> BuildAsync(string customer, CancellationToken cancellationToken)
    {
        var orders = LoadOrdersAsync(customer, cancellationToken);
        var invoices = LoadInvoicesAsync(customer, cancellationToken);
        await _pool.ReadyAsync();

        // CTN1001: blocks a pool thread until the load completes; under load this starves the pool.
        var header = $"{orders.Result.Count} orders";
        return header + ", " + string.Join(", ", await invoices);
    }

    /// <summary>The synchronous API kept for old callers.</summary>
    public string Build(string customer)
    {
        // CTN1007: sync-over-async; deadlocks if called on a UI thread or single-threaded context.
        return BuildAsync(customer, CancellationToken.None).GetAwaiter().GetResult();
    }

    private static async Task<List<string>> LoadOrdersAsync(string customer, CancellationToken cancellationToken)
    {
        await Task.Delay(10, cancellationToken);
        return new List<string> { customer + "-1" };
    }

    private static async Task<List<string>> LoadInvoicesAsync(string customer, CancellationToken cancellationToken)
    {
        await Task.Delay(10, cancellationToken);
        return new List<string> { customer + "-i1" };
    }
}
