using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify = Contention.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Contention.Analyzers.Async.CTN1007SyncOverAsyncAnalyzer,
    Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace Contention.Analyzers.Tests.Async;

public sealed class CTN1007SyncOverAsyncTests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\n\n";

    [Fact]
    public Task BlockingInSynchronousCode_IsReported() => Verify.VerifyAnalyzerAsync(Usings + """
        class Config
        {
            public string Load() => ReadAsync(){|CTN1007:.Result|};

            public string Name => ReadAsync(){|CTN1007:.GetAwaiter().GetResult()|};

            public Config() => SaveAsync(){|CTN1007:.Wait()|};

            public void Flush() => {|CTN1007:Task.WaitAll(SaveAsync(), SaveAsync())|};

            public void Offload() => Task.Run(() => SaveAsync(){|CTN1007:.Wait()|});

            Task<string> ReadAsync() => Task.FromResult("x");

            Task SaveAsync() => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task Message_NamesTheWaitAndTheMethod() => Verify.VerifyAnalyzerAsync(
        Usings + """
        class Config
        {
            public string Load() => ReadAsync(){|#0:.Result|};

            Task<string> ReadAsync() => Task.FromResult("x");
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments(".Result", "synchronous method 'Load'").WithSeverity(DiagnosticSeverity.Info));

    [Fact]
    public Task ProvenCompletedTasks_AndEntryPoints_AreSilent() => Verify.VerifyAnalyzerAsync(Usings + """
        class Program
        {
            static void Main() => ReadAsync().Wait();

            static async Task<int> SumAsync(List<Task<int>> parts)
            {
                await Task.WhenAll(parts);
                var total = parts.Sum(p => p.Result);
                foreach (var part in parts)
                {
                    total += part.Result;
                }

                return total;
            }

            static Task<string> Continue(Task<string> read) => read.ContinueWith(done => done.Result.Trim());

            static string Cached(Task<string> pending) => pending.IsCompleted ? pending.Result : "";

            static int Ready() => Task.FromResult(1).Result;

            static Task<string> ReadAsync() => Task.FromResult("x");
        }
        """);

    [Fact]
    public Task DualPathImplementation_CalledWithConstantFalse_IsSilent() => Verify.VerifyAnalyzerAsync(Usings + """
        class Reader
        {
            public string Read() => ReadCoreAsync(useAsync: false).GetAwaiter().GetResult();

            public string ReadWithTrue() => ReadCoreAsync(useAsync: true){|CTN1007:.GetAwaiter().GetResult()|};

            public Task<string> ReadAsync() => ReadCoreAsync(useAsync: true);

            private async Task<string> ReadCoreAsync(bool useAsync)
            {
                if (useAsync)
                {
                    await Task.Yield();
                }

                return "x";
            }
        }
        """);

    [Fact]
    public async Task TopLevelStatementsWithoutAwait_AreTheEntryPoint()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System.Threading.Tasks;

                var text = Task.Run(() => "x").Result;
                System.Console.WriteLine(text);
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        await test.RunAsync();
    }

    [Fact]
    public Task AsyncCode_IsLeftToCTN1001() => Verify.VerifyAnalyzerAsync(Usings + """
        class Config
        {
            async Task<string> LoadAsync()
            {
                await Task.Yield();
                return ReadAsync().Result;
            }

            Task<string> ReadAsync() => Task.FromResult("x");
        }
        """);

    [Fact]
    public Task FieldInitializer_IsSynchronousCode() => Verify.VerifyAnalyzerAsync(Usings + """
        class Config
        {
            private static readonly string Value = ReadAsync(){|CTN1007:.Result|};

            static Task<string> ReadAsync() => Task.FromResult("x");
        }
        """);

    [Fact]
    public async Task ExcludedMethods_AreSilent()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                class Config
                {
                    public string Load() => ReadAsync().Result;

                    public string LoadOther() => ReadAsync(){|CTN1007:.Result|};

                    Task<string> ReadAsync() => Task.FromResult("x");
                }
                """,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\ncontention.CTN1007.excluded_methods = Config.Load\n"));
        await test.RunAsync();
    }
}
