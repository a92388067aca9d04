using System.Collections.Immutable;
using System.Linq;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace Contention.Analyzers.Tests.Analysis;

public sealed class MethodSummariesTests
{
    private const string Source = """
        using System; using System.IO; using System.Threading; using System.Threading.Tasks;
        [AttributeUsage(AttributeTargets.Method)] sealed class BlockingAttribute : Attribute { }
        class C
        {
            void Sleeps() => Thread.Sleep(5);
            void One() => Sleeps();
            void Two() => One();
            int Three() { Two(); return 1; }
            void Pure() => Console.WriteLine();
            void Ping(int n) { if (n > 0) Pong(n - 1); }
            void Pong(int n) { if (n > 0) Ping(n - 1); }
            void WaitsForTask(Task t) => t.Wait();
            void WaitsForDone() { var t = Task.CompletedTask; t.Wait(); }
            string Reads(string p) => File.ReadAllText(p);
            [Blocking] void Marked() { }
            void CallsMarked() => Marked();
            void Local() { Nap(); void Nap() => Thread.Sleep(1); }
        }
        """;

    [Theory]
    [InlineData("Sleeps", 1, "'Sleeps' → 'Thread.Sleep'")]
    [InlineData("One", 2, "'One' → 'Sleeps' → 'Thread.Sleep'")]
    [InlineData("Three", 4, "'Three' → 'Two' → 'One' → 'Sleeps' → 'Thread.Sleep'")]
    [InlineData("WaitsForTask", 1, "'WaitsForTask' → 'Wait()'")]
    [InlineData("Reads", 1, "'Reads' → 'File.ReadAllText'")]
    [InlineData("CallsMarked", 1, "'CallsMarked' → 'C.Marked'")]
    [InlineData("Local", 2, "'Local' → 'Nap' → 'Thread.Sleep'")]
    public void FindsThePath(string method, int depth, string path)
    {
        var (summaries, compilation) = Summarize();

        Assert.Equal(path, summaries.Blocks(Method(compilation, method), depth)?.Display);
    }

    [Theory]
    [InlineData("Three", 3)]
    [InlineData("Pure", 5)]
    [InlineData("Ping", 16)]
    [InlineData("WaitsForDone", 3)]
    [InlineData("Sleeps", 0)]
    public void FindsNothing(string method, int depth)
    {
        var (summaries, compilation) = Summarize();

        Assert.Null(summaries.Blocks(Method(compilation, method), depth));
    }

    private static (MethodSummaries Summaries, Compilation Compilation) Summarize()
    {
        var compilation = EngineTestHelpers.Compile(Source);
        var tree = compilation.SyntaxTrees[0];
        var model = compilation.GetSemanticModel(tree);
        var summaries = new MethodSummaries();
        var symbols = KnownSymbols.For(compilation);
        foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
        {
            var body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody!;
            summaries.RecordBlock(
                model.GetDeclaredSymbol(declaration)!,
                ImmutableArray.Create(model.GetOperation(body)!),
                symbols,
                AsyncTwin.For(compilation),
                ContentionOptions.Default);
        }

        return (summaries, compilation);
    }

    private static IMethodSymbol Method(Compilation compilation, string name) =>
        (IMethodSymbol)compilation.GetSymbolsWithName(name, SymbolFilter.Member).Single();
}
