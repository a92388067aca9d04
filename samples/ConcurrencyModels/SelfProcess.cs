using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace ConcurrencyModels;

/// <summary>How a child process ended: its exit code, what it printed, and its first line of standard error if any.</summary>
internal sealed record ChildOutcome(int ExitCode, string Output, string? Problem);

/// <summary>Starts this program again as a child process, with one of the hidden <see cref="ChildCommands"/>.</summary>
internal static class SelfProcess
{
    /// <summary>Starting a runtime takes a while on a busy machine: a child gets this long on top of its own work.</summary>
    public static readonly TimeSpan StartupAllowance = TimeSpan.FromSeconds(30);

    /// <summary>Starts the child with its output redirected; null, and the reason, if it cannot be started.</summary>
    public static Process? Start(IEnumerable<string> args, out string? problem)
    {
        var start = StartInfo();
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            problem = null;
            return Process.Start(start) ?? throw new InvalidOperationException("no process was started");
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            problem = $"could not start '{start.FileName}': {e.Message}";
            return null;
        }
    }

    /// <summary>Waits for the child and collects its output. A child still running after <paramref name="watchdog"/> is killed.</summary>
    public static async Task<ChildOutcome> WaitAsync(Process process, TimeSpan watchdog)
    {
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(watchdog);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            await process.WaitForExitAsync();
            return new ChildOutcome(-1, string.Empty, FormattableString.Invariant($"the child process did not exit within {watchdog.TotalSeconds:0} s and was killed"));
        }

        var firstError = (await error).Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
        return new ChildOutcome(process.ExitCode, await output, firstError);
    }

    /// <summary>
    /// As the harness does it: under <c>dotnet ConcurrencyModels.dll</c> the process is <c>dotnet</c>, which gets the
    /// assembly first; otherwise (<c>dotnet run</c>, or a test runner hosting the assembly) the apphost beside the assembly.
    /// </summary>
    private static ProcessStartInfo StartInfo()
    {
        var assembly = typeof(SelfProcess).Assembly.Location;
        var host = Environment.ProcessPath;
        var start = host is not null && Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? new ProcessStartInfo(host) { ArgumentList = { assembly } }
            : new ProcessStartInfo(Path.ChangeExtension(assembly, OperatingSystem.IsWindows() ? ".exe" : null));
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.CreateNoWindow = true;
        return start;
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}

/// <summary>The hidden commands this program runs as a child process; not listed by <c>--help</c>.</summary>
internal static class ChildCommands
{
    /// <summary><c>__spinner-child &lt;milliseconds&gt;</c>: <see cref="PrimeCheck.BusyFor"/>, printed as one line.</summary>
    public const string Spinner = "__spinner-child";

    /// <summary><c>__primes-child &lt;count&gt; &lt;worker&gt; &lt;workers&gt;</c>: <see cref="PrimeCheck.CountPrimes"/>, printed as one number.</summary>
    public const string Primes = "__primes-child";

    public static bool Handles(string command) => command is Spinner or Primes;

    public static IEnumerable<string> SpinnerArgs(TimeSpan duration) =>
        new[] { Spinner, Invariant((long)duration.TotalMilliseconds) };

    public static IEnumerable<string> PrimesArgs(long count, int worker, int workers) =>
        new[] { Primes, Invariant(count), Invariant(worker), Invariant(workers) };

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        if (args[0] == Spinner && args.Count == 2 && TryParse(args[1], out var milliseconds) && milliseconds > 0)
        {
            var work = PrimeCheck.BusyFor(TimeSpan.FromMilliseconds(milliseconds));
            await output.WriteLineAsync(work.ToLine());
            return Cli.Success;
        }

        if (args[0] == Primes && args.Count == 4
            && TryParse(args[1], out var count) && TryParse(args[2], out var worker) && TryParse(args[3], out var workers)
            && workers is > 0 and <= DemoOptions.MaxWorkers && worker < workers)
        {
            await output.WriteLineAsync(Invariant(PrimeCheck.CountPrimes(count, (int)worker, (int)workers)));
            return Cli.Success;
        }

        await error.WriteLineAsync($"error: usage: {Spinner} <milliseconds> | {Primes} <count> <worker> <workers>");
        return Cli.BadInput;
    }

    private static bool TryParse(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
