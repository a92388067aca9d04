using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Contention.Benchmarks.Analysis;

/// <summary>
/// The peer analyzer packages, restored with the project but never run on it: their folders come from assembly
/// metadata that MSBuild writes (<c>PeerPackage:&lt;id&gt;</c> = <c>$(Pkg&lt;id&gt;)</c>), their analyzer DLLs are
/// chosen the way the SDK chooses them, and they are loaded with <see cref="AnalyzerFileReference"/>.
/// </summary>
public static class PeerPackages
{
    private const string MetadataPrefix = "PeerPackage:";

    /// <summary>The packages with rules for blocking in async code: the fastest of them is the bar we compare with.</summary>
    private static readonly HashSet<string> AsyncFamily = new(StringComparer.OrdinalIgnoreCase)
    {
        "Microsoft.VisualStudio.Threading.Analyzers", "Meziantou.Analyzer", "AsyncFixer", "SonarAnalyzer.CSharp",
    };

    private static readonly Lazy<IReadOnlyList<AnalyzerSet>> Loaded = new(LoadAll);

    /// <summary>Every peer package named in the assembly metadata, loaded once; a package that failed has a <see cref="AnalyzerSet.LoadError"/>.</summary>
    public static IReadOnlyList<AnalyzerSet> All => Loaded.Value;

    /// <summary>The peers whose id contains one of <paramref name="filters"/> (case-insensitive), or all when none.</summary>
    public static IReadOnlyList<AnalyzerSet> Matching(IReadOnlyCollection<string> filters) =>
        filters.Count == 0
            ? All
            : All.Where(p => filters.Any(f => p.Name.Contains(f, StringComparison.OrdinalIgnoreCase))).ToList();

    private static IReadOnlyList<AnalyzerSet> LoadAll()
    {
        var sets = new List<AnalyzerSet>();
        foreach (var (id, folder) in Folders())
        {
            sets.Add(Load(id, folder));
        }

        return sets;
    }

    private static IEnumerable<(string Id, string? Folder)> Folders()
    {
        foreach (var attribute in typeof(PeerPackages).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>())
        {
            if (attribute.Key.StartsWith(MetadataPrefix, StringComparison.Ordinal))
            {
                yield return (attribute.Key.Substring(MetadataPrefix.Length), attribute.Value);
            }
        }
    }

    /// <summary>
    /// The DLLs a compiler with Roslyn <paramref name="roslyn"/> would get from the SDK for <paramref name="peer"/> (a
    /// loaded peer set), for a real build; an empty list when they cannot be picked.
    /// </summary>
    internal static IReadOnlyList<string> PathsFor(AnalyzerSet peer, Version roslyn)
    {
        foreach (var (id, folder) in Folders())
        {
            if (id == peer.Name && !string.IsNullOrEmpty(folder) && Directory.Exists(folder))
            {
                var (paths, error) = AnalyzerPaths(folder, roslyn);
                return error is null ? paths : Array.Empty<string>();
            }
        }

        return Array.Empty<string>();
    }

    private static AnalyzerSet Load(string id, string? folder)
    {
        var coversAsync = AsyncFamily.Contains(id);
        if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
        {
            return AnalyzerSet.Peer(id, null, default, $"package folder '{folder}' not found (restore the benchmark project)", coversAsync);
        }

        var version = Path.GetFileName(folder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        try
        {
            var (paths, pickError) = AnalyzerPaths(folder);
            if (pickError is not null)
            {
                return AnalyzerSet.Peer(id, version, default, pickError, coversAsync);
            }

            var loader = new PackageLoader(id, paths);
            var failures = new List<string>();
            var analyzers = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
            foreach (var path in paths)
            {
                var reference = new AnalyzerFileReference(path, loader);
                reference.AnalyzerLoadFailed += (_, e) =>
                    failures.Add($"{Path.GetFileName(path)}: {e.ErrorCode}{(e.TypeName is null ? "" : " " + e.TypeName)}: {FirstLine(e.Exception?.Message ?? e.Message)}");
                analyzers.AddRange(reference.GetAnalyzers(LanguageNames.CSharp));
            }

            if (failures.Count > 0)
            {
                var more = failures.Count > 1 ? $" (and {failures.Count - 1} more)" : "";
                return AnalyzerSet.Peer(id, version, default, failures[0] + more, coversAsync);
            }

            if (analyzers.Count == 0)
            {
                return AnalyzerSet.Peer(id, version, default, "no C# analyzers found in " + string.Join(", ", paths.Select(Path.GetFileName)), coversAsync);
            }

            // Touch every analyzer's descriptors now, so a type that fails to load fails here and not mid-measurement.
            foreach (var analyzer in analyzers)
            {
                _ = analyzer.SupportedDiagnostics;
            }

            return AnalyzerSet.Peer(id, version, analyzers.ToImmutable(), null, coversAsync);
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or FileLoadException or TypeLoadException or MissingMethodException
                                      or ReflectionTypeLoadException or InvalidOperationException or UnauthorizedAccessException)
        {
            return AnalyzerSet.Peer(id, version, default, $"{e.GetType().Name}: {FirstLine(e.Message)}", coversAsync);
        }
    }

    /// <summary>
    /// The DLLs the SDK would give the compiler: under <c>analyzers/dotnet</c> (else <c>analyzers</c>), in the highest
    /// <c>roslynX.Y</c> folder not newer than this host's Roslyn when there are such folders, the language-neutral
    /// DLLs of that folder and those of its <c>cs</c> folder.
    /// </summary>
    internal static (IReadOnlyList<string> Paths, string? Error) AnalyzerPaths(string packageFolder, Version? roslyn = null)
    {
        var host = roslyn ?? typeof(Compilation).Assembly.GetName().Version ?? new Version(0, 0);
        foreach (var baseFolder in new[] { Path.Combine(packageFolder, "analyzers", "dotnet"), Path.Combine(packageFolder, "analyzers") })
        {
            if (!Directory.Exists(baseFolder))
            {
                continue;
            }

            var root = baseFolder;
            var roslynFolders = Directory.GetDirectories(baseFolder, "roslyn*")
                .Select(dir => (Dir: dir, Version: RoslynVersion(Path.GetFileName(dir))))
                .Where(x => x.Version is not null)
                .ToList();
            if (roslynFolders.Count > 0)
            {
                var usable = roslynFolders.Where(x => x.Version! <= host).OrderByDescending(x => x.Version).ToList();
                if (usable.Count == 0)
                {
                    var oldest = roslynFolders.Min(x => x.Version)!;
                    return (Array.Empty<string>(), $"needs Roslyn {oldest} or newer; this host has {host.ToString(3)}");
                }

                root = usable[0].Dir;
            }

            var paths = new List<string>();
            paths.AddRange(Directory.GetFiles(root, "*.dll"));
            var csharp = Path.Combine(root, "cs");
            if (Directory.Exists(csharp))
            {
                paths.AddRange(Directory.GetFiles(csharp, "*.dll"));
            }

            if (paths.Count > 0)
            {
                paths.Sort(StringComparer.Ordinal);
                return (paths, null);
            }
        }

        return (Array.Empty<string>(), $"no analyzers folder with DLLs under '{packageFolder}'");
    }

    private static Version? RoslynVersion(string folderName) =>
        folderName.StartsWith("roslyn", StringComparison.OrdinalIgnoreCase)
        && Version.TryParse(folderName.Substring("roslyn".Length), out var version)
            ? version
            : null;

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(new[] { '\r', '\n' });
        return end < 0 ? text : text.Substring(0, end);
    }

    /// <summary>
    /// Loads one package's DLLs into a load context of its own, so two packages can ship different versions of a
    /// helper DLL. Roslyn and the framework come from the host, as in the compiler: a package built against a newer
    /// Roslyn than the host's fails to load, as it would in a build.
    /// </summary>
    private sealed class PackageLoader : IAnalyzerAssemblyLoader
    {
        private readonly AssemblyLoadContext _context;
        private readonly Dictionary<string, string> _bySimpleName = new(StringComparer.OrdinalIgnoreCase);

        public PackageLoader(string packageId, IEnumerable<string> paths)
        {
            foreach (var path in paths)
            {
                AddDependencyLocation(path);
            }

            _context = new PackageContext(packageId, this);
        }

        public void AddDependencyLocation(string fullPath) => _bySimpleName[Path.GetFileNameWithoutExtension(fullPath)] = fullPath;

        public Assembly LoadFromPath(string fullPath) => _context.LoadFromAssemblyPath(fullPath);

        private string? Find(string simpleName) => _bySimpleName.TryGetValue(simpleName, out var path) ? path : null;

        private sealed class PackageContext : AssemblyLoadContext
        {
            private readonly PackageLoader _loader;

            public PackageContext(string packageId, PackageLoader loader)
                : base("peer:" + packageId, isCollectible: false) => _loader = loader;

            protected override Assembly? Load(AssemblyName assemblyName)
            {
                var name = assemblyName.Name ?? "";
                if (name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) && _loader.Find(name) is null)
                {
                    return null; // the host's Roslyn, so that DiagnosticAnalyzer is the same type on both sides
                }

                return _loader.Find(name) is { } path ? LoadFromAssemblyPath(path) : null;
            }
        }
    }

    internal static string Describe(AnalyzerSet set) =>
        set.IsLoaded
            ? string.Create(CultureInfo.InvariantCulture, $"{set.Name} {set.Version}: {set.Analyzers.Length} analyzers, {set.DiagnosticIds.Length} rules")
            : $"{set.Name} {set.Version}: could not load: {set.LoadError}";
}
