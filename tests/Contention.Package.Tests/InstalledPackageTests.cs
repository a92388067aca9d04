using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;

namespace Contention.Package.Tests;

/// <summary>The package as a user meets it: a fresh console project, <c>dotnet add package</c>, build, <c>dotnet format</c>.</summary>
[Collection(PackageCollection.Name)]
public sealed class InstalledPackageTests
{
    /// <summary>Each warning the build must show is marked with a trailing <c>// CTNnnnn</c> comment.</summary>
    private const string Hazards = """
        using System.Threading;
        using System.Threading.Tasks;

        namespace App;

        public sealed class Poller
        {
            public async Task PollAsync(CancellationToken cancellationToken)
            {
                await Task.Yield();
                Thread.Sleep(100); // CTN1002
            }
        }

        public class Ledger
        {
            private int _balance;

            public void Credit()
            {
                lock (this) // CTN3001
                {
                    _balance++;
                }
            }
        }

        public sealed class Loader
        {
            public async Task<int> LoadAsync(ManualResetEventSlim ready)
            {
                var text = ReadAsync();
                await Task.Yield();
                ready.Wait(); // CTN1004
                return text.Result.Length; // CTN1001
            }

            public async void Refresh() => await ReadAsync(); // CTN1006

            private static async Task<string> ReadAsync()
            {
                await Task.Delay(1);
                return "x";
            }
        }

        public sealed class Files
        {
            public async Task<int> SizeAsync(string path)
            {
                await Task.Yield();
                var text = System.IO.File.ReadAllText(path); // CTN1003
                return text.Length + Legacy(); // CTN1005
            }

            public int Size(string path) => SizeAsync(path).Result; // CTN1007

            private static int Legacy()
            {
                Thread.Sleep(10);
                return 0;
            }
        }

        public sealed class Stock
        {
            private readonly Lock _stockGate = new();
            [Contention.ThreadSafety.GuardedBy(nameof(_stockGate))] private int _reserved;

            public void Reserve()
            {
                lock (_stockGate)
                {
                    _reserved++;
                }
            }

            public void Release() => _reserved--; // CTN2009
        }

        [Contention.ThreadSafety.ThreadSafe]
        public sealed class Hits
        {
            private int _count;

            public void Hit() => _count++; // CTN2001
        }

        public sealed class Window
        {
            private readonly Lock _windowGate = new();
            private int _requests;

            public void Count()
            {
                lock (_windowGate)
                {
                    _requests++;
                }
            }

            public void Reset() => _requests = 0; // CTN2004
        }
        """;

    private readonly PackageFixture _package;

    public InstalledPackageTests(PackageFixture package) => _package = package;

    [Fact]
    public async Task FreshProject_ReportsTheRules_AndDotnetFormatFixesThem()
    {
        var app = Path.Combine(_package.WorkFolder, "app");
        Directory.CreateDirectory(app);

        await Run(app, "new", "console", "--framework", "net10.0", "--name", "App", "--output", app);
        await Run(app, "add", "package", "Contention.Analyzers", "--version", _package.Version);

        // Opt in to the package's source-only thread-safety attributes, which the Stock class uses.
        var project = Path.Combine(app, "App.csproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace(
            "</PropertyGroup>", "  <ContentionThreadSafetyAttributes>true</ContentionThreadSafetyAttributes>\n  </PropertyGroup>", System.StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(app, "Hazards.cs"), Hazards);

        // CTN1007 is a suggestion by default; .editorconfig raises it so the build shows it.
        File.WriteAllText(Path.Combine(app, ".editorconfig"), "root = true\n\n[*.cs]\ndotnet_diagnostic.CTN1007.severity = warning\n");

        var build = await Run(app, "build", "--no-incremental", "-p:UseSharedCompilation=false");
        foreach (var id in new[] { "CTN1001", "CTN1002", "CTN1003", "CTN1004", "CTN1005", "CTN1006", "CTN1007", "CTN2001", "CTN2004", "CTN2009", "CTN3001" })
        {
            Assert.Equal(MarkedLines(Hazards, id), WarningLines(build.Output, id));
        }

        Assert.DoesNotMatch(new Regex("CS8032|CS9057|AD0001"), build.Output);

        await Run(app, "format", "analyzers", "--diagnostics", "CTN1001", "CTN1002", "CTN1003", "CTN1006", "CTN3001", "--severity", "warn", "--verbosity", "quiet");
        var fixedCode = File.ReadAllText(Path.Combine(app, "Hazards.cs"));
        Assert.Contains("await Task.Delay(100, cancellationToken);", fixedCode);
        Assert.DoesNotContain("Thread.Sleep(100)", fixedCode);
        Assert.Contains("private readonly Lock _gate = new();", fixedCode);
        Assert.Contains("lock (_gate)", fixedCode);
        Assert.Contains("return (await text).Length;", fixedCode);
        Assert.Contains("public async Task Refresh()", fixedCode);
        Assert.Contains("var text = await System.IO.File.ReadAllTextAsync(path);", fixedCode);

        // CTN1004, CTN1005 and CTN1007 have no mechanical fix, so they are the warnings left.
        var rebuild = await Run(app, "build", "--no-incremental", "-p:UseSharedCompilation=false");
        Assert.Equal(MarkedLines(fixedCode, "CTN1004"), WarningLines(rebuild.Output, "CTN1004"));
        Assert.Equal(MarkedLines(fixedCode, "CTN1005"), WarningLines(rebuild.Output, "CTN1005"));
        Assert.Equal(MarkedLines(fixedCode, "CTN1007"), WarningLines(rebuild.Output, "CTN1007"));
        Assert.DoesNotMatch(new Regex("warning (CTN1001|CTN1002|CTN1003|CTN1006|CTN3001)"), rebuild.Output);
        Assert.Contains("0 Error(s)", rebuild.Output);
    }

    private static int[] MarkedLines(string source, string id) =>
        source.Replace("\r\n", "\n", System.StringComparison.Ordinal).Split('\n')
            .Select((line, index) => (line, index))
            .Where(l => l.line.TrimEnd().EndsWith("// " + id, System.StringComparison.Ordinal))
            .Select(l => l.index + 1)
            .ToArray();

    private Task<DotNet.Result> Run(string directory, params string[] args) => DotNet.RunAsync(directory, _package.Packages, args);

    private static int[] WarningLines(string output, string id) =>
        Regex.Matches(output, @"Hazards\.cs\((\d+),\d+\): warning " + id)
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            .Distinct()
            .ToArray();
}
