using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Contention.Benchmarks.Corpus;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Contention.Benchmarks.Analysis;

/// <summary>
/// A generated corpus as a net10.0 class library compiled against the reference pack. Every measured operation gets a
/// fresh compilation of freshly parsed trees (<see cref="Fresh"/>, outside the timed part), as every build parses its
/// sources again: nothing keyed by a syntax node or a tree (the compiler's declaration tables, our rules' per-block
/// facts) carries over from one run to the next. Metadata references are shared, as a compiler server shares them
/// between builds.
/// </summary>
public sealed class CorpusCompilation
{
    private static readonly Lazy<ImmutableArray<string>> ReferencePathList = new(FindReferences);
    private static readonly Lazy<ImmutableArray<MetadataReference>> References =
        new(() => ReferencePathList.Value.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray());

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private readonly CSharpCompilationOptions _options = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        optimizationLevel: OptimizationLevel.Release,
        concurrentBuild: true,
        deterministic: true);

    public CorpusCompilation(GeneratedCorpus corpus)
    {
        Corpus = corpus;
    }

    public GeneratedCorpus Corpus { get; }

    public int Lines => Corpus.Lines;

    /// <summary>A new compilation of the sources, parsed again: no syntax, symbol or semantic cache shared with another run; the set's rules on.</summary>
    public CSharpCompilation Fresh(AnalyzerSet set)
    {
        var trees = Corpus.Files.Select(f => CSharpSyntaxTree.ParseText(f.Text, ParseOptions, path: f.Path)).ToArray();
        var options = set.SpecificOptions.IsEmpty ? _options : _options.WithSpecificDiagnosticOptions(set.SpecificOptions);
        return CSharpCompilation.Create("Corpus", trees, References.Value, options);
    }

    /// <summary>The paths of the reference assemblies the corpus compiles against (see <see cref="FindReferences"/>).</summary>
    public static ImmutableArray<string> ReferencePaths => ReferencePathList.Value;

    /// <summary>The folder of the running <c>dotnet</c>: its <c>shared</c>, <c>packs</c> and <c>sdk</c> folders.</summary>
    public static string DotnetRoot
    {
        get
        {
            var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!; // .../shared/Microsoft.NETCore.App/10.0.x
            return Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", ".."));
        }
    }

    /// <summary>The reference assemblies of the newest installed Microsoft.NETCore.App.Ref, else the running framework's.</summary>
    private static ImmutableArray<string> FindReferences()
    {
        var packs = Path.Combine(DotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        var major = Environment.Version.Major;
        var refDir = Directory.Exists(packs)
            ? Directory.GetDirectories(packs, major + ".*")
                .Select(dir => Path.Combine(dir, "ref", "net" + major + ".0"))
                .Where(Directory.Exists)
                .OrderByDescending(dir => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(dir))), out var v) ? v : new Version(0, 0))
                .FirstOrDefault()
            : null;
        IEnumerable<string> paths = refDir is not null
            ? Directory.GetFiles(refDir, "*.dll")
            : ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll");
        return paths.OrderBy(p => p, StringComparer.Ordinal).ToImmutableArray();
    }
}
