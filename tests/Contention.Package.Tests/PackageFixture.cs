using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Contention.Package.Tests;

/// <summary>Packs the package once for all tests into a temporary folder feed, with its own package cache.</summary>
public sealed class PackageFixture : IAsyncLifetime
{
    public string WorkFolder { get; } = Path.Combine(Path.GetTempPath(), "contention-package-tests-" + Guid.NewGuid().ToString("N"));

    public string Feed => Path.Combine(WorkFolder, "feed");

    /// <summary>A package cache of our own: a re-packed 0.1.0 must never be served stale from the user's cache.</summary>
    public string Packages => Path.Combine(WorkFolder, "packages");

    public string PackagePath { get; private set; } = "";

    public string Version { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        var nugetProject = Path.Combine(DotNet.RepositoryRoot(), "nuget");
        await DotNet.RunAsync(nugetProject, packagesFolder: null, "pack", nugetProject, "-c", "Release", "-o", Feed, "-p:UseSharedCompilation=false");
        PackagePath = Directory.GetFiles(Feed, "Contention.Analyzers.*.nupkg").Single();
        Version = Path.GetFileNameWithoutExtension(PackagePath).Substring("Contention.Analyzers.".Length);

        // Only the local feed, for every project the tests create below the work folder: the tests must not depend
        // on (or pollute) any other package source.
        File.WriteAllText(Path.Combine(WorkFolder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(WorkFolder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a run over.
        }

        return Task.CompletedTask;
    }
}

/// <summary>One pack for every test class that needs the package.</summary>
[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageFixture>
{
    public const string Name = "Packed package";
}
