using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ValidCode;

/// <summary>Calls whose "async twin" would not help, and helpers that do not block (CTN1003/CTN1005 stay silent).</summary>
public sealed class AwaitableIo
{
    public async Task<string> RenderAsync(string path, CancellationToken cancellationToken)
    {
        // In-memory streams and writers never wait on I/O.
        using var buffer = new MemoryStream();
        buffer.Write(Encoding.UTF8.GetBytes("header"), 0, 6);
        var writer = new StringWriter();
        writer.Write(Format("body"));

        // The async forms, already.
        await using var file = File.OpenRead(path);
        var text = await File.ReadAllTextAsync(path, cancellationToken);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        return writer + text + Checksum(text);
    }

    /// <summary>A sync entry point that mirrors the async one calls the core, not itself.</summary>
    public void Run() => Compute(3);

    public Task RunAsync()
    {
        Run();
        return Task.CompletedTask;
    }

    private static string Format(string text) => "<" + text + ">";

    private static int Checksum(string text) => Compute(text.Length);

    private static int Compute(int seed)
    {
        for (var i = 0; i < 3; i++)
        {
            Thread.Sleep(0); // yields; not blocking
            seed = seed * 31 + i;
        }

        return seed;
    }
}
