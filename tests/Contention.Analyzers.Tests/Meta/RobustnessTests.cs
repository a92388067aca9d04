using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Contention.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Contention.Analyzers.Tests.Meta;

/// <summary>Every analyzer, on inputs no rule is about: no exception and no diagnostic.</summary>
public sealed class RobustnessTests
{
    public static TheoryData<string, string> OddInputs() => new()
    {
        { "empty", "" },
        { "only trivia", "// nothing here\n#if DEBUG\n#endif\n" },
        { "unbalanced braces", "class C { void M() { { { }" },
        { "missing everything", "class { async ( => lock" },
        { "stray tokens", "namespace N; ]]] class C { int x = ; } }}}" },
        { "lock without body", "class C { readonly object o = new object(); void M() { lock (o) } }" },
        { "await outside async", "class C { void M() { await System.Threading.Tasks.Task.Delay(1); } }" },
        { "direct recursion", "class C { int F(int n) => n <= 0 ? 0 : F(n - 1); }" },
        { "mutual recursion", "class C { async System.Threading.Tasks.Task A() => await B(); async System.Threading.Tasks.Task B() => await A(); }" },
        { "recursive lambda", "using System; class C { void M() { Func<int, int> f = null!; f = n => n == 0 ? 0 : f(n - 1); } }" },
        { "recursive type", "class Node<T> where T : Node<T> { Node<Node<T>>? Next; }" },
        { "deep nesting", "class C { void M() { " + new StringBuilder().Insert(0, "if (true) { ", 300) + new string('}', 300) + " } }" },
    };

    [Theory]
    [MemberData(nameof(OddInputs))]
    public async Task NoExceptionAndNoDiagnostic(string name, string source)
    {
        var result = await AnalyzerRunner.RunAsync(source);

        Assert.True(result.Exceptions.Count == 0, name + ": " + string.Join("; ", result.Exceptions));
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public async Task TopLevelStatementsWithoutHazards_AreSilent()
    {
        var result = await AnalyzerRunner.RunAsync(
            new[] { ("Program.cs", "using System.Threading;\nusing System.Threading.Tasks;\nThread.Sleep(1);\nlock (args) { }\n") },
            OutputKind.ConsoleApplication);

        Assert.Empty(result.Exceptions);
        Assert.Empty(result.CompilerErrors);
        Assert.Empty(result.Diagnostics);
    }
}
