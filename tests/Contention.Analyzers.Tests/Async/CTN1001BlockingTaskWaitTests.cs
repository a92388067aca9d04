using System.Threading.Tasks;
using Contention.Analyzers.Async;
using Contention.Analyzers.Tests.Verifiers;
using Xunit;
using Verify = Contention.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Contention.Analyzers.Async.CTN1001BlockingTaskWaitAnalyzer,
    Contention.CodeFixes.Async.CTN1001BlockingTaskWaitCodeFixProvider>;

namespace Contention.Analyzers.Tests.Async;

public sealed class CTN1001BlockingTaskWaitTests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\n\n";

    private static Task VerifyFix(string members, string fixedMembers) => Verify.VerifyCodeFixAsync(
        Usings + "class Service\n{\n" + members + "\n    Task<string> LoadAsync() => Task.FromResult(\"x\");\n    Task SaveAsync() => Task.CompletedTask;\n}\n",
        Usings + "class Service\n{\n" + fixedMembers + "\n    Task<string> LoadAsync() => Task.FromResult(\"x\");\n    Task SaveAsync() => Task.CompletedTask;\n}\n");

    private static Task VerifySilent(string members) => Verify.VerifyAnalyzerAsync(
        Usings + "class Service\n{\n" + members + "\n    Task<string> LoadAsync() => Task.FromResult(\"x\");\n    Task SaveAsync() => Task.CompletedTask;\n    ValueTask<int> CountAsync() => new ValueTask<int>(1);\n}\n");

    [Fact]
    public Task Result_IsAwaited() => VerifyFix(
        """
            async Task<int> LengthAsync()
            {
                var load = LoadAsync();
                await Task.Yield();
                return load{|CTN1001:.Result|}.Length; // keep me
            }
        """,
        """
            async Task<int> LengthAsync()
            {
                var load = LoadAsync();
                await Task.Yield();
                return (await load).Length; // keep me
            }
        """);

    [Fact]
    public Task ResultAsValue_LosesItsParentheses() => VerifyFix(
        """
            async Task<string> GetAsync()
            {
                var text = LoadAsync(){|CTN1001:.Result|};
                return text;
            }
        """,
        """
            async Task<string> GetAsync()
            {
                var text = await LoadAsync();
                return text;
            }
        """);

    [Fact]
    public Task Wait_IsAwaited() => VerifyFix(
        """
            async Task RunAsync()
            {
                await Task.Yield();
                SaveAsync(){|CTN1001:.Wait()|};
            }
        """,
        """
            async Task RunAsync()
            {
                await Task.Yield();
                await SaveAsync();
            }
        """);

    [Fact]
    public Task GetAwaiterGetResult_KeepsConfigureAwait() => VerifyFix(
        """
            async Task<string> GetAsync()
            {
                await Task.Yield();
                var a = LoadAsync(){|CTN1001:.GetAwaiter().GetResult()|};
                var b = LoadAsync().ConfigureAwait(false){|CTN1001:.GetAwaiter().GetResult()|};
                return a + b;
            }
        """,
        """
            async Task<string> GetAsync()
            {
                await Task.Yield();
                var a = await LoadAsync();
                var b = await LoadAsync().ConfigureAwait(false);
                return a + b;
            }
        """);

    [Fact]
    public Task WaitAll_BecomesWhenAll_AndStatementWaitAny_BecomesWhenAny() => VerifyFix(
        """
            async Task RunAsync()
            {
                var first = SaveAsync();
                var second = SaveAsync();
                await Task.Yield();
                {|CTN1001:Task.WaitAll(first, second)|};
                {|CTN1001:Task.WaitAny(SaveAsync(), SaveAsync())|};
            }
        """,
        """
            async Task RunAsync()
            {
                var first = SaveAsync();
                var second = SaveAsync();
                await Task.Yield();
                await Task.WhenAll(first, second);
                await Task.WhenAny(SaveAsync(), SaveAsync());
            }
        """);

    [Fact]
    public Task WaitsWithoutAnEquivalentAwait_AreReportedButNotFixed()
    {
        // Wait(timeout) returns a bool and WaitAny an index: 'await' would change what the code means.
        var source = Usings + """
            class Service
            {
                async Task<int> RunAsync(CancellationToken ct)
                {
                    await Task.Yield();
                    var done = SaveAsync(){|CTN1001:.Wait(100)|};
                    SaveAsync(){|CTN1001:.Wait(ct)|};
                    return {|CTN1001:Task.WaitAny(SaveAsync(), SaveAsync())|} + (done ? 1 : 0);
                }

                Task SaveAsync() => Task.CompletedTask;
            }
            """;
        return Verify.VerifyCodeFixAsync(source, source);
    }

    [Fact]
    public Task AsyncLambdaAndLocalFunction_AreFixed() => VerifyFix(
        """
            Func<Task<int>> Lambda => async () => LoadAsync(){|CTN1001:.Result|}.Length;

            async Task RunAsync()
            {
                await Local();

                async Task Local() => SaveAsync(){|CTN1001:.Wait()|};
            }
        """,
        """
            Func<Task<int>> Lambda => async () => (await LoadAsync()).Length;

            async Task RunAsync()
            {
                await Local();

                async Task Local() => await SaveAsync();
            }
        """);

    [Fact]
    public Task ValueTaskVariable_IsReportedButNotFixed_ButACallIsFixed()
    {
        // A value task may be awaited once: a second await of 'count' would be undefined behaviour.
        var source = Usings + """
            class Service
            {
                async Task<int> CountTwiceAsync()
                {
                    var count = CountAsync();
                    var first = await count;
                    return first + count{|CTN1001:.Result|} + CountAsync(){|CTN1001:.Result|};
                }

                ValueTask<int> CountAsync() => new ValueTask<int>(1);
            }
            """;
        var fixedSource = source.Replace("CountAsync(){|CTN1001:.Result|}", "await CountAsync()", System.StringComparison.Ordinal);
        var test = new Verify.Test { TestCode = source, FixedCode = fixedSource };
        test.FixedState.MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow;
        return test.RunAsync();
    }

    [Fact]
    public Task MoreProofs_WhenAllThroughConfigureAwaitOrALocal_AndWaitAll() => VerifySilent(
        """
            async Task<string> ConfiguredAsync()
            {
                var first = LoadAsync();
                var second = LoadAsync();
                await Task.WhenAll(first, second).ConfigureAwait(false);
                return first.Result + second.Result;
            }

            async Task<string> StoredAsync()
            {
                var first = LoadAsync();
                var all = Task.WhenAll(first, LoadAsync());
                await all;
                return first.Result;
            }
        """);

    [Fact]
    public Task NegatedGuardAndDeconstruction_DoNotProve() => Verify.VerifyAnalyzerAsync(Usings + """
        class Service
        {
            async Task<string> GetAsync(Task<string> pending, Task<string> other)
            {
                await Task.Yield();
                if (!pending.IsCompleted)
                {
                    pending{|CTN1001:.Wait()|};
                }

                await other;
                (other, pending) = (pending, other);
                return other{|CTN1001:.Result|};
            }
        }
        """);

    [Fact]
    public Task InsideLock_IsReportedButNotFixed()
    {
        var source = Usings + """
            class Service
            {
                private readonly object _gate = new object();

                async Task RunAsync()
                {
                    await Task.Yield();
                    lock (_gate)
                    {
                        SaveAsync(){|CTN1001:.Wait()|};
                    }
                }

                Task SaveAsync() => Task.CompletedTask;
            }
            """;
        return Verify.VerifyCodeFixAsync(source, source);
    }

    [Fact]
    public Task ReassignmentKillsTheProof() => Verify.VerifyAnalyzerAsync(Usings + """
        class Service
        {
            async Task<string> GetAsync()
            {
                var load = LoadAsync();
                await load;
                load = LoadAsync();
                return load{|CTN1001:.Result|};
            }

            Task<string> LoadAsync() => Task.FromResult("x");
        }
        """);

    [Fact]
    public Task ForEachOverAwaitedCollection_IsProvenOnlyAfterTheAwait() => Verify.VerifyAnalyzerAsync(Usings + """
        class Totals
        {
            async Task<int> AfterAsync(Task<int>[] parts)
            {
                await Task.WhenAll(parts);
                var sum = 0;
                foreach (var part in parts)
                {
                    sum += part.Result;
                }

                return sum;
            }

            async Task<int> BeforeAsync(Task<int>[] parts, Task<int>[] others)
            {
                var sum = 0;
                foreach (var part in parts)
                {
                    sum += part{|CTN1001:.Result|};
                }

                await Task.WhenAll(parts);
                foreach (var other in others)
                {
                    sum += other{|CTN1001:.Result|};
                }

                return sum;
            }
        }
        """);

    [Fact]
    public Task ProvenCompletedTasks_AreSilent() => VerifySilent(
        """
            async Task<string> AfterAwaitAsync()
            {
                var load = LoadAsync();
                await load;
                return load.Result;
            }

            async Task<string> AfterConfiguredAwaitAsync()
            {
                var load = LoadAsync();
                await load.ConfigureAwait(false);
                return load.GetAwaiter().GetResult();
            }

            async Task<string> AfterWhenAllAsync()
            {
                var first = LoadAsync();
                var second = LoadAsync();
                await Task.WhenAll(first, second);
                return first.Result + second.Result;
            }

            async Task<string> AfterIsCompletedAsync(Task<string> pending)
            {
                if (pending.IsCompletedSuccessfully)
                {
                    return pending.Result;
                }

                return await pending;
            }

            async Task<int> FromResultAsync()
            {
                var ready = Task.FromResult(3);
                await Task.Yield();
                return ready.Result + Task.FromResult(4).Result;
            }

            async Task CompletedAsync()
            {
                await Task.Yield();
                Task.CompletedTask.Wait();
            }

        """);

    [Fact]
    public Task ASecondWaitOnTheSameTask_IsNotReportedAgain() => Verify.VerifyAnalyzerAsync(Usings + """
        class Service
        {
            async Task<string> GetAsync(Task<string> pending)
            {
                await Task.Yield();
                if (!pending{|CTN1001:.Wait(100)|})
                {
                    return "";
                }

                return pending.Result;
            }
        }
        """);

    [Fact]
    public Task SynchronousCode_IsLeftToCTN1007() => VerifySilent(
        """
            string Get() => LoadAsync().Result;

            async Task RunAsync()
            {
                await Task.Run(() => SaveAsync().Wait());
            }
        """);

    [Theory]
    [InlineData("async Task M() { LoadAsync().Result }", 1)]
    [InlineData("async Task M() { LoadAsync(). }", 0)]
    [InlineData("async Task M() { Missing().Result; }", 0)]
    [InlineData("async Task M() { Task.WaitAll(; }", 1)]
    [InlineData("async Task M() { var t = LoadAsync(); await t; t = ; t.Result; }", 1)]
    public async Task HalfTypedCode_NeverThrows(string member, int expected)
    {
        var result = await AnalyzerRunner.RunAsync(
            Usings + "class C { Task<string> LoadAsync() => Task.FromResult(\"\"); " + member + " }",
            new CTN1001BlockingTaskWaitAnalyzer());

        Assert.Empty(result.Exceptions);
        Assert.Equal(expected, result.Diagnostics.Length);
    }
}
