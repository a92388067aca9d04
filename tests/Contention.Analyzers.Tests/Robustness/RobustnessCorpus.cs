using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Contention.Analyzers.Tests.Meta;
using Contention.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Contention.Analyzers.Tests.Robustness;

/// <summary>
/// The real code the robustness tests start from: the two samples and the harness scenarios, as files and as the
/// compilations their projects build.
/// </summary>
internal static class RobustnessCorpus
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static readonly CSharpCompilationOptions LibraryOptions =
        new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

    /// <summary>
    /// The harness files that draw its console with Spectre.Console, which this project does not reference; the
    /// scenarios do not need them, only <c>Program</c>'s exit codes (see <see cref="HarnessProgramStub"/>).
    /// </summary>
    private static readonly string[] HarnessConsoleFiles = { "Program.cs", "LiveProgress.cs", "ResultsChart.cs" };

    private const string HarnessProgramStub = """
        namespace Contention.Harness;

        internal static class Program
        {
            public const int Success = 0;
            public const int ScenarioFailed = 1;
            public const int BadInput = 2;
            public const int Cancelled = 130;
        }
        """;

    private static readonly Lazy<IReadOnlyList<CorpusFile>> Files = new(LoadFiles);

    /// <summary>A source file of the corpus; <see cref="Name"/> is its path from the repository root, with '/'.</summary>
    public sealed record CorpusFile(string Name, string Text);

    /// <summary>Every C# file of samples/HazardGallery, samples/ValidCode and src/Contention.Harness/Scenarios.</summary>
    public static IReadOnlyList<CorpusFile> FuzzSources => Files.Value;

    /// <summary>The gallery's assembly (and project) name.</summary>
    public const string GalleryName = "HazardGallery";

    public static CSharpCompilation Gallery() => FromFolder(GalleryName, Path.Combine("samples", "HazardGallery"));

    public static CSharpCompilation ValidCode() => FromFolder("ValidCode", Path.Combine("samples", "ValidCode"));

    /// <summary>
    /// src/Contention.Harness as the harness tests compile it, minus its Spectre.Console front end (a stub keeps
    /// <c>Program</c>'s constants). Compiles without errors; the scenarios' <c>Hazard</c> classes fire their rules.
    /// </summary>
    public static CSharpCompilation Harness()
    {
        var harness = Path.Combine("src", "Contention.Harness");
        var trees = RepositoryPaths.SourcesUnder(harness)
            .Where(f => !(Path.GetDirectoryName(f) == RepositoryPaths.Combine(harness) && HarnessConsoleFiles.Contains(Path.GetFileName(f))))
            .Select(f => Parse(File.ReadAllText(f), RelativeName(f)))
            .Append(Parse(HarnessProgramStub, "src/Contention.Harness/ProgramStub.cs"))
            .ToArray();
        return Create("HarnessUnderAnalysis", trees);
    }

    public static SyntaxTree Parse(string text, string path) => CSharpSyntaxTree.ParseText(text, ParseOptions, path);

    public static CSharpCompilation Create(string assemblyName, IEnumerable<SyntaxTree> trees) =>
        CSharpCompilation.Create(assemblyName, trees, TestReferences.CurrentSdkReferences, LibraryOptions);

    public static ImmutableArray<Diagnostic> Errors(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();

    /// <summary>
    /// Everything a user or a fixer sees of a diagnostic: id, file, span, message, additional locations and properties.
    /// </summary>
    public static string Describe(Diagnostic diagnostic)
    {
        static string Where(Location location)
        {
            var span = location.GetLineSpan();
            return $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}-{span.EndLinePosition.Line + 1},{span.EndLinePosition.Character + 1})";
        }

        var additional = string.Join(" ", diagnostic.AdditionalLocations.Select(Where));
        var properties = string.Join(";", diagnostic.Properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));
        return $"{Where(diagnostic.Location)}: {diagnostic.Id}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)} [{additional}] {{{properties}}}";
    }

    /// <summary>Every analyzer exception of a run, with the analyzer that threw it, ready for an assertion message.</summary>
    public static string DescribeExceptions(AnalyzerRunner.Result result) =>
        string.Join(
            Environment.NewLine,
            result.ExceptionDiagnostics.Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))
                .Concat(result.Diagnostics.Where(IsAnalyzerFailure).Select(d => d.ToString()))
                .DefaultIfEmpty(string.Join(Environment.NewLine, result.Exceptions)));

    /// <summary>AD0001 (an analyzer threw) and AD0002-style host diagnostics, should the driver report them as diagnostics.</summary>
    public static bool IsAnalyzerFailure(Diagnostic diagnostic) => diagnostic.Id.StartsWith("AD", StringComparison.Ordinal);

    public static bool HasFailures(AnalyzerRunner.Result result) =>
        result.Exceptions.Count > 0 || result.Diagnostics.Any(IsAnalyzerFailure);

    private static CSharpCompilation FromFolder(string assemblyName, string relativeFolder) =>
        Create(assemblyName, RepositoryPaths.SourcesUnder(relativeFolder).Select(f => Parse(File.ReadAllText(f), RelativeName(f))));

    private static string RelativeName(string fullPath) =>
        Path.GetRelativePath(RepositoryPaths.Root, fullPath).Replace(Path.DirectorySeparatorChar, '/');

    private static IReadOnlyList<CorpusFile> LoadFiles() =>
        new[]
            {
                Path.Combine("samples", "HazardGallery"),
                Path.Combine("samples", "ValidCode"),
                Path.Combine("src", "Contention.Harness", "Scenarios"),
            }
            .SelectMany(RepositoryPaths.SourcesUnder)
            .Select(f => new CorpusFile(RelativeName(f), File.ReadAllText(f)))
            .ToArray();
}
