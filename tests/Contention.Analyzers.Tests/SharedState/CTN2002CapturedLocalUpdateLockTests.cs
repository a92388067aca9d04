using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = Contention.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Contention.Analyzers.SharedState.CTN2002CapturedLocalUpdateAnalyzer,
    Contention.CodeFixes.SharedState.CTN2002CapturedLocalUpdateLockCodeFixProvider>;

namespace Contention.Analyzers.Tests.SharedState;

/// <summary>CTN2002's second fix: a new lock beside the captured local, where Interlocked cannot do the update.</summary>
public sealed class CTN2002CapturedLocalUpdateLockTests
{
    [Fact]
    public Task ANewGate_IsDeclaredBesideTheLocal_AndWrapsTheUpdate() => Verify.VerifyCodeFixAsync(
        """
        using System.Threading;
        using System.Threading.Tasks;

        class Stats
        {
            double Mean(double[] values)
            {
                double total = 0;
                Parallel.For(0, values.Length, i => {|CTN2002:total += values[i]|});
                return total / values.Length;
            }

            long Product(int[] items, int totalGate)
            {
                long total = 1; // the running product
                Parallel.ForEach(items, item =>
                {
                    {|CTN2002:total *= item|};
                });
                return total + totalGate;
            }
        }
        """,
        """
        using System.Threading;
        using System.Threading.Tasks;

        class Stats
        {
            double Mean(double[] values)
            {
                double total = 0;
                var totalGate = new Lock();
                Parallel.For(0, values.Length, i => { lock (totalGate) { total += values[i]; } });
                return total / values.Length;
            }

            long Product(int[] items, int totalGate)
            {
                long total = 1; // the running product
                var totalGate2 = new Lock();
                Parallel.ForEach(items, item =>
                {
                    lock (totalGate2)
                    {
                        total *= item;
                    }
                });
                return total + totalGate;
            }
        }
        """);

    [Fact]
    public async Task TheFixedCode_GivesNoRuleAnythingToReport()
    {
        // The new gate is a local created in the method: CTN3004 must see that lambdas share it, CTN3010 is for fields.
        var result = await Verifiers.AnalyzerRunner.RunAsync("""
            using System.Threading;
            using System.Threading.Tasks;

            class Stats
            {
                double Mean(double[] values)
                {
                    double total = 0;
                    var totalGate = new Lock();
                    Parallel.For(0, values.Length, i => { lock (totalGate) { total += values[i]; } });
                    object productGate = new object();
                    double product = 1;
                    Parallel.For(0, values.Length, i => { lock (productGate) { product *= values[i]; } });
                    return total / values.Length + product;
                }
            }
            """);

        Assert.Empty(result.Exceptions);
        Assert.Empty(result.CompilerErrors);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public async Task FixAll_SharesOneGatePerLocal()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System.Threading;
                using System.Threading.Tasks;

                class Stats
                {
                    double Spread(double[] values)
                    {
                        double low = double.MaxValue, high = 0;
                        double scale = 1;
                        Parallel.For(0, values.Length, i =>
                        {
                            {|CTN2002:scale *= 1.01|};
                        });
                        Parallel.For(0, values.Length, i =>
                        {
                            {|CTN2002:scale /= 1.01|};
                        });
                        return (high - low) * scale;
                    }
                }
                """,
            FixedCode = """
                using System.Threading;
                using System.Threading.Tasks;

                class Stats
                {
                    double Spread(double[] values)
                    {
                        double low = double.MaxValue, high = 0;
                        double scale = 1;
                        var scaleGate = new Lock();
                        Parallel.For(0, values.Length, i =>
                        {
                            lock (scaleGate)
                            {
                                scale *= 1.01;
                            }
                        });
                        Parallel.For(0, values.Length, i =>
                        {
                            lock (scaleGate)
                            {
                                scale /= 1.01;
                            }
                        });
                        return (high - low) * scale;
                    }
                }
                """,
            NumberOfFixAllIterations = 1,
        };
        await test.RunAsync();
    }

    [Fact]
    public Task NoFix_WhereInterlockedFits_ForParameters_OrWhereNoStatementCanBeWrapped() => Verify.VerifyCodeFixAsync(
        """
        using System.Threading.Tasks;

        class Stats
        {
            double Run(int[] items, double weight)
            {
                var count = 0;
                double total = 0;
                Parallel.ForEach(items, item => { {|CTN2002:count++|}; });
                Parallel.ForEach(items, item => {|CTN2002:weight *= 2|});
                Parallel.ForEach(items, item =>
                {
                    var now = {|CTN2002:total += item|};
                });
                return count + weight + total;
            }
        }
        """,
        """
        using System.Threading.Tasks;

        class Stats
        {
            double Run(int[] items, double weight)
            {
                var count = 0;
                double total = 0;
                Parallel.ForEach(items, item => { {|CTN2002:count++|}; });
                Parallel.ForEach(items, item => {|CTN2002:weight *= 2|});
                Parallel.ForEach(items, item =>
                {
                    var now = {|CTN2002:total += item|};
                });
                return count + weight + total;
            }
        }
        """);
}
