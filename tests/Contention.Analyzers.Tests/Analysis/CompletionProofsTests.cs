using System.Linq;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Contention.Analyzers.Tests.Analysis;

/// <summary><see cref="AsyncContext.IsProvenCompleted"/> on its own: the wait is the expression after the marker.</summary>
public sealed class CompletionProofsTests
{
    private const string Prefix = "using System.Collections.Generic; using System.Linq; using System.Threading.Tasks;\nclass C {\n";
    private const string Suffix = "\nTask<int> Get() => Task.FromResult(1); ValueTask<int> GetValue() => new ValueTask<int>(1); }";

    [Theory]
    [InlineData("async Task M() { var t = Get(); await t; _ = /*here*/t.Result; }")]
    [InlineData("async Task M() { var t = Get(); await t.ConfigureAwait(false); _ = /*here*/t.Result; }")]
    [InlineData("async Task M() { var a = Get(); var b = Get(); await Task.WhenAll(a, b); _ = /*here*/b.Result; }")]
    [InlineData("async Task M() { var a = Get(); await Task.WhenAll(new[] { a }).ConfigureAwait(false); _ = /*here*/a.Result; }")]
    [InlineData("async Task M() { var a = Get(); var all = Task.WhenAll(a, Get()); await all; _ = /*here*/a.Result; }")]
    [InlineData("async Task M() { var a = Get(); var done = await Task.WhenAny(a, Get()); _ = /*here*/done.Result; }")]
    [InlineData("async Task M() { var a = Get(); var done = await Task.WhenAny(a, Get()); if (done == a) { _ = /*here*/a.Result; } }")]
    [InlineData("void M(Task<int> t) { if (t.IsCompletedSuccessfully) { _ = /*here*/t.Result; } }")]
    [InlineData("void M(Task<int> t) { t.Wait(); _ = /*here*/t.Result; }")]
    [InlineData("void M(Task<int> a, Task<int> b) { Task.WaitAll(a, b); _ = /*here*/b.Result; }")]
    [InlineData("void M() { var t = Task.FromResult(2); _ = /*here*/t.Result; }")]
    [InlineData("void M() { _ = /*here*/Task.FromResult(2).Result; }")]
    [InlineData("void M(Task<int> t) { t.ContinueWith(done => /*here*/done.Result); }")]
    [InlineData("async Task M(List<Task<int>> all) { await Task.WhenAll(all); _ = all.Sum(x => /*here*/x.Result); }")]
    [InlineData("async Task M(List<Task<int>> all) { await Task.WhenAll(all); foreach (var x in all) { _ = /*here*/x.Result; } }")]
    public void Proven(string member) => Assert.True(IsProven(member));

    [Theory]
    [InlineData("async Task M() { var t = Get(); _ = /*here*/t.Result; await t; }")]
    [InlineData("async Task M() { var t = Get(); await t; t = Get(); _ = /*here*/t.Result; }")]
    [InlineData("async Task M() { var t = Get(); var u = Get(); await t; (t, u) = (u, t); _ = /*here*/t.Result; }")]
    [InlineData("async Task M() { var t = GetValue(); await t; _ = /*here*/t.Result; }")]
    [InlineData("void M(Task<int> t) { if (!t.IsCompleted) { _ = /*here*/t.Result; } }")]
    [InlineData("async Task M() { var a = Get(); await Task.WhenAny(a, Get()); _ = /*here*/a.Result; }")]
    [InlineData("Task<int> _field = Task.FromResult(1); async Task M() { await _field; _ = /*here*/_field.Result; }")]
    [InlineData("void M() { _ = /*here*/Get().Result; }")]
    public void NotProven(string member) => Assert.False(IsProven(member));

    private static bool IsProven(string member)
    {
        var (operation, _) = EngineTestHelpers.OperationAtMarker(Prefix + member + Suffix);
        var symbols = KnownSymbols.For(operation.SemanticModel!.Compilation);
        IOperation? wait = operation;
        while (wait is not null && !TaskWaits.TryMatch(wait, symbols, out _))
        {
            wait = wait.Parent;
        }

        Assert.NotNull(wait);
        TaskWaits.TryMatch(wait, symbols, out var match);
        return match!.Tasks.All(t => AsyncContext.IsProvenCompleted(t, wait, symbols));
    }
}
