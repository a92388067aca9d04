using System.Threading.Tasks;
using Xunit;
using Verify = Contention.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Contention.Analyzers.Locking.CTN3009SynchronizedMethodAnalyzer,
    Contention.CodeFixes.Locking.CTN3009SynchronizedMethodCodeFixProvider>;

namespace Contention.Analyzers.Tests.Locking;

public sealed class CTN3009SynchronizedMethodTests
{
    [Fact]
    public Task SynchronizedMethods_AreReported() => Verify.VerifyAnalyzerAsync(
        """
        using System.Runtime.CompilerServices;

        class Inventory
        {
            private int _count;
            private static int s_total;

            [{|#0:MethodImpl(MethodImplOptions.Synchronized)|}]
            public void Add() => _count++;

            [{|#1:MethodImpl(MethodImplOptions.Synchronized | MethodImplOptions.NoInlining)|}]
            public static void AddTotal() => s_total++;
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("Add", "this instance"),
        Verify.Diagnostic().WithLocation(1).WithArguments("AddTotal", "the Type object of 'Inventory'"));

    [Fact]
    public Task OtherMethodImplOptions_AreSilent() => Verify.VerifyAnalyzerAsync("""
        using System.Runtime.CompilerServices;

        class Inventory
        {
            [MethodImpl(MethodImplOptions.NoInlining)]
            public void Add() { }

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public int Count() => 0;
        }
        """);

    [Fact]
    public Task SynchronizedMethods_ShareOnePrivateGate() => Verify.VerifyCodeFixAsync(
        """
        using System.Runtime.CompilerServices;

        class Inventory
        {
            private int _count;

            // adds one
            [{|CTN3009:MethodImpl(MethodImplOptions.Synchronized)|}]
            public void Add() => _count++;

            [{|CTN3009:MethodImpl(MethodImplOptions.Synchronized)|}]
            public int Count()
            {
                return _count;
            }
        }
        """,
        """
        using System.Runtime.CompilerServices;
        using System.Threading;

        class Inventory
        {
            private readonly Lock _gate = new();
            private int _count;

            // adds one
            public void Add()
            {
                lock (_gate)
                {
                    _count++;
                }
            }

            public int Count()
            {
                lock (_gate)
                {
                    return _count;
                }
            }
        }
        """);

    [Fact]
    public Task TypeThatAlsoLocksThis_IsNotFixed()
    {
        const string Source = """
            using System.Runtime.CompilerServices;

            class Inventory
            {
                private int _count;

                [{|CTN3009:MethodImpl(MethodImplOptions.Synchronized)|}]
                public void Add() => _count++;

                public void Clear() { lock (this) { _count = 0; } }
            }
            """;
        return Verify.VerifyCodeFixAsync(Source, Source);
    }

    [Fact]
    public Task InstanceAndStaticGroups_GetDistinctGates_AndAsyncIsLeftToTheCompiler()
    {
        var async = new Verify.Test
        {
            TestCode = """
                using System.Runtime.CompilerServices;
                using System.Threading.Tasks;

                class Worker
                {
                    [MethodImpl(MethodImplOptions.Synchronized)]
                    public async Task {|CS4015:RunAsync|}() => await Task.Yield();
                }
                """,
        };
        return Task.WhenAll(
            async.RunAsync(),
            Verify.VerifyCodeFixAsync(
                """
                using System.Runtime.CompilerServices;

                class Stats
                {
                    private int _hits;
                    private static int s_total;

                    [{|CTN3009:MethodImpl(MethodImplOptions.Synchronized)|}]
                    public void Hit() => _hits++;

                    [{|CTN3009:MethodImpl(MethodImplOptions.Synchronized)|}]
                    public static void Total() => s_total++;
                }
                """,
                """
                using System.Runtime.CompilerServices;
                using System.Threading;

                class Stats
                {
                    private static readonly Lock _gate2 = new();
                    private readonly Lock _gate = new();
                    private int _hits;
                    private static int s_total;

                    public void Hit()
                    {
                        lock (_gate)
                        {
                            _hits++;
                        }
                    }

                    public static void Total()
                    {
                        lock (_gate2)
                        {
                            s_total++;
                        }
                    }
                }
                """));
    }
}
