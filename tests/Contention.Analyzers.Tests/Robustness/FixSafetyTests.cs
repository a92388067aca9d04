using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Contention.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Xunit;
using Xunit.Abstractions;

namespace Contention.Analyzers.Tests.Robustness;

/// <summary>
/// Every fix on real hazards (samples/HazardGallery and the harness scenarios' <c>Hazard</c> classes), one diagnostic at a
/// time and through Fix All at document, project and solution scope, leaves code that compiles as well as before
/// (no compiler error it did not have) and carries no more diagnostics of ours, rule by rule, than before. Fixes on
/// hazards with a syntax error inside the reported span do not add errors either.
/// </summary>
[Collection(RobustnessCollection.Name)]
public sealed class FixSafetyTests : IClassFixture<FixSafetyTests.Hazards>
{
    private readonly Hazards _hazards;
    private readonly ITestOutputHelper _output;

    public FixSafetyTests(Hazards hazards, ITestOutputHelper output)
    {
        _hazards = hazards;
        _output = output;
    }

    /// <summary>Fails when a code action of any fixer, applied to one diagnostic, adds a compiler error or a CTN diagnostic.</summary>
    [Fact]
    public async Task EveryFixOfEveryHazard_AddsNoErrorAndNoDiagnostic()
    {
        Assert.NotEmpty(_hazards.Offers);
        var fixes = new List<AppliedFix>();
        foreach (var offer in _hazards.Offers)
        {
            var what = $"{offer.Fixer.GetType().Name} '{offer.Action.Title}' ({offer.Action.EquivalenceKey}) on {RobustnessCorpus.Describe(offer.Diagnostic)}";
            fixes.Add(new AppliedFix(what, new[] { offer.Diagnostic.Id }, await ApplyAsync(offer.Action)));
        }

        var problems = await _hazards.RegressionsAsync(fixes);
        var unfixed = _hazards.Diagnostics.Except(_hazards.Offers.Select(o => o.Diagnostic)).GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal);
        _output.WriteLine($"{_hazards.Offers.Count} code actions applied to {_hazards.Offers.Select(o => o.Diagnostic).Distinct().Count()} of {_hazards.Diagnostics.Length} diagnostics; "
            + $"no action offered on {string.Join(", ", unfixed.Select(g => $"{g.Key}×{g.Count()}"))}");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine + Environment.NewLine, problems));
    }

    /// <summary>
    /// Fails when a fixer's Fix All does not support <paramref name="scope"/>, produces nothing where its single fix
    /// applies, or adds a compiler error or a CTN diagnostic.
    /// </summary>
    [Theory]
    [InlineData(FixAllScope.Document)]
    [InlineData(FixAllScope.Project)]
    [InlineData(FixAllScope.Solution)]
    public async Task FixAll_AddsNoErrorAndNoDiagnostic(FixAllScope scope)
    {
        var problems = new List<string>();
        var fixes = new List<AppliedFix>();
        foreach (var group in _hazards.Offers.GroupBy(o => (o.Fixer, o.Action.EquivalenceKey)))
        {
            var (fixer, key) = group.Key;
            var name = $"{fixer.GetType().Name} Fix All ({key}) in {scope}";
            var provider = fixer.GetFixAllProvider();
            if (provider is null || !provider.GetSupportedFixAllScopes().Contains(scope))
            {
                problems.Add($"{name}: scope not supported");
                continue;
            }

            var triggers = scope switch
            {
                FixAllScope.Document => group.GroupBy(o => o.Document.Id).Select(g => (g.First().Document, Scope: g.First().Document.Name)),
                FixAllScope.Project => group.GroupBy(o => o.Document.Project.Id).Select(g => (g.First().Document, Scope: g.First().Document.Project.Name)),
                _ => group.Take(1).Select(o => (o.Document, Scope: "solution")),
            };
            foreach (var (document, where) in triggers)
            {
                var context = new FixAllContext(
                    document, fixer, scope, key, fixer.FixableDiagnosticIds, new KnownDiagnostics(_hazards.Diagnostics), CancellationToken.None);
                var action = await provider.GetFixAsync(context);
                if (action is null)
                {
                    problems.Add($"{name} of {where}: no change, though the single fix applies there");
                    continue;
                }

                fixes.Add(new AppliedFix($"{name} of {where}", fixer.FixableDiagnosticIds, await ApplyAsync(action)));
            }
        }

        problems.AddRange(await _hazards.RegressionsAsync(fixes));
        _output.WriteLine($"{fixes.Count} Fix All actions applied at {scope} scope");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine + Environment.NewLine, problems));
    }

    /// <summary>
    /// A copy of each fixable gallery hazard with a syntax error inside its reported span (a stray ')', a token removed
    /// or a token doubled). Fails when any fix is offered there, or a fixer throws.
    /// </summary>
    [Fact]
    public async Task NoFixIsOfferedOnBrokenHazards()
    {
        var problems = new List<string>();
        var (copies, stillReported, actions) = (0, 0, 0);
        var cases = _hazards.Offers
            .Where(o => o.Document.Project.Name == RobustnessCorpus.GalleryName)
            .Select(o => o.Diagnostic)
            .Distinct()
            .ToArray();
        foreach (var (diagnostic, index) in cases.Select((d, i) => (d, i)))
        {
            var document = _hazards.Solution.GetDocument(diagnostic.Location.SourceTree)!;
            var text = await document.GetTextAsync();
            var root = await document.GetSyntaxRootAsync();
            var span = diagnostic.Location.SourceSpan;
            var tokens = root!.DescendantTokens(span).Where(t => span.Contains(t.Span) && t.Span.Length > 0).ToArray();
            if (tokens.Length == 0)
            {
                continue;
            }

            // In turn: a stray ')' after the first token, the last token removed, the middle token doubled.
            var middle = tokens[tokens.Length / 2];
            var (change, how) = (index % 3) switch
            {
                0 => (new TextChange(new TextSpan(tokens[0].Span.End, 0), " )"), $"')' inserted after '{tokens[0].Text}'"),
                1 when tokens.Length > 1 => (new TextChange(tokens[^1].Span, ""), $"'{tokens[^1].Text}' removed"),
                _ => (new TextChange(new TextSpan(middle.Span.End, 0), " " + middle.Text), $"'{middle.Text}' doubled"),
            };
            var broken = document.WithText(text.WithChanges(change));
            copies++;

            var analysis = await AnalyzerRunner.RunWithCompilerAsync((await broken.Project.GetCompilationAsync())!);
            var name = $"{RobustnessCorpus.Describe(diagnostic)} with {how}";
            if (RobustnessCorpus.HasFailures(analysis))
            {
                problems.Add($"{name}: analyzer exception{Environment.NewLine}{RobustnessCorpus.DescribeExceptions(analysis)}");
            }

            var brokenTree = await broken.GetSyntaxTreeAsync();
            var around = TextSpan.FromBounds(Math.Max(0, span.Start - 1), span.End + 2);
            foreach (var reported in analysis.Diagnostics.Where(d => d.Id == diagnostic.Id && d.Location.SourceTree == brokenTree && d.Location.SourceSpan.OverlapsWith(around)))
            {
                stillReported++;
                foreach (var fixer in AnalyzerRunner.AllCodeFixes.Where(f => f.FixableDiagnosticIds.Contains(reported.Id)))
                {
                    List<CodeAction> offered;
                    try
                    {
                        offered = await OffersAsync(fixer, broken, reported);
                    }
                    catch (Exception exception)
                    {
                        problems.Add($"{name}: {fixer.GetType().Name} threw while registering{Environment.NewLine}{exception}");
                        continue;
                    }

                    // The error is inside the span a fix would rewrite: no fix may be offered (FixGuard).
                    foreach (var action in offered)
                    {
                        actions++;
                        problems.Add($"{name}: {fixer.GetType().Name} offered '{action.Title}' on code with an error in the span it would rewrite");
                    }
                }
            }
        }

        _output.WriteLine($"{copies} broken copies; the diagnostic still reported on {stillReported}; {actions} code actions offered there");
        Assert.NotEqual(0, copies);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine + Environment.NewLine, problems));
    }

    internal static async Task<List<CodeAction>> OffersAsync(CodeFixProvider fixer, Document document, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await fixer.RegisterCodeFixesAsync(context);
        return actions.SelectMany(Flatten).ToList();

        static IEnumerable<CodeAction> Flatten(CodeAction action) =>
            action.NestedActions.IsDefaultOrEmpty ? new[] { action } : action.NestedActions.SelectMany(Flatten);
    }

    private static async Task<Solution> ApplyAsync(CodeAction action)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        return Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution;
    }

    /// <summary>The diagnostics Fix All sees: the hazards of the original solution, nothing else.</summary>
    private sealed class KnownDiagnostics : FixAllContext.DiagnosticProvider
    {
        private readonly ImmutableArray<Diagnostic> _diagnostics;

        public KnownDiagnostics(ImmutableArray<Diagnostic> diagnostics) => _diagnostics = diagnostics;

        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            var tree = await document.GetSyntaxTreeAsync(cancellationToken);
            return _diagnostics.Where(d => d.Location.SourceTree == tree).ToArray();
        }

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
        {
            var all = new List<Diagnostic>();
            foreach (var document in project.Documents)
            {
                all.AddRange(await GetDocumentDiagnosticsAsync(document, cancellationToken));
            }

            return all;
        }
    }

    /// <summary>
    /// One workspace, two projects: the gallery and the harness (as <see cref="RobustnessCorpus.Harness"/> compiles it);
    /// their errors and diagnostics before any fix, the hazards to fix and every code action offered on them.
    /// </summary>
    public sealed class Hazards : IAsyncLifetime
    {
        /// <summary>
        /// A fix that leaves exactly the code another rule improves on may surface that rule's suggestion; such a
        /// follow-up is the next step, not a regression. Anything else a fix adds fails the test.
        /// </summary>
        private static readonly HashSet<(string Fixed, string FollowUp)> AcceptedFollowUps = new()
        {
            // Making a locked object field readonly (CTN3003), or turning Monitor.Enter/Exit into a lock statement
            // (CTN3005), leaves a readonly object that is only ever locked: CTN3010 (info) suggests System.Threading.Lock.
            ("CTN3003", "CTN3010"),
            ("CTN3005", "CTN3010"),
        };

        private readonly AdhocWorkspace _workspace = new();
        private readonly Dictionary<ProjectId, Snapshot> _before = new();

        /// <summary>Snapshots by project text: single fixes and Fix All often produce the same code.</summary>
        private readonly Dictionary<string, Snapshot> _snapshots = new(StringComparer.Ordinal);

        public Solution Solution { get; private set; } = null!;

        /// <summary>Every gallery diagnostic and every harness diagnostic inside a scenario's nested <c>Hazard</c> class.</summary>
        public ImmutableArray<Diagnostic> Diagnostics { get; private set; }

        public IReadOnlyList<Offer> Offers { get; private set; } = Array.Empty<Offer>();

        public async Task InitializeAsync()
        {
            var solution = _workspace.CurrentSolution;
            foreach (var compilation in new[] { RobustnessCorpus.Gallery(), RobustnessCorpus.Harness() })
            {
                var projectId = ProjectId.CreateNewId(compilation.AssemblyName);
                solution = solution.AddProject(ProjectInfo.Create(
                    projectId,
                    VersionStamp.Default,
                    compilation.AssemblyName!,
                    compilation.AssemblyName!,
                    LanguageNames.CSharp,
                    compilationOptions: compilation.Options,
                    parseOptions: RobustnessCorpus.ParseOptions,
                    metadataReferences: TestReferences.CurrentSdkReferences));
                foreach (var tree in compilation.SyntaxTrees)
                {
                    solution = solution.AddDocument(DocumentId.CreateNewId(projectId, tree.FilePath), tree.FilePath, tree.GetText(), filePath: tree.FilePath);
                }
            }

            Solution = solution;
            var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
            foreach (var project in solution.Projects)
            {
                var snapshot = await Snapshot.TakeAsync(project);
                Assert.Empty(snapshot.Errors);
                Assert.True(snapshot.Analysis.Exceptions.Count == 0, RobustnessCorpus.DescribeExceptions(snapshot.Analysis));
                _before[project.Id] = snapshot;
                diagnostics.AddRange(snapshot.Analysis.Diagnostics.Where(d => project.Name == RobustnessCorpus.GalleryName || InScenarioHazard(d)));
            }

            Diagnostics = diagnostics.ToImmutable();
            Assert.Contains(Diagnostics, d => d.Location.SourceTree!.FilePath.StartsWith("src/", StringComparison.Ordinal));

            var offers = new List<Offer>();
            foreach (var diagnostic in Diagnostics)
            {
                var document = solution.GetDocument(diagnostic.Location.SourceTree)!;
                foreach (var fixer in AnalyzerRunner.AllCodeFixes.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
                {
                    offers.AddRange((await OffersAsync(fixer, document, diagnostic)).Select(a => new Offer(diagnostic, document, fixer, a)));
                }
            }

            Offers = offers;
        }

        public Task DisposeAsync()
        {
            _workspace.Dispose();
            return Task.CompletedTask;
        }

        /// <summary>
        /// What each of <paramref name="fixes"/> broke, compared with the solution before any fix. To keep this fast, fixes
        /// that change different documents are checked together, by file: a file's errors and diagnostics are blamed on
        /// the fix that changed it; anything new in a file no fix of the batch changed sends the batch back to be
        /// checked one fix at a time, by project.
        /// </summary>
        public async Task<List<string>> RegressionsAsync(IReadOnlyList<AppliedFix> fixes)
        {
            var problems = new List<string>();
            var batches = new List<List<(AppliedFix Fix, ImmutableArray<DocumentId> Documents)>>();
            foreach (var fix in fixes)
            {
                var changes = fix.Changed.GetChanges(Solution).GetProjectChanges().ToArray();
                if (!changes.All(OnlyDocumentTextChanged))
                {
                    // Added documents or references cannot be merged with other fixes: checked alone.
                    problems.AddRange(await RegressionsAsync(fix));
                    continue;
                }

                var documents = changes.SelectMany(c => c.GetChangedDocuments()).ToImmutableArray();
                var batch = batches.FirstOrDefault(b => b.TrueForAll(other => !other.Documents.Intersect(documents).Any()));
                if (batch is null)
                {
                    batches.Add(batch = new());
                }

                batch.Add((fix, documents));
            }

            foreach (var batch in batches)
            {
                if (batch.Count == 1)
                {
                    problems.AddRange(await RegressionsAsync(batch[0].Fix));
                    continue;
                }

                var merged = Solution;
                foreach (var (fix, documents) in batch)
                {
                    foreach (var id in documents)
                    {
                        merged = merged.WithDocumentText(id, await fix.Changed.GetDocument(id)!.GetTextAsync());
                    }
                }

                var blamed = new List<string>();
                var unexplained = false;
                foreach (var projectId in batch.SelectMany(b => b.Documents).Select(d => d.ProjectId).Distinct())
                {
                    var before = _before[projectId];
                    var after = await SnapshotAsync(merged.GetProject(projectId)!);
                    foreach (var file in after.Errors.Concat(after.Ours).Select(FileOf).Distinct())
                    {
                        var culprit = batch.FirstOrDefault(b => b.Documents.Any(d => Solution.GetDocument(d)!.FilePath == file));
                        var accepted = culprit.Fix is null ? new HashSet<string>() : Accepted(culprit.Fix.FixedIds);
                        var found = Compare("compiler errors", InFile(before.Errors, file), InFile(after.Errors, file))
                            .Concat(Compare("Contention diagnostics", InFile(before.Ours, file).RemoveAll(d => accepted.Contains(d.Id)), InFile(after.Ours, file).RemoveAll(d => accepted.Contains(d.Id))))
                            .ToList();
                        if (found.Count == 0)
                        {
                            continue;
                        }

                        if (culprit.Fix is null)
                        {
                            unexplained = true;
                            break;
                        }

                        blamed.Add($"{culprit.Fix.What}:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", found)
                            + Environment.NewLine + await DescribeChangesAsync(Solution, culprit.Fix.Changed));
                    }

                    if (after.Analysis.Exceptions.Count > 0)
                    {
                        unexplained = true;
                    }
                }

                if (unexplained)
                {
                    foreach (var (fix, _) in batch)
                    {
                        problems.AddRange(await RegressionsAsync(fix));
                    }
                }
                else
                {
                    problems.AddRange(blamed);
                }
            }

            return problems;
        }

        /// <summary>What one fix broke, project by project.</summary>
        private async Task<IEnumerable<string>> RegressionsAsync(AppliedFix fix)
        {
            var problems = new List<string>();
            var accepted = Accepted(fix.FixedIds);
            foreach (var projectChanges in fix.Changed.GetChanges(Solution).GetProjectChanges())
            {
                var before = _before[projectChanges.ProjectId];
                var after = await SnapshotAsync(projectChanges.NewProject);
                var found = Compare("compiler errors", before.Errors, after.Errors)
                    .Concat(Compare("Contention diagnostics", before.Ours.RemoveAll(d => accepted.Contains(d.Id)), after.Ours.RemoveAll(d => accepted.Contains(d.Id))))
                    .ToList();
                if (after.Analysis.Exceptions.Count > 0)
                {
                    found.Add("analyzer exception after the fix: " + RobustnessCorpus.DescribeExceptions(after.Analysis));
                }

                if (found.Count > 0)
                {
                    problems.Add($"{fix.What}:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", found)
                        + Environment.NewLine + await DescribeChangesAsync(Solution, fix.Changed));
                }
            }

            return problems;
        }

        private static bool OnlyDocumentTextChanged(ProjectChanges changes) =>
            !changes.GetAddedDocuments().Any()
            && !changes.GetRemovedDocuments().Any()
            && !changes.GetAddedMetadataReferences().Any()
            && !changes.GetRemovedMetadataReferences().Any()
            && !changes.GetAddedProjectReferences().Any()
            && !changes.GetRemovedProjectReferences().Any()
            && changes.NewProject.CompilationOptions == changes.OldProject.CompilationOptions
            && changes.NewProject.ParseOptions == changes.OldProject.ParseOptions;

        private static HashSet<string> Accepted(IEnumerable<string> fixedIds) =>
            AcceptedFollowUps.Where(f => fixedIds.Contains(f.Fixed)).Select(f => f.FollowUp).ToHashSet(StringComparer.Ordinal);

        private static string? FileOf(Diagnostic diagnostic) => diagnostic.Location.SourceTree?.FilePath;

        private static ImmutableArray<Diagnostic> InFile(ImmutableArray<Diagnostic> diagnostics, string? file) =>
            diagnostics.Where(d => FileOf(d) == file).ToImmutableArray();

        private async Task<Snapshot> SnapshotAsync(Project project)
        {
            var texts = new List<string> { project.Name };
            foreach (var document in project.Documents)
            {
                texts.Add((await document.GetTextAsync()).ToString());
            }

            var key = string.Join("\u0000", texts);
            if (!_snapshots.TryGetValue(key, out var snapshot))
            {
                snapshot = await Snapshot.TakeAsync(project);
                _snapshots[key] = snapshot;
            }

            return snapshot;
        }

        internal static async Task<string> DescribeChangesAsync(Solution before, Solution after)
        {
            var lines = new List<string>();
            foreach (var projectChanges in after.GetChanges(before).GetProjectChanges())
            {
                foreach (var id in projectChanges.GetChangedDocuments())
                {
                    var changes = await after.GetDocument(id)!.GetTextChangesAsync(before.GetDocument(id)!);
                    var oldText = await before.GetDocument(id)!.GetTextAsync();
                    lines.AddRange(changes.Select(c =>
                        $"  {before.GetDocument(id)!.Name}:{oldText.Lines.GetLinePosition(c.Span.Start).Line + 1}: «{oldText.GetSubText(c.Span)}» → «{c.NewText}»"));
                }
            }

            return string.Join(Environment.NewLine, lines.Take(12));
        }

        /// <summary>Each id whose count grew, with the new diagnostics' text.</summary>
        private static IEnumerable<string> Compare(string what, ImmutableArray<Diagnostic> before, ImmutableArray<Diagnostic> after)
        {
            var counts = before.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count());
            foreach (var group in after.GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var had = counts.TryGetValue(group.Key, out var n) ? n : 0;
                if (group.Count() > had)
                {
                    var old = before.Select(d => d.GetMessage()).ToHashSet();
                    var newMessages = group.Where(d => !old.Contains(d.GetMessage())).ToList();
                    var added = (newMessages.Count > 0 ? newMessages : group.ToList()).Select(d => d.ToString()).Take(3);
                    yield return $"{what}: {group.Key} {had} → {group.Count()}: {string.Join(" | ", added)}";
                }
            }
        }

        private static bool InScenarioHazard(Diagnostic diagnostic)
        {
            var tree = diagnostic.Location.SourceTree!;
            if (!tree.FilePath.StartsWith("src/Contention.Harness/Scenarios/", StringComparison.Ordinal))
            {
                return false;
            }

            return tree.GetRoot().FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
                .AncestorsAndSelf()
                .OfType<ClassDeclarationSyntax>()
                .Any(c => c.Identifier.ValueText == "Hazard" && c.Parent is ClassDeclarationSyntax);
        }
    }

    public sealed record Offer(Diagnostic Diagnostic, Document Document, CodeFixProvider Fixer, CodeAction Action);

    /// <summary>A fix (of diagnostics <see cref="FixedIds"/>) applied: the solution it leads to, and what it was.</summary>
    public sealed record AppliedFix(string What, IReadOnlyCollection<string> FixedIds, Solution Changed);

    /// <summary>A project's compiler errors and our diagnostics.</summary>
    internal sealed record Snapshot(ImmutableArray<Diagnostic> Errors, AnalyzerRunner.Result Analysis)
    {
        public ImmutableArray<Diagnostic> Ours => Analysis.Diagnostics.Where(d => d.Id.StartsWith("CTN", StringComparison.Ordinal)).ToImmutableArray();

        public static async Task<Snapshot> TakeAsync(Project project)
        {
            var analysis = await AnalyzerRunner.RunWithCompilerAsync((await project.GetCompilationAsync())!);
            return new Snapshot(analysis.CompilerErrors, analysis);
        }
    }
}
