using System;
using System.Threading;
using System.Threading.Tasks;

namespace ValidCode;

/// <summary>async void where the signature is not ours to choose, and blocking primitives used where they belong.</summary>
public sealed class EventHandlersAndSignals : IProgress<int>
{
    private readonly ManualResetEventSlim _ready = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public event EventHandler? Saved;

    public event Action<string>? Received;

    public EventHandlersAndSignals()
    {
        Saved += OnSaved;
        Received += OnReceived;
        Saved += async (sender, e) => await Task.Yield();
    }

    /// <summary>An interface member's signature is fixed.</summary>
    public async void Report(int value) => await Task.Delay(value);

    /// <summary>Synchronous code may block on a primitive: that is what it is for.</summary>
    public void WaitUntilReady() => _ready.Wait();

    /// <summary>In async code: await the signal, and poll the event without blocking.</summary>
    public async Task WaitUntilStartedAsync()
    {
        await _started.Task;
        if (!_ready.Wait(0))
        {
            await Task.Delay(10);
        }
    }

    public void Start()
    {
        _started.TrySetResult();
        _ready.Set();
        Saved?.Invoke(this, EventArgs.Empty);
        Received?.Invoke("started");
    }

    private async void OnSaved(object? sender, EventArgs e) => await Task.Delay(1);

    private async void OnReceived(string message) => await Task.Delay(message.Length);
}
