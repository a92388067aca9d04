using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;

namespace Contention.Package.Tests;

/// <summary>
/// samples/HazardGallery consumed as a user would: its sources in a project of their own that installs the packed
/// package, built with <c>dotnet build</c>; the warnings are exactly samples/expected-diagnostics.txt.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class GalleryPackageTests
{
    /// <summary>The rules that are suggestions by default: the expected list has them, so the build raises them to warnings.</summary>
    private static readonly string[] Suggestions = { "CTN1007", "CTN2006", "CTN2010", "CTN3010" };

    private readonly PackageFixture _package;

    public GalleryPackageTests(PackageFixture package) => _package = package;

    [Fact]
    public async Task TheGallery_BuiltAgainstThePackage_ShowsExactlyTheExpectedDiagnostics()
    {
        var samples = Path.Combine(DotNet.RepositoryRoot(), "samples");
        var gallery = Path.Combine(_package.WorkFolder, "gallery");
        Directory.CreateDirectory(gallery);
        foreach (var source in Directory.GetFiles(Path.Combine(samples, "HazardGallery"), "*.cs"))
        {
            File.Copy(source, Path.Combine(gallery, Path.GetFileName(source)));
        }

        // The repository's Directory.Build.props does not reach the temp folder: the settings the gallery relies on.
        File.WriteAllText(Path.Combine(gallery, "Gallery.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <OutputType>Library</OutputType>
                <Nullable>enable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
                <LangVersion>latest</LangVersion>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Contention.Analyzers" Version="{_package.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(
            Path.Combine(gallery, ".editorconfig"),
            "root = true\n\n[*.cs]\n" + string.Concat(Suggestions.Select(id => $"dotnet_diagnostic.{id}.severity = warning\n")));

        var build = await DotNet.RunAsync(gallery, _package.Packages, "build", "--no-incremental", "-p:UseSharedCompilation=false");

        var expected = File.ReadAllLines(Path.Combine(samples, "expected-diagnostics.txt"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .OrderBy(line => line, StringComparer.Ordinal);
        var actual = Regex.Matches(build.Output, @"(?<file>[\w.]+\.cs)\((?<line>\d+),\d+\): warning (?<id>CTN\d{4})")
            .Select(m => $"{m.Groups["file"].Value}:{m.Groups["line"].Value}: {m.Groups["id"].Value}")
            .Distinct()
            .OrderBy(line => line, StringComparer.Ordinal);
        Assert.Equal(expected, actual);
        Assert.DoesNotMatch(new Regex("CS8032|CS9057|AD0001"), build.Output);
    }
}
