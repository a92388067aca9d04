using System.Threading.Tasks;
using Xunit;
using Verify = Contention.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Contention.Analyzers.SharedState.CTN2002CapturedLocalUpdateAnalyzer,
    Contention.CodeFixes.SharedState.CTN2002CapturedLocalUpdateCodeFixProvider>;

namespace Contention.Analyzers.Tests.SharedState;

public sealed class CTN2002CapturedLocalUpdateTests
{
    [Fact]
    public Task CapturedLocalsUpdatedConcurrently_AreReported() => Verify.VerifyAnalyzerAsync(
        """
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        class Report
        {
            long Sum(int[] values, int errors)
            {
                long sum = 0;
                Parallel.For(0, values.Length, i => {|#0:sum += values[i]|});

                var done = 0;
                var threads = new List<Thread>();
                for (var i = 0; i < 4; i++)
                {
                    threads.Add(new Thread(() => {|CTN2002:done++|}));
                }

                values.AsParallel().ForAll(v => {|CTN2002:errors = errors + v|});

                long total = 0;
                Parallel.For(0, values.Length, () => 0L, (i, state, subtotal) => subtotal + values[i], subtotal => {|CTN2002:total += subtotal|});
                return sum + done + errors + total;
            }

            async Task<int> CountAsync(IEnumerable<string> names)
            {
                var seen = 0;
                await Task.WhenAll(names.Select(async name => { await Task.Yield(); {|CTN2002:seen++|}; }));
                var tasks = names.Select(async name => { await Task.Delay(1); {|CTN2002:seen--|}; }).ToList();
                await Task.WhenAll(tasks);
                return seen;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("sum", "updated with '+='", "a Parallel.For body", "use 'Interlocked.Add'"));

    [Fact]
    public Task SafeLookAlikes_AreSilent() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        class Report
        {
            private readonly object _gate = new object();

            long Sum(int[] values)
            {
                long sum = 0;
                Parallel.For(0, values.Length, i => { lock (_gate) { sum += values[i]; } });
                Parallel.For(0, values.Length, i => Interlocked.Add(ref sum, values[i]));
                Parallel.For(0, values.Length, i => { var local = 0; local++; });
                Parallel.For(0, values.Length, () => 0L, (i, state, subtotal) => { subtotal += values[i]; return subtotal; },
                    subtotal => Interlocked.Add(ref sum, subtotal));

                var first = 0;
                var second = 0;
                Parallel.Invoke(() => first++, () => second++); // each action runs once, on a local of its own
                var once = 0;
                Task.Run(() => once++).Wait(); // started once

                for (var i = 0; i < 4; i++)
                {
                    var perPass = 0;
                    Task.Run(() => perPass++); // each pass has its own local
                }

                var count = 0;
                values.ToList().ForEach(v => count++); // sequential
                Action later = () => count++;
                foreach (var v in values) { count += v; }
                return sum + count + once;
            }

            async Task<int> SequentialAsync(IEnumerable<string> names)
            {
                var seen = 0;
                foreach (var name in names)
                {
                    await Task.Yield();
                    seen++;
                }

                var projected = names.Select(async name => { await Task.Yield(); return name.Length; }); // not awaited together
                return seen;
            }
        }
        """);

    [Fact]
    public Task Interlocked_ReplacesTheUpdate() => Verify.VerifyCodeFixAsync(
        """
        using System.Threading.Tasks;

        class Report
        {
            long Sum(int[] values)
            {
                long sum = 0;
                var count = 0;
                Parallel.For(0, values.Length, i =>
                {
                    {|CTN2002:sum += values[i]|};
                    {|CTN2002:count++|};
                });
                return sum / count;
            }
        }
        """,
        """
        using System.Threading;
        using System.Threading.Tasks;

        class Report
        {
            long Sum(int[] values)
            {
                long sum = 0;
                var count = 0;
                Parallel.For(0, values.Length, i =>
                {
                    Interlocked.Add(ref sum, values[i]);
                    Interlocked.Increment(ref count);
                });
                return sum / count;
            }
        }
        """);

    /// <summary>The prefilter knows PLINQ by its operators and types, not only by AsParallel.</summary>
    [Fact]
    public Task PlinqThroughAParallelQueryParameter_IsReported() => Verify.VerifyAnalyzerAsync("""
        using System.Linq;

        class Totals
        {
            int Sum(ParallelQuery<int> numbers)
            {
                var total = 0;
                numbers.ForAll(n => {|CTN2002:total += n|});
                return total;
            }
        }
        """);
}
