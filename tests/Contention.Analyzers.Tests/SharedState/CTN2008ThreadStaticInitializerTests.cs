using System.Threading.Tasks;
using Xunit;
using Verify = Contention.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Contention.Analyzers.SharedState.CTN2008ThreadStaticInitializerAnalyzer,
    Contention.CodeFixes.SharedState.CTN2008ThreadStaticInitializerCodeFixProvider>;

namespace Contention.Analyzers.Tests.SharedState;

public sealed class CTN2008ThreadStaticInitializerTests
{
    [Fact]
    public Task ThreadStaticFieldsWithInitializers_AreReported() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Text;

        static class Scratch
        {
            [ThreadStatic] private static int {|#0:t_budget = 100|};
            [ThreadStatic] private static StringBuilder? {|#1:t_builder = new StringBuilder()|};
            [ThreadStatic] private static bool {|#2:t_enabled = true|};
            [ThreadStatic, CLSCompliant(false)] internal static string {|#3:t_name = "main"|};
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("t_budget", "0"),
        Verify.Diagnostic().WithLocation(1).WithArguments("t_builder", "null"),
        Verify.Diagnostic().WithLocation(2).WithArguments("t_enabled", "false"),
        Verify.Diagnostic().WithLocation(3).WithArguments("t_name", "null"));

    [Fact]
    public Task SafeLookAlikes_AreSilent() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;

        class Scratch
        {
            [ThreadStatic] private static int t_depth;
            [ThreadStatic] private static int t_zero = 0;
            [ThreadStatic] private static object? t_none = null;
            [ThreadStatic] private static bool t_off = false;
            [ThreadStatic] private static long t_default = default;
            [ThreadStatic] private static double t_nothing = 0.0;
            private static readonly ThreadLocal<int> t_budget = new(() => 100);
            private static int s_shared = 100; // static, not per thread
            private int _instance = 1;

            static Scratch() => t_depth = 1; // runs on one thread too, but is not an initializer; reported by no rule
        }
        """);

    [Fact]
    public Task HalfTypedCode_IsSilent() => Verify.VerifyAnalyzerAsync("""
        using System;

        static class Scratch
        {
            [ThreadStatic] private static int t_budget = {|CS1525:;|}
        }
        """);

    [Fact]
    public Task ThreadLocal_ReplacesTheFieldAndEveryUse() => Verify.VerifyCodeFixAsync(
        """
        using System;

        static class Budget
        {
            [ThreadStatic]
            private static int {|CTN2008:t_remaining = 100|};

            [ThreadStatic] private static string {|CTN2008:t_owner = "nobody"|};

            public static bool TrySpend(int amount)
            {
                if (t_remaining < amount)
                {
                    return false;
                }

                t_remaining -= amount;
                Budget.t_remaining--;
                Console.WriteLine(nameof(t_owner) + t_owner);
                return true;
            }
        }
        """,
        """
        using System;
        using System.Threading;

        static class Budget
        {
            private static readonly ThreadLocal<int> t_remaining = new ThreadLocal<int>(() => 100);

            private static readonly ThreadLocal<string> t_owner = new ThreadLocal<string>(() => "nobody");

            public static bool TrySpend(int amount)
            {
                if (t_remaining.Value < amount)
                {
                    return false;
                }

                t_remaining.Value -= amount;
                Budget.t_remaining.Value--;
                Console.WriteLine(nameof(t_owner) + t_owner.Value);
                return true;
            }
        }
        """);

    [Fact]
    public Task NoFix_ForAFieldPassedByReferenceAStructOrAVolatileField() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using System.Threading;

        static class Counter
        {
            [ThreadStatic] private static int {|CTN2008:t_count = 1|};
            [ThreadStatic] private static TimeSpan {|CTN2008:t_span = TimeSpan.FromSeconds(1)|}; // a struct: Value returns a copy
            [ThreadStatic] private static volatile int {|CTN2008:t_flag = 1|}; // readonly cannot be volatile

            public static int Next() => Interlocked.Increment(ref t_count) + t_span.Seconds + t_flag;
        }
        """,
        """
        using System;
        using System.Threading;

        static class Counter
        {
            [ThreadStatic] private static int {|CTN2008:t_count = 1|};
            [ThreadStatic] private static TimeSpan {|CTN2008:t_span = TimeSpan.FromSeconds(1)|}; // a struct: Value returns a copy
            [ThreadStatic] private static volatile int {|CTN2008:t_flag = 1|}; // readonly cannot be volatile

            public static int Next() => Interlocked.Increment(ref t_count) + t_span.Seconds + t_flag;
        }
        """);
}
