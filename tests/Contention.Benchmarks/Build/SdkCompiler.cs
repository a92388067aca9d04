using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Reflection;
using System.Text;
using Contention.Benchmarks.Analysis;

namespace Contention.Benchmarks.Build;

/// <summary>What one run of the compiler did.</summary>
public sealed record CompilerRun(TimeSpan Elapsed, int ExitCode, IReadOnlyList<string> Output);

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

        return RunToEnd(Dotnet, string.Join(" ", all), timeout)
            ?? throw new InvalidOperationException($"the compiler did not finish within {timeout.TotalMinutes:N0} minutes");
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
