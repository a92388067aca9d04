using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Contention.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace Contention.Analyzers.Tests.Meta;

/// <summary>The samples say what the rules do: ValidCode is silent, HazardGallery shows every rule.</summary>
public sealed class SamplesTests
{
    [Fact]
    public async Task ValidCode_IsSilentForEveryRule()
    {
        var result = await RunOnSampleAsync("ValidCode");

        Assert.Empty(result.Exceptions);
        Assert.Empty(result.CompilerErrors);
        Assert.Empty(result.Diagnostics.Select(Describe));
    }

    [Fact]
    public async Task HazardGallery_ProducesExactlyTheExpectedDiagnostics()
    {
        var result = await RunOnSampleAsync("HazardGallery");
        var expected = File.ReadAllLines(RepositoryPaths.Combine("samples", "expected-diagnostics.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .OrderBy(l => l, StringComparer.Ordinal);

        Assert.Empty(result.Exceptions);
        Assert.Empty(result.CompilerErrors);
        Assert.Equal(expected, result.Diagnostics.Select(Describe).OrderBy(l => l, StringComparer.Ordinal));
    }

    [Fact]
    public async Task EveryRule_HonoursExcludedTypes()
    {
        var gallery = await RunOnSampleAsync("HazardGallery");
        Assert.NotEmpty(gallery.Diagnostics);

        var excluded = await AnalyzerRunner.RunAsync(
            gallery.Compilation,
            ImmutableDictionary<string, string>.Empty.Add("contention.excluded_types", "HazardGallery.*"));

        Assert.Empty(excluded.Exceptions);
        Assert.Empty(excluded.Diagnostics.Select(Describe));
    }

    [Fact]
    public async Task HazardGallery_ShowsEveryRule()
    {
        var result = await RunOnSampleAsync("HazardGallery");
        var shown = result.Diagnostics.Select(d => d.Id).ToHashSet();

        Assert.All(AnalyzerRunner.AllAnalyzers.SelectMany(a => a.SupportedDiagnostics), d => Assert.Contains(d.Id, shown));
    }

    /// <summary>
    /// Every fix offered on a gallery hazard carries its rule's named equivalence key, distinct from the other fixes
    /// offered there, and changes the code; and
    /// every rule with a fixer gets a fix on at least one gallery hazard.
    /// </summary>
    [Fact]
    public async Task Fixers_OfferKeyedFixesOnGalleryHazards()
    {
        var result = await RunOnSampleAsync("HazardGallery");
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject("Gallery", LanguageNames.CSharp)
            .WithCompilationOptions(result.Compilation.Options)
            .WithParseOptions(result.Compilation.SyntaxTrees.First().Options)
            .WithMetadataReferences(TestReferences.CurrentSdkReferences);
        foreach (var tree in result.Compilation.SyntaxTrees)
        {
            project = project.AddDocument(tree.FilePath, tree.GetText(), filePath: tree.FilePath).Project;
        }

        var keys = typeof(Contention.CodeFixes.EquivalenceKeys).GetFields().Select(f => (string)f.GetValue(null)!).ToHashSet();
        var fixedIds = new HashSet<string>();
        foreach (var diagnostic in result.Diagnostics)
        {
            var document = project.Documents.Single(d => d.FilePath == diagnostic.Location.SourceTree!.FilePath);
            foreach (var fixer in AnalyzerRunner.AllCodeFixes.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                var actions = new List<CodeAction>();
                var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
                await fixer.RegisterCodeFixesAsync(context);
                if (actions.Count == 0)
                {
                    continue; // some sites have no fix that keeps the meaning (an async lambda's delegate type, say)
                }

                // Several fixes on one site must be told apart by their keys (Fix All applies one key at a time).
                Assert.Equal(actions.Count, actions.Select(a => a.EquivalenceKey).Distinct().Count());
                foreach (var action in actions)
                {
                    Assert.NotNull(action.EquivalenceKey);
                    Assert.Contains(action.EquivalenceKey, keys);
                    Assert.StartsWith(diagnostic.Id + ".", action.EquivalenceKey, StringComparison.Ordinal);

                    var operations = await action.GetOperationsAsync(CancellationToken.None);
                    var changed = Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution;
                    var newText = await changed.GetDocument(document.Id)!.GetTextAsync();
                    Assert.NotEqual((await document.GetTextAsync()).ToString(), newText.ToString());
                }

                fixedIds.Add(diagnostic.Id);
            }
        }

        Assert.All(AnalyzerRunner.AllCodeFixes.SelectMany(f => f.FixableDiagnosticIds), id => Assert.Contains(id, fixedIds));
    }

    internal static Task<AnalyzerRunner.Result> RunOnSampleAsync(string sample)
    {
        var sources = RepositoryPaths.SourcesUnder(Path.Combine("samples", sample))
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f)))
            .ToArray();
        Assert.NotEmpty(sources);
        return AnalyzerRunner.RunAsync(sources, OutputKind.DynamicallyLinkedLibrary);
    }

    private static string Describe(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        return $"{Path.GetFileName(span.Path)}:{span.StartLinePosition.Line + 1}: {diagnostic.Id}";
    }
}
