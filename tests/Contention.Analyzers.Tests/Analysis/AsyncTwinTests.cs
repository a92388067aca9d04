using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Xunit;

namespace Contention.Analyzers.Tests.Analysis;

public sealed class AsyncTwinTests
{
    private const string Prefix = """
        using System; using System.IO; using System.Threading; using System.Threading.Tasks;
        class Repo
        {
            public int Count() => 1;
            public void Save(string item) { }
            public Task SaveAsync(int id) => Task.CompletedTask;
            public void Load() { }
            [Obsolete] public Task LoadAsync() => Task.CompletedTask;
            public void Run() { }
            public Task RunAsync() { /*here*/Run(); return Task.CompletedTask; }
        }
        static class RepoExtensions
        {
            public static Task<int> CountAsync(this Repo repo, CancellationToken cancellationToken = default) => Task.FromResult(1);
        }
        class C
        {

        """;

    [Theory]
    [InlineData("async Task M(string p) { /*here*/File.ReadAllText(p); }", "ReadAllTextAsync", 2)]
    [InlineData("async Task M(Stream s) { /*here*/s.Read(new byte[1], 0, 1); }", "ReadAsync", 4)]
    [InlineData("async Task M(SemaphoreSlim g) { /*here*/g.Wait(); }", "WaitAsync", 1)]
    [InlineData("async Task M(SemaphoreSlim g) { /*here*/g.Wait(100); }", "WaitAsync", 2)]
    [InlineData("async Task M(Repo r) { /*here*/r.Count(); }", "CountAsync", 1)]
    public void FindsTheTwin(string member, string twinName, int twinParameters)
    {
        var twin = Find(member);

        Assert.NotNull(twin);
        Assert.Equal(twinName, twin!.Name);
        Assert.Equal(twinParameters, twin.Parameters.Length);
    }

    [Theory]
    [InlineData("async Task M() { /*here*/new MemoryStream().Read(new byte[1], 0, 1); }")]
    [InlineData("async Task M() { /*here*/new StringReader(\"\").ReadToEnd(); }")]
    [InlineData("async Task M(Repo r) { /*here*/r.Save(\"x\"); }")]
    [InlineData("async Task M(Repo r) { /*here*/r.Load(); }")]
    [InlineData("async Task M(CancellationTokenSource s) { /*here*/s.Cancel(); }")]
    [InlineData("async Task M(Task t) { /*here*/t.Wait(); }")]
    [InlineData("async Task M(Stream s) { /*here*/s.Read(new Span<byte>(new byte[1])); }")]
    [InlineData("async Task M() { /*here*/Console.WriteLine(); }")]
    public void FindsNoTwin(string member) => Assert.Null(Find(member));

    [Fact]
    public void TheEnclosingMethodIsNeverItsOwnTwin()
    {
        var (operation, containing) = EngineTestHelpers.OperationAtMarker(Prefix + "}");
        var invocation = (IInvocationOperation)operation;

        Assert.Null(AsyncTwin.For(operation.SemanticModel!.Compilation).Find(invocation, (IMethodSymbol)containing));
    }

    [Fact]
    public void LookupsAreCachedPerCompilation()
    {
        var compilation = EngineTestHelpers.Compile("class C { }");

        Assert.Same(AsyncTwin.For(compilation), AsyncTwin.For(compilation));
    }

    private static IMethodSymbol? Find(string member)
    {
        var source = (Prefix + member + "\n}").Replace("public Task RunAsync() { /*here*/Run();", "public Task RunAsync() { Run();", System.StringComparison.Ordinal);
        var (operation, containing) = EngineTestHelpers.OperationAtMarker(source);
        var invocation = Assert.IsAssignableFrom<IInvocationOperation>(operation);
        return AsyncTwin.For(operation.SemanticModel!.Compilation).Find(invocation, (IMethodSymbol)containing);
    }
}
