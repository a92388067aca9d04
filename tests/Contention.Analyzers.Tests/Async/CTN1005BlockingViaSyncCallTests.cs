using System.Threading.Tasks;
using Contention.Analyzers.Async;
using Contention.Analyzers.Tests.Verifiers;
using Xunit;
using Verify = Contention.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Contention.Analyzers.Async.CTN1005BlockingViaSyncCallAnalyzer,
    Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace Contention.Analyzers.Tests.Async;

public sealed class CTN1005BlockingViaSyncCallTests
{
    private const string Usings = "using System;\nusing System.IO;\nusing System.Threading;\nusing System.Threading.Tasks;\n\n";

    [Fact]
    public Task BlockingThroughHelpers_IsReportedWithThePath() => Verify.VerifyAnalyzerAsync(
        Usings + """
        class Settings
        {
            async Task<string> LoadAsync()
            {
                await Task.Yield();
                return {|#0:ReadConfig()|};
            }

            string ReadConfig() => Parse(ReadRaw());

            string ReadRaw()
            {
                {|#1:Thread.Sleep(10)|};
                return "raw";
            }

            static string Parse(string raw) => raw.Trim();
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("Async method 'LoadAsync'", "'ReadConfig' → 'ReadRaw' → 'Thread.Sleep'"));

    [Fact]
    public Task EveryBlockingKind_CountsInTheHelper() => Verify.VerifyAnalyzerAsync(Usings + """
        class Service
        {
            private readonly ManualResetEventSlim _ready = new();

            async Task RunAsync(string path)
            {
                await Task.Yield();
                {|CTN1005:WaitForTask()|};
                {|CTN1005:WaitForEvent()|};
                {|CTN1005:ReadFile(path)|};
                Func<Task> later = async () => {|CTN1005:WaitForTask()|};
            }

            void WaitForTask() => Task.Delay(10).Wait();

            void WaitForEvent() => _ready.Wait();

            string ReadFile(string path) => File.ReadAllText(path);
        }
        """);

    [Fact]
    public Task MaxDepth_BoundsTheSearch_AndIsConfigurable()
    {
        const string Source = Usings + """
            class Deep
            {
                async Task RunAsync()
                {
                    await Task.Yield();
                    One();
                }

                void One() => Two();
                void Two() => Three();
                void Three() => Four();
                void Four() => Thread.Sleep(10);
            }
            """;
        var deep = new Verify.Test { TestCode = Source };
        deep.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\ncontention.CTN1005.max_depth = 4\n"));
        deep.ExpectedDiagnostics.Add(Verify.Diagnostic().WithSpan(11, 9, 11, 14).WithSpan(17, 20, 17, 36)
            .WithArguments("Async method 'RunAsync'", "'One' → 'Two' → 'Three' → 'Four' → 'Thread.Sleep'"));
        return Task.WhenAll(Verify.VerifyAnalyzerAsync(Source), deep.RunAsync());
    }

    [Fact]
    public async Task DeclaredBlockingMethods_CountAsBlocking()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                [AttributeUsage(AttributeTargets.Method)]
                sealed class BlockingAttribute : Attribute { }

                class Legacy
                {
                    [Blocking]
                    public static void Flush() { }

                    public static void Compact() { }
                }

                class Service
                {
                    async Task RunAsync()
                    {
                        await Task.Yield();
                        {|CTN1005:Legacy.Flush()|};
                        {|CTN1005:Legacy.Compact()|};
                        Console.WriteLine("done");
                    }
                }
                """,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\ncontention.blocking_methods = Legacy.Compact\n"));
        await test.RunAsync();
    }

    [Fact]
    public Task SafeLookAlikes_AreSilent() => Verify.VerifyAnalyzerAsync(Usings + """
        class Service
        {
            async Task RunAsync(Task<string> pending)
            {
                await pending;
                Compute();
                Recurse(3);
                UseCompleted(pending);
                Offload();
                Nap();
                await Task.Run(() => Sleepy());

                void Nap() => Thread.Sleep(0);
            }

            int Compute() => 42;

            int Recurse(int n) => n <= 0 ? 0 : Recurse(n - 1) + Ping(n);

            int Ping(int n) => Pong(n);

            int Pong(int n) => n > 100 ? Ping(n - 1) : n;

            string UseCompleted(Task<string> task) => task.IsCompleted ? task.Result : "";

            void Offload() => Task.Run(() => Thread.Sleep(10));

            void Sleepy() => Thread.Sleep(10);

            void SyncCaller() => Sleepy();
        }
        """);

    [Fact]
    public Task CallsWithATwin_AreLeftToCTN1003() => Verify.VerifyAnalyzerAsync(Usings + """
        class Repository
        {
            public void Save() => Thread.Sleep(10);
            public Task SaveAsync() => Task.Delay(10);
        }

        class Service
        {
            async Task StoreAsync(Repository repository)
            {
                await Task.Yield();
                repository.Save();
            }
        }
        """);

    [Theory]
    [InlineData("async Task M() { await Task.Yield(); Helper( }  void Helper() => Thread.Sleep(1);")]
    [InlineData("async Task M() { await Task.Yield(); Missing(); }")]
    [InlineData("async Task M() { await Task.Yield(); Helper(); } void Helper() => Helper();")]
    [InlineData("async Task M() { await Task.Yield(); Helper(); } partial void Helper();")]
    public async Task HalfTypedCode_NeverThrows(string member)
    {
        var result = await AnalyzerRunner.RunAsync(Usings + "partial class C { " + member + " }", new CTN1005BlockingViaSyncCallAnalyzer());

        Assert.Empty(result.Exceptions);
    }

    /// <summary>
    /// Callees are bound on demand at compilation end (only what async code reaches): in another file, a partial
    /// method's implementation, a local function, and a static helper in a type no async code lives in.
    /// </summary>
    [Fact]
    public async Task CalleesAnywhere_AreBoundWhenAsyncCodeReachesThem()
    {
        const string Caller = """
            using System.Threading.Tasks;

            partial class Importer
            {
                async Task RunAsync()
                {
                    await Task.Yield();
                    {|#0:Load()|};
                    {|#1:Store()|};
                    {|#2:Flush()|};

                    void Flush() => Disk.Sync();
                }

                partial void Load();
            }
            """;
        const string Callees = """
            using System.Threading;

            partial class Importer
            {
                partial void Load() => {|#3:Thread.Sleep(5)|};

                void Store() => Disk.Sync();
            }

            static class Disk
            {
                public static void Sync() => {|#4:Thread.Sleep(1)|};
            }
            """;
        var test = new Verify.Test();
        test.TestState.Sources.Add(("Caller.cs", Caller));
        test.TestState.Sources.Add(("Callees.cs", Callees));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithLocation(3).WithArguments("Async method 'RunAsync'", "'Load' → 'Thread.Sleep'"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(1).WithLocation(4).WithArguments("Async method 'RunAsync'", "'Store' → 'Sync' → 'Thread.Sleep'"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(2).WithLocation(4).WithArguments("Async method 'RunAsync'", "'Flush' → 'Sync' → 'Thread.Sleep'"));
        await test.RunAsync();
    }

    /// <summary>Generated code is never looked into, not even for a callee's summary.</summary>
    [Fact]
    public async Task CalleesInGeneratedCode_AreNotSummarized()
    {
        const string Caller = """
            using System.Threading.Tasks;

            class Client
            {
                async Task RunAsync()
                {
                    await Task.Yield();
                    Proxy.Call();
                }
            }
            """;
        const string Generated = """
            // <auto-generated/>
            using System.Threading;

            static class Proxy
            {
                public static void Call() => Thread.Sleep(5);
            }
            """;
        var test = new Verify.Test();
        test.TestState.Sources.Add(("Client.cs", Caller));
        test.TestState.Sources.Add(("Proxy.g.cs", Generated));
        await test.RunAsync();
    }
}
