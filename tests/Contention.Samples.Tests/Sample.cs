using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using ConcurrencyModels;
using Xunit;

namespace Contention.Samples.Tests;

/// <summary>How a run of the sample ended.</summary>
internal sealed record Run(int ExitCode, string Output, string Error)
{
    public string[] ErrorLines => Lines(Error);

    /// <summary>The <c>spinner: N frames in S s, longest gap between frames G ms</c> line every spinner demo ends with.</summary>
    public (int Frames, TimeSpan LongestGap) Spinner()
    {
        var match = Regex.Match(Output, @"^spinner: (\d+) frames? in [\d.]+ s, longest gap between frames (\d+) ms$", RegexOptions.Multiline);
        Assert.True(match.Success, $"no spinner line in:\n{Output}");
        return (int.Parse(match.Groups[1].Value), TimeSpan.FromMilliseconds(int.Parse(match.Groups[2].Value)));
    }

    public override string ToString() => $"exit code {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";

    private static string[] Lines(string text) => text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();
}

/// <summary>Runs the sample in-process through <see cref="Cli"/>, or as the built program in a process of its own.</summary>
internal static class Sample
{
    /// <summary>
    /// The test host keeps some thread-pool threads blocked, and the pool starts with one per core: on this 2-core
    /// machine the spinners' timer callbacks then wait up to a second for the pool to inject a thread. The real program
    /// has the pool to itself; give the test host enough threads to behave alike.
    /// </summary>
    static Sample()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), completionPorts);
    }

    public static readonly string[] DemoNames =
    {
        "spinner-thread", "spinner-process", "spinner-async", "spinner-loop-blocked", "spinner-loop", "primes",
    };

    public static async Task<Run> RunInProcessAsync(bool animate, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        // As in the real program, whose Main has no SynchronizationContext: the spinners run on thread-pool threads,
        // not on the test framework's own few threads.
        var exitCode = await Task.Run(() => Cli.RunAsync(args, output, error, animate));
        return new Run(exitCode, output.ToString(), error.ToString());
    }

    public static Task<Run> RunInProcessAsync(params string[] args) => RunInProcessAsync(animate: false, args);

    /// <summary>
    /// The built sample, copied beside these tests, with its output redirected: as src/Contention.Harness/ChildProcess.cs
    /// starts itself, through <c>dotnet</c> when that is what runs the tests, otherwise through the apphost.
    /// </summary>
    public static async Task<Run> RunAsProcessAsync(params string[] args)
    {
        var assembly = typeof(Cli).Assembly.Location;
        var host = Environment.ProcessPath;
        var start = host is not null && Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? new ProcessStartInfo(host) { ArgumentList = { assembly } }
            : new ProcessStartInfo(Path.ChangeExtension(assembly, OperatingSystem.IsWindows() ? ".exe" : null));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.CreateNoWindow = true;

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(60))) != exited)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"'{string.Join(' ', args)}' did not exit within 60 s");
        }

        return new Run(process.ExitCode, await output, await error);
    }
}
