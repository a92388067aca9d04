using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Contention.Analyzers.Analysis;
using Contention.Analyzers.Tests.Robustness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace Contention.Analyzers.Tests.Analysis;

/// <summary>
/// <see cref="CodeBlocks"/> binds code blocks itself, on request, instead of letting the compiler build every
/// operation tree. Its operation actions must see exactly the operations, with the same owning symbols, that the
/// compiler's own operation actions see, or rules would go quiet or speak in places they never did.
/// </summary>
public sealed class CodeBlocksTests
{
    private const string EveryKindOfBlock = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        public class Base
        {
            public Base(int value) { Value = value; }
            public int Value { get; }
        }

        public class Derived(int seed) : Base(Twice(seed))
        {
            private static int Twice(int x) => x * 2;
            private readonly int _seeded = seed + 1;
            public int Seeded => _seeded;
        }

        public record Point(int X, int Y)
        {
            public int Sum => X + Y;
        }

        public record Point3(int X, int Y, int Z) : Point(X + 1, Y);

        public struct Pair
        {
            public int A = 1;
            public Pair() { }
        }

        public enum Level { Low = 1, High = Low << 4 }

        public class Everything : Base, IDisposable
        {
            private static readonly object Gate = new object();
            private int _count = Environment.ProcessorCount, _other = 2;
            private readonly List<int> _items = new List<int> { 1, 2 };
            public static int Shared { get; set; } = Compute();
            public int Count { get => _count; set { _count = value + 1; } }
            public int Double => _count * 2;
            public int this[int i] => _items[i];
            public int this[string s] { get { return s.Length; } set { _items.Add(value); } }
            public event EventHandler? Changed;
            public event EventHandler Custom { add { Changed += value; } remove { Changed -= value; } }

            static Everything() { Shared++; }
            public Everything() : base(Compute()) { _other++; }
            public Everything(int x) : this() { _count = x; }
            ~Everything() { _count = 0; }

            private static int Compute(int seed = 3, string name = "x") => seed + name.Length;

            public void Dispose() => Changed?.Invoke(this, EventArgs.Empty);

            public static Everything operator +(Everything a, Everything b) => new Everything(a._count + b._count);
            public static implicit operator int(Everything e) => e._count;

            public async Task<int> RunAsync(CancellationToken token)
            {
                lock (Gate) { _count++; }
                await Task.Delay(1, token).ConfigureAwait(false);
                Func<int, int> square = x => x * x;
                Action<int> log = delegate (int v) { _other += v; };
                int Local(int y) { return y + square(y); }
                static int StaticLocal(int z) => z - 1;
                var t = Task.Run(async () => { await Task.Yield(); return Local(2) + StaticLocal(3); });
                Parallel.For(0, 10, i => Interlocked.Increment(ref _count));
                log(1);
                return await t + _items.Where(i => i > 0).Sum();
            }

            public IEnumerable<int> Iterate()
            {
                foreach (var item in _items) { yield return item; }
            }

            public async IAsyncEnumerable<int> Stream()
            {
                await Task.Yield();
                yield return 1;
            }

            private partial class Nested
            {
                public int Deep() => new Func<int>(() => 1)();
            }

            private partial class Nested
            {
                private int _n = 4;
            }

            public abstract class Abstract
            {
                public abstract void NoBody();
                public virtual int WithBody() => 1;
            }

            public interface IDefault
            {
                int Number => 7;
                void Plain();
            }
        }
        """;

    private const string TopLevel = """
        using System;
        using System.Threading.Tasks;

        var total = 0;
        await Task.Delay(1);
        Action add = () => total++;
        add();
        Console.WriteLine(Helper(total));

        static int Helper(int x) => x + 1;

        partial class Program
        {
            static int Other = Environment.ProcessorCount + 1;
        }
        """;

    public static IEnumerable<object[]> Compilations()
    {
        yield return new object[] { "every kind of block" };
        yield return new object[] { "top-level statements" };
        yield return new object[] { "gallery" };
        yield return new object[] { "valid code" };
        yield return new object[] { "harness" };
    }

    [Theory]
    [MemberData(nameof(Compilations))]
    public async Task Code_blocks_see_what_operation_actions_see(string name)
    {
        var compilation = Compile(name);
        Assert.Empty(RobustnessCorpus.Errors(compilation));

        var probe = new Probe();
        var exceptions = new ConcurrentBag<System.Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), (e, _, _) => exceptions.Add(e), concurrentAnalysis: true, logAnalyzerExecutionTime: false);
        await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(probe), options).GetAnalyzerDiagnosticsAsync();
        Assert.Empty(exceptions);

        var driver = probe.Driver.ToHashSet();
        var ours = probe.Ours.ToHashSet();
        var typeDriver = probe.TypeDriver.ToHashSet();
        var typeOurs = probe.TypeOurs.ToHashSet();
        Assert.NotEmpty(driver);
        Assert.True(driver.SetEquals(ours), Difference("compilation-wide", driver, ours));
        Assert.True(typeDriver.SetEquals(typeOurs), Difference("per type (the driver's symbol start scope against TypeScope)", typeDriver, typeOurs));
    }

    [Fact]
    public void Facts_come_from_the_text()
    {
        var tree = CSharpSyntaxTree.ParseText("""
            class C
            {
                async void A() { lock (this) { Sleep(); } }
                void B() { var lockCount = 0; lockCount += 2; string s = "null"; }
                void C2() { for (;;) { _x++; } _y <<= 1; }
                void D() { if (_a <= _b || _a >= _b || _a == _b || _a != _b) { } }
            }
            """);
        var methods = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>().ToArray();
        var a = CodeFacts.Of(methods[0]);
        Assert.True(a.HasAsyncOrAwait);
        Assert.True(a.HasLock);
        Assert.True(a.Mentions("Sleep"));
        Assert.False(a.Mentions("Slee"));
        Assert.True(a.MentionsAny(ImmutableHashSet.Create("Wait", "Sleep")));
        Assert.False(a.MentionsAny(ImmutableHashSet.Create("Wait", "Result")));
        Assert.False(a.HasCompoundAssignment || a.HasIncrement || a.HasLoop || a.HasNull);

        // Words are whole words; a string's words count too (a prefilter may say yes too often, never too rarely).
        var b = CodeFacts.Of(methods[1]);
        Assert.False(b.HasLock);
        Assert.True(b.Mentions("lockCount"));
        Assert.True(b.HasCompoundAssignment);
        Assert.True(b.HasNull);

        var c = CodeFacts.Of(methods[2]);
        Assert.True(c.HasLoop && c.HasIncrement && c.HasCompoundAssignment);
        Assert.False(c.HasAsyncOrAwait || c.HasLock);

        var d = CodeFacts.Of(methods[3]);
        Assert.False(d.HasCompoundAssignment);
        Assert.Same(a, CodeFacts.Of(methods[0]));
    }

    [Fact]
    public void Facts_see_what_escapes_and_target_typed_new_hide()
    {
        var tree = CSharpSyntaxTree.ParseText("""
            class C
            {
                void A() { Thread.Sl\u0065ep(1); }
                void B() { _timer = new (_ => Tick(), null, 0, 100); }
                void C2() { var t = new Timer(_ => Tick(), null, 0, 100); }
            }
            """);
        var methods = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>().ToArray();
        Assert.True(CodeFacts.Of(methods[0]).Mentions("Sleep"));
        Assert.False(CodeFacts.Of(methods[0]).AddWordsTo(new HashSet<int>())); // no list of its words is complete
        Assert.True(CodeFacts.Of(methods[1]).HasTargetTypedNew);
        Assert.False(CodeFacts.Of(methods[2]).HasTargetTypedNew);
    }

    [Fact]
    public void Facts_keep_every_word_of_a_large_block_and_none_of_the_block_before()
    {
        // 3,000 distinct words outgrow the scratch table the words are gathered in (1,024 slots) twice over.
        var words = Enumerable.Range(0, 3000).Select(i => "w" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var tree = CSharpSyntaxTree.ParseText(
            "class C\n{\n    void Large() { " + string.Concat(words.Select(w => "int " + w + " = 0; ")) + "}\n    void Small() { Tick(); }\n}\n");
        var methods = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>().ToArray();

        var large = CodeFacts.Of(methods[0]);
        Assert.All(words, w => Assert.True(large.Mentions(w), w));
        Assert.False(large.Mentions("w3000"));
        Assert.False(large.Mentions("Tick"));
        var hashes = new HashSet<int>();
        Assert.True(large.AddWordsTo(hashes));
        Assert.All(words, w => Assert.Contains(CodeFacts.HashOf(w), hashes));

        var small = CodeFacts.Of(methods[1]);
        Assert.True(small.Mentions("Tick") && small.Mentions("Small") && small.Mentions("void"));
        Assert.False(small.Mentions("w0") || small.Mentions("w2999") || small.Mentions("Large"));
    }

    private static Compilation Compile(string name) => name switch
    {
        "every kind of block" => RobustnessCorpus.Create("Blocks", new[] { RobustnessCorpus.Parse(EveryKindOfBlock, "Blocks.cs") }),
        "top-level statements" => RobustnessCorpus.Create("TopLevel", new[] { RobustnessCorpus.Parse(TopLevel, "Program.cs") })
            .WithOptions(RobustnessCorpus.LibraryOptions.WithOutputKind(OutputKind.ConsoleApplication)),
        "gallery" => RobustnessCorpus.Gallery(),
        "valid code" => RobustnessCorpus.ValidCode(),
        _ => RobustnessCorpus.Harness(),
    };

    private static string Difference(string scope, HashSet<string> driver, HashSet<string> ours) =>
        $"{scope}: only the compiler's operation actions saw:\n  " + string.Join("\n  ", driver.Except(ours).Take(20))
        + $"\nonly CodeBlocks saw:\n  " + string.Join("\n  ", ours.Except(driver).Take(20));

#pragma warning disable RS1001, RS1025, RS1026, RS1036, RS1038, RS1041 // A test probe, never shipped.
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class Probe : DiagnosticAnalyzer
#pragma warning restore RS1001, RS1025, RS1026, RS1036, RS1038, RS1041
    {
        private static readonly OperationKind[] AllKinds = System.Enum.GetValues(typeof(OperationKind)).Cast<OperationKind>()
            .Where(k => k != OperationKind.None).ToArray();

        public ConcurrentBag<string> Driver { get; } = new();

        public ConcurrentBag<string> Ours { get; } = new();

        public ConcurrentBag<string> TypeDriver { get; } = new();

        public ConcurrentBag<string> TypeOurs { get; } = new();

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
#pragma warning disable RS2008
            new DiagnosticDescriptor("PROBE01", "t", "t", "t", DiagnosticSeverity.Warning, true));
#pragma warning restore RS2008

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                start.RegisterOperationAction(ctx => Add(Driver, Describe(ctx.Operation, ctx.ContainingSymbol)), AllKinds);
                CodeBlocks.Register(start, block => block.RegisterOperationAction(ctx => Add(Ours, Describe(ctx.Operation, ctx.ContainingSymbol)), AllKinds));
                start.RegisterSymbolStartAction(
                    typeStart =>
                    {
                        var type = typeStart.Symbol.ToDisplayString();
                        typeStart.RegisterOperationAction(ctx => Add(TypeDriver, type, Describe(ctx.Operation, ctx.ContainingSymbol)), AllKinds);
                    },
                    SymbolKind.NamedType);
                CodeBlocks.RegisterTypeAction(start, scope =>
                {
                    var type = scope.Symbol.ToDisplayString();
                    CodeBlocks.Register(scope, block => block.RegisterOperationAction(ctx => Add(TypeOurs, type, Describe(ctx.Operation, ctx.ContainingSymbol)), AllKinds));
                });
            });
        }

        private static void Add(ConcurrentBag<string> seen, string? what)
        {
            if (what is not null)
            {
                seen.Add(what);
            }
        }

        private static void Add(ConcurrentBag<string> seen, string type, string? what)
        {
            if (what is not null)
            {
                seen.Add(type + " | " + what);
            }
        }

        /// <summary>
        /// The operation, or null inside an attribute: the compiler's operation actions see attribute arguments on
        /// members, which no rule of ours looks at and code blocks leave out.
        /// </summary>
        private static string? Describe(IOperation operation, ISymbol owner)
        {
            for (var o = operation; o is not null; o = o.Parent)
            {
                if (o.Kind == OperationKind.Attribute)
                {
                    return null;
                }
            }

            return $"{owner.ToDisplayString()} | {operation.Kind} | {operation.Syntax.SyntaxTree.FilePath}{operation.Syntax.Span} | {operation.Syntax.ToString().Split('\n')[0]}";
        }
    }
}
