using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Contention.Analyzers.Tests.Analysis;

public sealed class AsyncContextTests
{
    [Theory]
    [InlineData("class C { async Task M() { /*here*/Work(); await Task.Yield(); } void Work() { } }", "async method 'M'")]
    [InlineData("class C { void M() { Func<Task> f = async () => { /*here*/Work(); await Task.Yield(); }; } void Work() { } }", "an async lambda")]
    [InlineData("class C { void M() { Func<Task> f = async delegate { /*here*/Work(); await Task.Yield(); }; } void Work() { } }", "an async lambda")]
    [InlineData("class C { void M() { async Task Local() { /*here*/Work(); await Task.Yield(); } } void Work() { } }", "async local function 'Local'")]
    [InlineData("class C { async IAsyncEnumerable<int> M() { /*here*/Work(); await Task.Yield(); yield return 1; } void Work() { } }", "async method 'M'")]
    [InlineData("class C { async void OnClick(object s, EventArgs e) { /*here*/Work(); await Task.Yield(); } void Work() { } }", "async method 'OnClick'")]
    public void AsyncFunctions_AreAsyncCode(string member, string description)
    {
        var (operation, containing) = EngineTestHelpers.OperationAtMarker(Usings + member);

        Assert.True(AsyncContext.IsInAsyncCode(operation, containing, out var function));
        Assert.Equal(description, AsyncContext.Describe(function!));
    }

    [Theory]
    [InlineData("class C { void M() { /*here*/Work(); } void Work() { } }")]
    [InlineData("class C { Task M() { /*here*/Work(); return Task.CompletedTask; } void Work() { } }")]
    [InlineData("class C { async Task M() { await Task.Run(() => /*here*/Work()); } void Work() { } }")]
    [InlineData("class C { async Task M() { await Task.Yield(); Local(); void Local() => /*here*/Work(); } void Work() { } }")]
    [InlineData("class C { async Task M() { Action a = delegate { /*here*/Work(); }; await Task.Yield(); } void Work() { } }")]
    [InlineData("class C { int _x = /*here*/Compute(); static int Compute() => 1; }")]
    [InlineData("class C { int P => /*here*/Compute(); static int Compute() => 1; }")]
    public void SynchronousCode_IsNot(string member)
    {
        var (operation, containing) = EngineTestHelpers.OperationAtMarker(Usings + member);

        Assert.False(AsyncContext.IsInAsyncCode(operation, containing, out _));
    }

    [Theory]
    [InlineData("await Task.Yield();\n/*here*/Console.WriteLine();", true)]
    [InlineData("/*here*/Console.WriteLine();", false)]
    public void TopLevelStatements_AreAsyncOnlyWithAwait(string statements, bool expected)
    {
        var (operation, containing) = EngineTestHelpers.OperationAtMarker(Usings + statements, OutputKind.ConsoleApplication);

        Assert.Equal(expected, AsyncContext.IsInAsyncCode(operation, containing, out var function));
        if (expected)
        {
            Assert.Equal("async top-level statements", AsyncContext.Describe(function!));
        }
    }

    private const string Usings = "using System; using System.Collections.Generic; using System.Threading.Tasks;\n";
}
