using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Contention.Harness;

/// <summary>How a child process ended, the measurement it printed (null if none) and its standard error.</summary>
internal sealed record ChildOutcome(int ExitCode, Measurement? Measurement, string StandardError)
{
    private const string UnhandledPrefix = "Unhandled exception. ";

    /// <summary>The type in the runtime's <c>Unhandled exception. System.IO.IOException: ...</c> line, if the child died of one.</summary>
    public string? UnhandledExceptionType =>
        Lines(StandardError).FirstOrDefault(l => l.StartsWith(UnhandledPrefix, StringComparison.Ordinal)) is { } line
            ? line[UnhandledPrefix.Length..].Split(':')[0].Trim()
            : null;

    public InvalidOperationException Failure() => new(
        $"the child process exited with code {ExitCode}" +
        (Lines(StandardError).FirstOrDefault() is { } first ? $": {first}" : Measurement is null ? " without a measurement" : string.Empty));

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0);
}

/// <summary>
/// Runs one run of a scenario in a child harness process, for hazards that damage the process they happen in:
/// a starved thread pool keeps the threads it injected, an unhandled exception ends the process, a deadlocked
/// thread never comes back. The child is the harness itself, started with the hidden command
/// <c>__child &lt;rule ID&gt; hazard|fixed &lt;threads&gt; &lt;iterations&gt; &lt;timeout ms&gt;</c>; it prints
/// the measurement as one JSON line.
/// </summary>
internal static class ChildProcess
{
    public const string Command = "__child";

    /// <summary>Added to the scenario's own timeout for the parent's watchdog: starting a runtime takes a while on a busy machine.</summary>
    public static readonly TimeSpan StartupAllowance = TimeSpan.FromSeconds(10);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Starts the child and waits for it. A child still running after <paramref name="watchdog"/> is killed and
    /// a <see cref="TimeoutException"/> thrown; cancellation kills it too.
    /// </summary>
    public static ChildOutcome Run(string ruleId, Variant variant, ScenarioSettings settings, TimeSpan watchdog, CancellationToken cancellationToken)
    {
        var start = StartInfo();
        foreach (var arg in new[]
        {
            Command, ruleId, variant.ToString().ToLowerInvariant(),
            Invariant(settings.Threads), Invariant(settings.Iterations), Invariant((int)settings.Timeout.TotalMilliseconds),
        })
        {
            start.ArgumentList.Add(arg);
        }

        // Only a reader thread per stream writes each builder; WaitForExit() below waits for both to finish.
        var output = new StringBuilder();
        var error = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => output.AppendLine(e.Data);
        process.ErrorDataReceived += (_, e) => error.AppendLine(e.Data);
        cancellationToken.ThrowIfCancellationRequested();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        bool exited;
        using (cancellationToken.Register(() => Kill(process)))
        {
            exited = process.WaitForExit(watchdog);
        }

        if (!exited)
        {
            Kill(process);
        }

        process.WaitForExit();
        cancellationToken.ThrowIfCancellationRequested();
        if (!exited)
        {
            throw new TimeoutException($"the child process did not exit within {watchdog.TotalMilliseconds:0} ms and was killed");
        }

        return new ChildOutcome(process.ExitCode, ParseMeasurement(output.ToString()), error.ToString());
    }

    /// <summary>The child's side of <see cref="Command"/>: returns the exit code. Exceptions are left unhandled, as in any program.</summary>
    public static async Task<int> MainAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        if (Parse(args) is not { } parsed)
        {
            error.WriteLine($"error: usage: {Command} <rule ID of a child-process scenario> hazard|fixed <threads> <iterations> <timeout ms>");
            return Program.BadInput;
        }

        var (scenario, variant, settings) = parsed;
        var measurement = await scenario.RunInChildAsync(variant, settings);
        output.WriteLine(JsonSerializer.Serialize(measurement, JsonOptions));
        return Program.Success;
    }

    /// <summary>
    /// Under <c>dotnet Contention.Harness.dll</c> the process is <c>dotnet</c>: it gets the assembly first. Otherwise
    /// the harness runs from its apphost (<c>dotnet run</c>), or is hosted by a test runner: the apphost beside the assembly.
    /// </summary>
    private static ProcessStartInfo StartInfo()
    {
        var assembly = typeof(ChildProcess).Assembly.Location;
        var host = Environment.ProcessPath;
        var start = host is not null && Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? new ProcessStartInfo(host) { ArgumentList = { assembly } }
            : new ProcessStartInfo(Path.ChangeExtension(assembly, OperatingSystem.IsWindows() ? ".exe" : null));
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.CreateNoWindow = true;
        // CTN1006 crashes its child on purpose: no crash dump for it, whatever the user's environment asks for.
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        return start;
    }

    private static (ChildProcessScenario Scenario, Variant Variant, ScenarioSettings Settings)? Parse(IReadOnlyList<string> args)
    {
        if (args.Count != 5
            || ScenarioRegistry.Find(args[0]) is not ChildProcessScenario scenario
            || !Enum.TryParse<Variant>(args[1], ignoreCase: true, out var variant)
            || !Enum.IsDefined(variant)
            || !TryParsePositive(args[2], out var threads)
            || !TryParsePositive(args[3], out var iterations)
            || !TryParsePositive(args[4], out var timeoutMs))
        {
            return null;
        }

        return (scenario, variant, new ScenarioSettings(threads, iterations, TimeSpan.FromMilliseconds(timeoutMs), Repeat: 1));
    }

    private static bool TryParsePositive(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;

    /// <summary>The last JSON line on standard output; anything else there (runtime warnings) is ignored.</summary>
    private static Measurement? ParseMeasurement(string output)
    {
        var line = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith('{'));
        return line is null ? null : JsonSerializer.Deserialize<Measurement>(line, JsonOptions);
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

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
