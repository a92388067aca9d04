using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Reflection;
using System.Text;
using Contention.Benchmarks.Analysis;

namespace Contention.Benchmarks.Build;

/// <summary>
/// What one run of the compiler did. <paramref name="ServerCpu"/> is the processor time the compiler server spent
/// during the run, summed over its threads, or null when no server process could be read.
/// </summary>
public sealed record CompilerRun(TimeSpan Elapsed, int ExitCode, IReadOnlyList<string> Output, TimeSpan? ServerCpu = null);

/// <summary>
/// The C# compiler of the SDK that <c>dotnet build</c> would use here (the one <c>global.json</c> selects), run the
/// way the SDK's Csc task runs it: through the compiler server (VBCSCompiler), which stays up between builds, so a
/// run measures a warm compiler and not its start-up.
/// </summary>
public sealed class SdkCompiler
{
    private SdkCompiler(string dotnet, string cscPath, string sdkVersion)
    {
        Dotnet = dotnet;
        CscPath = cscPath;
        SdkVersion = sdkVersion;
        var roslyn = Path.Combine(Path.GetDirectoryName(cscPath)!, "Microsoft.CodeAnalysis.dll");
        RoslynPath = roslyn;
        Roslyn = AssemblyName.GetAssemblyName(roslyn).Version ?? new Version(0, 0);
    }

    public string Dotnet { get; }

    public string CscPath { get; }

    public string SdkVersion { get; }

    /// <summary>The compiler's own Microsoft.CodeAnalysis.dll: what analyzers run against in a build.</summary>
    public string RoslynPath { get; }

    public Version Roslyn { get; }

    /// <summary>The SDK's compiler, or null with the reason when this machine has none to run.</summary>
    public static SdkCompiler? Find(out string? reason)
    {
        var root = CorpusCompilation.DotnetRoot;
        var dotnet = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        if (!File.Exists(dotnet))
        {
            reason = $"no dotnet executable in {root}";
            return null;
        }

        var version = RunToEnd(dotnet, "--version", TimeSpan.FromMinutes(1));
        if (version is not { ExitCode: 0 } || version.Output.Count == 0)
        {
            reason = "'dotnet --version' failed";
            return null;
        }

        var sdkVersion = version.Output[version.Output.Count - 1].Trim();
        var csc = Path.Combine(root, "sdk", sdkVersion, "Roslyn", "bincore", "csc.dll");
        if (!File.Exists(csc))
        {
            reason = $"the SDK {sdkVersion} has no compiler at {csc}";
            return null;
        }

        reason = null;
        return new SdkCompiler(dotnet, csc, sdkVersion);
    }

    /// <summary>Compiles with the response file <paramref name="responseFile"/> and <paramref name="arguments"/>, through the server.</summary>
    public CompilerRun Compile(string responseFile, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var all = new List<string> { $"\"{CscPath}\"", "/shared", $"@\"{responseFile}\"" };
        foreach (var argument in arguments)
        {
            all.Add($"\"{argument}\"");
        }

        var before = ServerCpuTimes();
        var run = RunToEnd(Dotnet, string.Join(" ", all), timeout)
            ?? throw new InvalidOperationException($"the compiler did not finish within {timeout.TotalMinutes:N0} minutes");
        var after = ServerCpuTimes();
        if (after.Count == 0)
        {
            return run;
        }

        // A server that started during the run counts from zero: its start-up is part of that run.
        var cpu = TimeSpan.Zero;
        foreach (var (id, time) in after)
        {
            cpu += time - before.GetValueOrDefault(id);
        }

        return run with { ServerCpu = cpu };
    }

    /// <summary>
    /// The processor time of every compiler server process of this user, by process id. The wall clock of a build
    /// moves with whatever else the machine runs; the processor time its threads were given moves far less, since
    /// time spent waiting for a core is not counted.
    /// </summary>
    private static Dictionary<int, TimeSpan> ServerCpuTimes()
    {
        var times = new Dictionary<int, TimeSpan>();
        foreach (var process in Process.GetProcesses())
        {
            using (process)
            {
                try
                {
                    if (IsServer(process))
                    {
                        process.Refresh();
                        times[process.Id] = process.TotalProcessorTime;
                    }
                }
                catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException or NotSupportedException)
                {
                    // Exited meanwhile, or not ours to read.
                }
            }
        }

        return times;
    }

    /// <summary>VBCSCompiler: an apphost of that name on Windows, <c>dotnet VBCSCompiler.dll</c> elsewhere.</summary>
    private static bool IsServer(Process process)
    {
        if (process.ProcessName.Equals("VBCSCompiler", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!OperatingSystem.IsLinux() || !process.ProcessName.Equals("dotnet", StringComparison.Ordinal))
        {
            return false;
        }

        var commandLine = File.ReadAllText($"/proc/{process.Id}/cmdline");
        return commandLine.Contains("VBCSCompiler.dll", StringComparison.Ordinal);
    }

    /// <summary>Runs a process to its end, collecting its output lines; null when it outlived <paramref name="timeout"/> (it is killed).</summary>
    private static CompilerRun? RunToEnd(string fileName, string arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        var lines = new List<string>();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (lines)
                {
                    lines.Add(e.Data);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (lines)
                {
                    lines.Add(e.Data);
                }
            }
        };
        var stopwatch = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return null;
        }

        process.WaitForExit(); // the output handlers have run
        stopwatch.Stop();
        return new CompilerRun(stopwatch.Elapsed, process.ExitCode, lines);
    }
}
