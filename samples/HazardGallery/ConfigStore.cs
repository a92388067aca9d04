using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace HazardGallery;

/// <summary>Loads the service configuration from disk, with a legacy fallback.</summary>
public sealed class ConfigStore
{
    private readonly string _path;

    public ConfigStore(string path) => _path = path;

    public async Task<string> LoadAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();

        // CTN1003: File.ReadAllText has an awaitable twin; this holds the thread for the whole read.
        var text = File.ReadAllText(_path);

        // CTN1003: StreamWriter is IAsyncDisposable; a synchronous using flushes and closes on this thread.
        using (var log = File.AppendText(_path + ".log"))
        {
            await log.WriteLineAsync("loaded");
        }

        // CTN1005: ReadLegacy looks harmless, but it waits for the retry backoff synchronously.
        return text.Length > 0 ? text : ReadLegacy();
    }

    private string ReadLegacy()
    {
        WaitForBackoff();
        return "defaults";
    }

    private static void WaitForBackoff() => Thread.Sleep(500);
}
