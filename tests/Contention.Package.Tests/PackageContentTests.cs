using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using Xunit;

namespace Contention.Package.Tests;

[Collection(PackageCollection.Name)]
public sealed class PackageContentTests
{
    private readonly PackageFixture _package;

    public PackageContentTests(PackageFixture package) => _package = package;

    [Fact]
    public void HoldsExactlyTheAnalyzersTheAttributesTheReadmeAndNuGetMetadata()
    {
        using var archive = ZipFile.OpenRead(_package.PackagePath);
        var files = archive.Entries.Select(e => e.FullName).OrderBy(f => f, System.StringComparer.Ordinal).ToArray();

        Assert.Equal(
            new[]
            {
                "Contention.Analyzers.nuspec",
                "README.md",
                "[Content_Types].xml",
                "_rels/.rels",
                "analyzers/dotnet/roslyn4.8/cs/Contention.Analyzers.dll",
                "analyzers/dotnet/roslyn4.8/cs/Contention.CodeFixes.dll",
                "build/Contention.Analyzers.targets",
                "build/ContentionThreadSafetyAttributes.cs",
                "package/services/metadata/core-properties/nuget.psmdcp",
            },
            files);
    }

    [Fact]
    public void IsADevelopmentDependencyWithAReadmeAndNoDependencies()
    {
        using var archive = ZipFile.OpenRead(_package.PackagePath);
        using var stream = archive.GetEntry("Contention.Analyzers.nuspec")!.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

        Assert.Equal("Contention.Analyzers", Value("id"));
        Assert.Equal("true", Value("developmentDependency"));
        Assert.Equal("README.md", Value("readme"));
        Assert.Null(metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "dependencies"));
    }
}
