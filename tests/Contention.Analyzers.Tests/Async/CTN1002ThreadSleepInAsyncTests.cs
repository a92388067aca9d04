using System.Threading.Tasks;
using Contention.Analyzers.Async;
using Contention.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = Contention.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Contention.Analyzers.Async.CTN1002ThreadSleepInAsyncAnalyzer,
    Contention.CodeFixes.Async.CTN1002ThreadSleepInAsyncCodeFixProvider>;

namespace Contention.Analyzers.Tests.Async;

public sealed class CTN1002ThreadSleepInAsyncTests
{
    [Fact]
    public Task AsyncMethod_IsFixedToTaskDelay() => Verify.VerifyCodeFixAsync(
        """
        using System.Threading;
        using System.Threading.Tasks;

        class Poller
        {
            async Task PollAsync()
            {
                await Task.Yield();
                // wait before the next poll
                {|CTN1002:Thread.Sleep(100)|}; // trailing
            }
        }
        """,
        """
        using System.Threading;
        using System.Threading.Tasks;

        class Poller
        {
            async Task PollAsync()
            {
                await Task.Yield();
                // wait before the next poll
                await Task.Delay(100); // trailing
            }
        }
        """);

    [Fact]
    public async Task Message_NamesTheAsyncMethod()
    {
        var expected = Verify.Diagnostic().WithLocation(0).WithArguments("async method 'PollAsync'");
        await Verify.VerifyAnalyzerAsync(
            """
            using System.Threading;
            using System.Threading.Tasks;

            class Poller
            {
                async Task PollAsync() => {|#0:Thread.Sleep(10)|};
            }
            """,
            expected);
    }

    [Fact]
    public Task CancellationTokenParameter_IsPassed() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Poller
        {
            async Task PollAsync(TimeSpan interval, CancellationToken cancellationToken)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    {|CTN1002:Thread.Sleep(interval)|};
                }
            }
        }
        """,
        """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Poller
        {
            async Task PollAsync(TimeSpan interval, CancellationToken cancellationToken)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    await Task.Delay(interval, cancellationToken);
                }
            }
        }
        """);

    [Fact]
    public Task CancellationTokenLocal_DeclaredBefore_IsPassed() => Verify.VerifyCodeFixAsync(
        """
        using System.Threading;
        using System.Threading.Tasks;

        class Poller
        {
            async Task PollAsync(CancellationTokenSource source)
            {
                var stop = source.Token;
                await Task.Yield();
                {|CTN1002:Thread.Sleep(millisecondsTimeout: 5)|};
            }
        }
        """,
        """
        using System.Threading;
        using System.Threading.Tasks;

        class Poller
        {
            async Task PollAsync(CancellationTokenSource source)
            {
                var stop = source.Token;
                await Task.Yield();
                await Task.Delay(5, stop);
            }
        }
        """);

    [Fact]
    public Task PrimaryConstructorToken_IsPassedInItsOwnInstanceMembersOnly() => Verify.VerifyCodeFixAsync(
        """
        using System.Threading;
        using System.Threading.Tasks;

        class Service(CancellationToken cancellationToken)
        {
            class Poller
            {
                async Task PollAsync(Service service)
                {
                    await Task.Yield();
                    {|CTN1002:Thread.Sleep(5)|};
                }
            }

            async Task RunAsync()
            {
                await Task.Yield();
                {|CTN1002:Thread.Sleep(5)|};
            }

            static async Task TickAsync()
            {
                await Task.Yield();
                {|CTN1002:Thread.Sleep(5)|};
            }
        }
        """,
        """
        using System.Threading;
        using System.Threading.Tasks;

        class Service(CancellationToken cancellationToken)
        {
            class Poller
            {
                async Task PollAsync(Service service)
                {
                    await Task.Yield();
                    await Task.Delay(5);
                }
            }

            async Task RunAsync()
            {
                await Task.Yield();
                await Task.Delay(5, cancellationToken);
            }

            static async Task TickAsync()
            {
                await Task.Yield();
                await Task.Delay(5);
            }
        }
        """);

    [Fact]
    public async Task TopLevelStatements_TokenOfAnEarlierStatement_IsPassed()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System.Threading;
                using System.Threading.Tasks;

                using var source = new CancellationTokenSource();
                var stop = source.Token;
                await Task.Yield();
                if (!stop.IsCancellationRequested)
                {
                    {|CTN1002:Thread.Sleep(10)|};
                }
                """,
            FixedCode = """
                using System.Threading;
                using System.Threading.Tasks;

                using var source = new CancellationTokenSource();
                var stop = source.Token;
                await Task.Yield();
                if (!stop.IsCancellationRequested)
                {
                    await Task.Delay(10, stop);
                }
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        await test.RunAsync();
    }

    [Fact]
    public Task CancellationTokenLocal_DeclaredAfter_IsNotPassed() => Verify.VerifyCodeFixAsync(
        """
        using System.Threading;
        using System.Threading.Tasks;

        class Poller
        {
            async Task PollAsync(CancellationTokenSource source)
            {
                {|CTN1002:Thread.Sleep(5)|};
                var later = source.Token;
                await Task.Delay(1, later);
            }
        }
        """,
        """
        using System.Threading;
        using System.Threading.Tasks;

        class Poller
        {
            async Task PollAsync(CancellationTokenSource source)
            {
                await Task.Delay(5);
                var later = source.Token;
                await Task.Delay(1, later);
            }
        }
        """);

    [Fact]
    public Task SeveralTokens_ConventionalNameWins() => Verify.VerifyCodeFixAsync(
        """
        using System.Threading;
        using System.Threading.Tasks;

        class Poller
        {
            async Task PollAsync(CancellationToken shutdown, CancellationToken cancellationToken)
            {
                {|CTN1002:Thread.Sleep(5)|};
                await Task.Delay(1, shutdown);
            }
        }
        """,
        """
        using System.Threading;
        using System.Threading.Tasks;

        class Poller
        {
            async Task PollAsync(CancellationToken shutdown, CancellationToken cancellationToken)
            {
                await Task.Delay(5, cancellationToken);
                await Task.Delay(1, shutdown);
            }
        }
        """);

    [Fact]
    public Task SeveralTokens_NoneConventional_NoneIsGuessed() => Verify.VerifyCodeFixAsync(
        """
        using System.Threading;
        using System.Threading.Tasks;

        class Poller
        {
            async Task PollAsync(CancellationToken shutdown, CancellationToken request)
            {
                {|CTN1002:Thread.Sleep(5)|};
                await Task.Delay(1, shutdown);
                await Task.Delay(1, request);
            }
        }
        """,
        """
        using System.Threading;
        using System.Threading.Tasks;

        class Poller
        {
            async Task PollAsync(CancellationToken shutdown, CancellationToken request)
            {
                await Task.Delay(5);
                await Task.Delay(1, shutdown);
                await Task.Delay(1, request);
            }
        }
        """);

    [Fact]
    public Task AsyncLambda_IsFixed_WithItsOwnToken() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            Func<CancellationToken, Task> Step = async ct =>
            {
                {|CTN1002:Thread.Sleep(10)|};
                await Task.Yield();
            };
        }
        """,
        """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            Func<CancellationToken, Task> Step = async ct =>
            {
                await Task.Delay(10, ct);
                await Task.Yield();
            };
        }
        """);

    [Fact]
    public Task ExpressionBodiedAsyncLambda_IsFixed() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            Func<Task> Step = async () => {|CTN1002:Thread.Sleep(10)|};
        }
        """,
        """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            Func<Task> Step = async () => await Task.Delay(10);
        }
        """);

    [Fact]
    public Task StaticAsyncLambda_DoesNotCaptureTheOuterToken() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            Task RunAsync(CancellationToken cancellationToken)
            {
                Func<Task> step = static async () => {|CTN1002:Thread.Sleep(10)|};
                return step();
            }
        }
        """,
        """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            Task RunAsync(CancellationToken cancellationToken)
            {
                Func<Task> step = static async () => await Task.Delay(10);
                return step();
            }
        }
        """);

    [Fact]
    public Task AsyncLocalFunction_IsFixed() => Verify.VerifyCodeFixAsync(
        """
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            Task RunAsync()
            {
                return Loop();

                async Task Loop()
                {
                    await Task.Yield();
                    {|CTN1002:Thread.Sleep(10)|};
                }
            }
        }
        """,
        """
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            Task RunAsync()
            {
                return Loop();

                async Task Loop()
                {
                    await Task.Yield();
                    await Task.Delay(10);
                }
            }
        }
        """);

    [Fact]
    public Task AsyncIterator_IsReported() => Verify.VerifyAnalyzerAsync(
        """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        class Feed
        {
            async IAsyncEnumerable<int> ReadAsync()
            {
                for (var i = 0; i < 3; i++)
                {
                    {|CTN1002:Thread.Sleep(10)|};
                    yield return i;
                    await Task.Yield();
                }
            }
        }
        """);

    [Fact]
    public Task MissingTasksImport_IsAdded() => Verify.VerifyCodeFixAsync(
        """
        class Poller
        {
            async System.Threading.Tasks.Task PollAsync()
            {
                await System.Threading.Tasks.Task.Yield();
                {|CTN1002:System.Threading.Thread.Sleep(10)|};
            }
        }
        """,
        """
        using System.Threading.Tasks;

        class Poller
        {
            async System.Threading.Tasks.Task PollAsync()
            {
                await System.Threading.Tasks.Task.Yield();
                await Task.Delay(10);
            }
        }
        """);

    [Fact]
    public Task FixAll_FixesEverySleepInTheMethod() => Verify.VerifyCodeFixAsync(
        """
        using System.Threading;
        using System.Threading.Tasks;

        class Retry
        {
            async Task<int> RunAsync(CancellationToken ct)
            {
                {|CTN1002:Thread.Sleep(10)|};
                await Task.Yield();
                {|CTN1002:Thread.Sleep(20)|};
                if (ct.IsCancellationRequested)
                {
                    {|CTN1002:Thread.Sleep(30)|};
                }

                return 1;
            }

            async Task OtherAsync()
            {
                {|CTN1002:Thread.Sleep(40)|};
                await Task.Yield();
            }
        }
        """,
        """
        using System.Threading;
        using System.Threading.Tasks;

        class Retry
        {
            async Task<int> RunAsync(CancellationToken ct)
            {
                await Task.Delay(10, ct);
                await Task.Yield();
                await Task.Delay(20, ct);
                if (ct.IsCancellationRequested)
                {
                    await Task.Delay(30, ct);
                }

                return 1;
            }

            async Task OtherAsync()
            {
                await Task.Delay(40);
                await Task.Yield();
            }
        }
        """);

    [Fact]
    public async Task TopLevelStatements_WithAwait_AreAsyncCode()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System.Threading;
                using System.Threading.Tasks;

                await Task.Yield();
                {|CTN1002:Thread.Sleep(10)|};
                """,
            FixedCode = """
                using System.Threading;
                using System.Threading.Tasks;

                await Task.Yield();
                await Task.Delay(10);
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        await test.RunAsync();
    }

    [Fact]
    public async Task TopLevelStatements_WithoutAwait_AreSynchronous()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System.Threading;

                Thread.Sleep(10);
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        await test.RunAsync();
    }

    [Fact]
    public Task InsideLock_IsReported_ButNotFixed()
    {
        // 'await' is not allowed in a lock body, so no mechanical fix is right here.
        const string Source = """
            using System.Threading;
            using System.Threading.Tasks;

            class Cache
            {
                private readonly object _gate = new object();

                async Task RefreshAsync()
                {
                    await Task.Yield();
                    lock (_gate)
                    {
                        {|CTN1002:Thread.Sleep(10)|};
                    }
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(Source, Source);
    }

    [Fact]
    public Task InsideMonitorRegion_IsReported_ButNotFixed()
    {
        // An await between Monitor.Enter and Monitor.Exit may resume on a thread that does not own the monitor.
        const string Source = """
            using System.Threading;
            using System.Threading.Tasks;

            class Cache
            {
                private readonly object _gate = new object();

                async Task RefreshAsync()
                {
                    await Task.Yield();
                    Monitor.Enter(_gate);
                    try
                    {
                        {|CTN1002:Thread.Sleep(10)|};
                    }
                    finally
                    {
                        Monitor.Exit(_gate);
                    }
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(Source, Source);
    }

    [Fact]
    public async Task InsideUnsafeType_IsReported_ButNotFixed()
    {
        const string Source = """
            using System.Threading;
            using System.Threading.Tasks;

            unsafe class Native
            {
                async Task RunAsync()
                {
                    {|CTN1002:Thread.Sleep(10)|};
                }
            }
            """;

        // No await is possible anywhere in an unsafe type (CS4004); only CS1998 remains, which is not ours.
        var test = new Verify.Test { TestCode = Source, FixedCode = Source, CompilerDiagnostics = CompilerDiagnostics.None };
        test.SolutionTransforms.Add((solution, projectId) =>
        {
            var options = (Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions)solution.GetProject(projectId)!.CompilationOptions!;
            return solution.WithProjectCompilationOptions(projectId, options.WithAllowUnsafe(true));
        });
        await test.RunAsync();
    }

    [Fact]
    public Task AsyncLambdaInsideLock_IsFixed() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Scheduler
        {
            private readonly object _gate = new object();
            private Func<Task>? _next;

            void Schedule()
            {
                lock (_gate)
                {
                    _next = async () => {|CTN1002:Thread.Sleep(10)|};
                }
            }
        }
        """,
        """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Scheduler
        {
            private readonly object _gate = new object();
            private Func<Task>? _next;

            void Schedule()
            {
                lock (_gate)
                {
                    _next = async () => await Task.Delay(10);
                }
            }
        }
        """);

    [Fact]
    public Task SafeLookAlikes_AreSilent() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Safe
        {
            static void Main()
            {
                Thread.Sleep(10);
            }

            void Synchronous() => Thread.Sleep(10);

            Task NotAsync()
            {
                Thread.Sleep(10);
                return Task.CompletedTask;
            }

            async Task SyncLambdaOnThreadPoolAsync()
            {
                await Task.Run(() => Thread.Sleep(10));
                Action later = () => Thread.Sleep(10);
                later();
            }

            async Task SyncLocalFunctionAsync()
            {
                Nap();
                await Task.Yield();

                void Nap() => Thread.Sleep(10);
            }

            async Task YieldOnlyAsync()
            {
                Thread.Sleep(0);
                await Task.Yield();
            }

            async Task AlreadyFixedAsync(CancellationToken ct) => await Task.Delay(10, ct);
        }
        """);

    [Fact]
    public Task AUserTypeNamedThread_IsSilent() => Verify.VerifyAnalyzerAsync(
        """
        using System.Threading.Tasks;

        namespace Game
        {
            static class Thread
            {
                public static void Sleep(int turns) { }
            }

            class Player
            {
                async Task WaitTurnAsync()
                {
                    Thread.Sleep(1);
                    await Task.Yield();
                }
            }
        }
        """);

    [Fact]
    public Task GeneratedCode_IsSkipped() => Verify.VerifyAnalyzerAsync(
        """
        // <auto-generated/>
        using System.Threading;
        using System.Threading.Tasks;

        class Generated
        {
            async Task RunAsync()
            {
                Thread.Sleep(10);
                await Task.Yield();
            }
        }
        """);

    [Theory]
    [InlineData("async Task M() { Thread.Sleep( }", 0)]
    [InlineData("async Task M() { Thread.Sleep(10 }", 1)]
    [InlineData("async Task M() { Thread.Sleep }", 0)]
    [InlineData("async Task M() { Thread. }", 0)]
    [InlineData("async Task M() { Thread.Sleep(\"x\"); }", 0)]
    [InlineData("async M() { Thread.Sleep(1); }", 0)] // parses as a method returning a type named "async"
    [InlineData("async Task M() => Thread.Sleep(Missing);", 0)]
    [InlineData("async Task M() { Thread.Sleep(10); await }", 1)]
    public async Task HalfTypedCode_NeverThrows(string member, int expected)
    {
        var result = await AnalyzerRunner.RunAsync(
            "using System.Threading; using System.Threading.Tasks; class C { " + member + " }",
            new CTN1002ThreadSleepInAsyncAnalyzer());

        Assert.Empty(result.Exceptions);
        Assert.Equal(expected, result.Diagnostics.Length);
    }
}
