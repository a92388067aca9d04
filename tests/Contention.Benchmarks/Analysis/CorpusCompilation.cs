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
/// A generated corpus, parsed once, as a net10.0 class library compiled against the reference pack. Every measured
/// operation gets a fresh compilation (<see cref="Fresh"/>), so no semantic cache carries over between runs; parsing
/// and metadata are shared, as a compiler server shares them between builds.
/// </summary>
public sealed class CorpusCompilation
{
    private static readonly Lazy<ImmutableArray<string>> ReferencePathList = new(FindReferences);
    private static readonly Lazy<ImmutableArray<MetadataReference>> References =
        new(() => ReferencePathList.Value.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray());

    private readonly CSharpCompilation _template;

    public CorpusCompilation(GeneratedCorpus corpus)
    {
        Corpus = corpus;
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = corpus.Files.Select(f => CSharpSyntaxTree.ParseText(f.Text, parseOptions, path: f.Path)).ToArray();
        var options = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            optimizationLevel: OptimizationLevel.Release,
            concurrentBuild: true,
            deterministic: true);
        _template = CSharpCompilation.Create("Corpus", trees, References.Value, options);
    }

    public GeneratedCorpus Corpus { get; }

    public int Lines => Corpus.Lines;

    /// <summary>A new compilation of the same trees: no bound symbols, no semantic caches, the set's rules on.</summary>
    public CSharpCompilation Fresh(AnalyzerSet set) =>
        set.SpecificOptions.IsEmpty
            ? _template.Clone()
            : _template.WithOptions(_template.Options.WithSpecificDiagnosticOptions(set.SpecificOptions));

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
