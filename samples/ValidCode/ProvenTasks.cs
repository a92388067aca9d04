using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace ValidCode;

/// <summary>Waits on tasks that have already completed, and entry points (CTN1001/CTN1007 stay silent).</summary>
public static class ProvenTasks
{
    public static void Main() => RunAsync().GetAwaiter().GetResult();

    public static async Task RunAsync()
    {
        var prices = LoadAsync("prices");
        var stock = LoadAsync("stock");
        await Task.WhenAll(prices, stock);
        Console.WriteLine(prices.Result + stock.Result);

        var parts = new List<Task<int>> { CountAsync(1), CountAsync(2) };
        await Task.WhenAll(parts);
        Console.WriteLine(parts.Sum(part => part.Result));
    }

    public static string Peek(Task<string> pending) => pending.IsCompletedSuccessfully ? pending.Result : "(loading)";

    public static Task<string> Upper(Task<string> read) => read.ContinueWith(done => done.Result.ToUpperInvariant(), TaskScheduler.Default);

    public static int Cached() => Task.FromResult(42).Result;

    /// <summary>The dual-path pattern: the sync API runs the shared implementation synchronously.</summary>
    public static string Read(string path) => ReadCoreAsync(path, useAsync: false).GetAwaiter().GetResult();

    public static Task<string> ReadAsync(string path) => ReadCoreAsync(path, useAsync: true);

    private static async Task<string> ReadCoreAsync(string path, bool useAsync)
    {
        if (useAsync)
        {
            await Task.Yield();
        }

        return path;
    }

    private static async Task<string> LoadAsync(string what)
    {
        await Task.Delay(1);
        return what;
    }

    private static async Task<int> CountAsync(int n)
    {
        await Task.Delay(1);
        return n;
    }
}
