using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Contention.Benchmarks.Analysis;
using Microsoft.Build.Locator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.MSBuild;

namespace Contention.Benchmarks.Measure;

/// <summary>
/// <c>measure &lt;path&gt;</c>: loads a user's solution or project with MSBuild, runs our rules on each C# project with
/// <c>logAnalyzerExecutionTime</c>, and prints the execution time per rule as <c>-p:ReportAnalyzer=true</c> does, with the
/// number of diagnostics per rule. The project's own .editorconfig and severities apply.
/// </summary>
public static class MeasureCommand
{
    private static readonly string[] Extensions = { ".sln", ".slnx", ".csproj" };

    private static bool s_warmedUp;

    public static int Run(string path, TextWriter output)
    {
        var fullPath = Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
        {
            throw new UsageException($"'{path}' is a directory; give the .sln, .slnx or .csproj file");
        }

        if (!File.Exists(fullPath))
        {
            throw new UsageException($"path not found: {path}");
        }

        if (!Extensions.Contains(Path.GetExtension(fullPath), StringComparer.OrdinalIgnoreCase))
        {
            throw new UsageException($"'{path}' is not a .sln, .slnx or .csproj file");
        }

        RegisterMSBuild();
        return MeasureAsync(fullPath, output).GetAwaiter().GetResult();
    }

    /// <summary>Before any MSBuild type is loaded, hence a method of its own.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RegisterMSBuild()
    {
        if (MSBuildLocator.IsRegistered)
        {
            return;
        }

        var instance = MSBuildLocator.QueryVisualStudioInstances().OrderByDescending(i => i.Version).FirstOrDefault()
            ?? throw new UsageException("no MSBuild found: install the .NET SDK (MSBuildLocator found no instance)");
        MSBuildLocator.RegisterInstance(instance);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<int> MeasureAsync(string path, TextWriter output)
    {
        using var workspace = MSBuildWorkspace.Create();
        var failures = new List<string>();
        using var registration = workspace.RegisterWorkspaceFailedHandler(e =>
        {
            if (e.Diagnostic.Kind == WorkspaceDiagnosticKind.Failure)
            {
                failures.Add(e.Diagnostic.Message);
            }
        });

        output.WriteLine($"Loading {path} ...");
        var loading = Stopwatch.StartNew();
        List<Project> projects;
        if (Path.GetExtension(path).Equals(".csproj", StringComparison.OrdinalIgnoreCase))
        {
            // The project alone, not the projects it references (they are loaded too).
            projects = new List<Project> { await workspace.OpenProjectAsync(path).ConfigureAwait(false) };
        }
        else
        {
            var solution = await workspace.OpenSolutionAsync(path).ConfigureAwait(false);
            projects = solution.Projects.Where(p => p.Language == LanguageNames.CSharp).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Loaded in {loading.Elapsed.TotalSeconds:0.0} s."));
        foreach (var failure in failures.Distinct(StringComparer.Ordinal))
        {
            output.WriteLine("warning: " + failure);
        }

        if (projects.Count == 0)
        {
            throw new UsageException($"no C# project in {path}");
        }

        var ours = OurAnalyzers.AllRules();
        foreach (var project in projects)
        {
            await MeasureProjectAsync(project, ours, output).ConfigureAwait(false);
        }

        return 0;
    }

    private static async Task MeasureProjectAsync(Project project, AnalyzerSet ours, TextWriter output)
    {
        var compilation = await project.GetCompilationAsync().ConfigureAwait(false);
        if (compilation is null)
        {
            output.WriteLine($"{project.Name}: no compilation");
            return;
        }

        var lines = 0;
        foreach (var tree in compilation.SyntaxTrees)
        {
            lines += (await tree.GetTextAsync().ConfigureAwait(false)).Lines.Count;
        }

        if (!s_warmedUp)
        {
            // One untimed pass first, so the first project's numbers do not include the JIT of Roslyn and of our rules.
            _ = compilation.Clone().GetDiagnostics();
            _ = await compilation.Clone().WithAnalyzers(ours.Analyzers, project.AnalyzerOptions).GetAnalyzerDiagnosticsAsync().ConfigureAwait(false);
            s_warmedUp = true;
        }

        // The compile alone and the compile with our rules, each on a fresh compilation.
        var compileWatch = Stopwatch.StartNew();
        var compileDiagnostics = compilation.Clone().GetDiagnostics();
        compileWatch.Stop();

        var exceptions = new ConcurrentQueue<string>();
        var options = new CompilationWithAnalyzersOptions(
            project.AnalyzerOptions,
            (exception, analyzer, _) => exceptions.Enqueue($"{analyzer.GetType().Name}: {exception.GetType().Name}: {exception.Message}"),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: true,
            reportSuppressedDiagnostics: false);
        var withAnalyzers = compilation.Clone().WithAnalyzers(ours.Analyzers, options);
        var allWatch = Stopwatch.StartNew();
        var analysis = await withAnalyzers.GetAnalysisResultAsync(default).ConfigureAwait(false);
        var all = analysis.GetAllDiagnostics(); // the analyzers' only: asking for the compiler's too would bind again
        allWatch.Stop();

        var ourIds = new HashSet<string>(ours.DiagnosticIds, StringComparer.Ordinal);
        var counts = all.Where(d => ourIds.Contains(d.Id)).GroupBy(d => d.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var times = OurAnalyzers.ByRule
            .Select(r => (Rule: r.RuleId, Analyzer: r.Analyzer.GetType().FullName!,
                Time: analysis.AnalyzerTelemetryInfo.TryGetValue(r.Analyzer, out var info) ? info.ExecutionTime : TimeSpan.Zero))
            .ToList();

        var total = times.Sum(t => t.Time.TotalSeconds);
        var cost = allWatch.Elapsed.TotalMilliseconds - compileWatch.Elapsed.TotalMilliseconds;
        var errors = compileDiagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{project.Name}: {compilation.SyntaxTrees.Count()} files, {lines:N0} lines{(errors > 0 ? $", {errors} compiler errors" : "")}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  compile alone {compileWatch.Elapsed.TotalMilliseconds:N0} ms; with our rules {allWatch.Elapsed.TotalMilliseconds:N0} ms; difference {cost:N0} ms (one run each after a warm-up: noisy on small projects)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Total analyzer execution time: {total:0.000} seconds."));
        output.WriteLine("    Time (s)    %   Rule     Diagnostics  Analyzer");
        foreach (var (rule, analyzer, time) in times.OrderByDescending(t => t.Time).ThenBy(t => t.Rule, StringComparer.Ordinal))
        {
            var percent = total > 0 ? (int)Math.Round(time.TotalSeconds * 100 / total) : 0;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    {time.TotalSeconds,8:0.000} {percent,4}   {rule}  {(counts.TryGetValue(rule, out var n) ? n : 0),11}  {analyzer}"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Diagnostics of our rules: {counts.Values.Sum()}"));
        if (!exceptions.IsEmpty)
        {
            output.WriteLine($"  warning: {exceptions.Count} analyzer exceptions, first: {exceptions.First()}");
        }
    }
}
