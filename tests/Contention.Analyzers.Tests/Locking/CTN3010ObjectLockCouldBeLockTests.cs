using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify = Contention.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Contention.Analyzers.Locking.CTN3010ObjectLockCouldBeLockAnalyzer,
    Contention.CodeFixes.Locking.CTN3010ObjectLockCouldBeLockCodeFixProvider>;

namespace Contention.Analyzers.Tests.Locking;

public sealed class CTN3010ObjectLockCouldBeLockTests
{
    [Fact]
    public Task DedicatedLockObject_BecomesLock() => Verify.VerifyCodeFixAsync(
        """
        class Counter
        {
            private readonly object {|CTN3010:_gate|} = new object();
            private int _count;

            public void Increment() { lock (_gate) { _count++; } }
        }
        """,
        """
        using System.Threading;

        class Counter
        {
            private readonly Lock _gate = new();
            private int _count;

            public void Increment() { lock (_gate) { _count++; } }
        }
        """);

    [Fact]
    public Task TargetTypedNew_IsReportedToo() => Verify.VerifyAnalyzerAsync("""
        class Counter
        {
            private readonly object {|CTN3010:_gate|} = new();
            private static readonly object {|CTN3010:s_gate|} = new();

            public void Increment() { lock (_gate) { } lock (s_gate) { } }
        }
        """);

    [Fact]
    public Task FieldsWithOtherUses_OrOldTargets_AreSilent()
    {
        var modern = Verify.VerifyAnalyzerAsync("""
            using System.Threading;

            class Queue
            {
                private readonly object _monitorGate = new object();
                private readonly object _passed = new object();
                private readonly object _fromElsewhere;
                private object _mutable = new object();
                internal readonly object Shared = new object();
                private readonly object _unused = new object();
                private readonly object _iterated = new object();

                public Queue(object gate) => _fromElsewhere = gate;

                public void Signal() { lock (_monitorGate) { Monitor.Pulse(_monitorGate); } }
                public object Expose() { lock (_passed) { return _passed; } }
                public void Other() { lock (_fromElsewhere) { } lock (_mutable) { } lock (Shared) { } }
                public System.Collections.Generic.IEnumerable<int> Items() { lock (_iterated) { yield return 1; } }
            }
            """);
        var net80 = new Verify.Test
        {
            UseNet80 = true,
            TestCode = """
                class Counter
                {
                    private readonly object _gate = new object();
                    public void Increment() { lock (_gate) { } }
                }
                """,
        };
        return Task.WhenAll(modern, net80.RunAsync());
    }
}
