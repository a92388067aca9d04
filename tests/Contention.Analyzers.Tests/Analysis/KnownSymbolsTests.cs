using System.Threading.Tasks;
using Contention.Analyzers.Analysis;
using Contention.Analyzers.Tests.Verifiers;
using Xunit;

namespace Contention.Analyzers.Tests.Analysis;

public sealed class KnownSymbolsTests
{
    [Fact]
    public void ResolvesOncePerCompilation()
    {
        var compilation = EngineTestHelpers.Compile("class C { }");

        Assert.Same(KnownSymbols.For(compilation), KnownSymbols.For(compilation));
        Assert.NotSame(KnownSymbols.For(compilation), KnownSymbols.For(compilation.Clone()));
    }

    [Fact]
    public void FindsTheMembersTheRulesNeed()
    {
        var symbols = KnownSymbols.For(EngineTestHelpers.Compile("class C { }"));

        Assert.Equal(2, symbols.ThreadSleep.Length);
        Assert.True(symbols.TaskDelay.Length >= 4, "Delay(int), Delay(TimeSpan) and their CancellationToken overloads");
        Assert.NotNull(symbols.Monitor);
        Assert.NotNull(symbols.CancellationToken);
        Assert.NotNull(symbols.Lock);
    }

    [Fact]
    public async Task WithoutTheTypes_NothingIsResolvedAndNothingReported()
    {
        var compilation = EngineTestHelpers.Compile("class C { }", withReferences: false);
        var symbols = KnownSymbols.For(compilation);

        Assert.Null(symbols.Thread);
        Assert.True(symbols.ThreadSleep.IsEmpty);
        Assert.Null(symbols.Lock);

        // Code that would be a hazard with references: CTN1002 cannot know Thread.Sleep and stays quiet.
        var result = await AnalyzerRunner.RunAsync(EngineTestHelpers.Compile(
            "class C { async void M() { System.Threading.Thread.Sleep(5); } }", withReferences: false));
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == DiagnosticIds.CTN1002ThreadSleepInAsync);
        Assert.Empty(result.Exceptions);
    }
}
