using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Contention.Analyzers.Tests.Verifiers;

/// <summary>
/// Reference assemblies for test compilations. The default is the SDK's own net10.0 reference pack, found next
/// to the running runtime, so tests need no download; <see cref="Net80"/> (no <c>System.Threading.Lock</c>) is
/// fetched by the testing library from the NuGet feed once and cached.
/// </summary>
public static class TestReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> CurrentSdk = new(LoadCurrentSdk);

    /// <summary>No package: the assemblies come from <see cref="CurrentSdkReferences"/>.</summary>
    public static ReferenceAssemblies Current { get; } = new("net10.0");

    public static ReferenceAssemblies Net80 => ReferenceAssemblies.Net.Net80;

    /// <summary>The SDK's net10.0 reference pack, or the running runtime's assemblies when no pack is installed.</summary>
    public static ImmutableArray<MetadataReference> CurrentSdkReferences => CurrentSdk.Value;

    private static ImmutableArray<MetadataReference> LoadCurrentSdk()
    {
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        var packRoot = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        var runtimeVersion = Path.GetFileName(runtimeDirectory);
        string? referenceDirectory = null;
        if (Directory.Exists(packRoot))
        {
            var versions = Directory.GetDirectories(packRoot)
                .Where(d => Path.GetFileName(d).StartsWith(Environment.Version.Major + ".", StringComparison.Ordinal))
                .OrderByDescending(d => Path.GetFileName(d) == runtimeVersion)
                .ThenByDescending(d => Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version())
                .ToList();
            referenceDirectory = versions
                .Select(v => Path.Combine(v, "ref", $"net{Environment.Version.Major}.0"))
                .FirstOrDefault(Directory.Exists);
        }

        var files = referenceDirectory is not null
            ? Directory.GetFiles(referenceDirectory, "*.dll")
            : ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal)
                    || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll" or "Microsoft.Win32.Primitives.dll")
                .ToArray();
        return files.Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToImmutableArray();
    }
}
