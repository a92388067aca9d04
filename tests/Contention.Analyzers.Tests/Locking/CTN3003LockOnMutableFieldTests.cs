using System.Threading.Tasks;
using Xunit;
using Verify = Contention.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Contention.Analyzers.Locking.CTN3003LockOnMutableFieldAnalyzer,
    Contention.CodeFixes.Locking.CTN3003LockOnMutableFieldCodeFixProvider>;

namespace Contention.Analyzers.Tests.Locking;

public sealed class CTN3003LockOnMutableFieldTests
{
    [Fact]
    public Task NonReadonlyFields_AreReported_AndReassignmentsNamed() => Verify.VerifyAnalyzerAsync(
        """
        using System.Threading;

        class Counter
        {
            private object _gate = new object();
            private static object s_gate = new object();
            private object _other = new object();
            private int _count;

            public Counter() => _other = new object();

            public void Increment() { {|#0:lock (_gate)|} { _count++; } }
            public static void Touch() { {|#1:lock (s_gate)|} { } }
            public void Other() { Monitor.Enter({|#2:_other|}); Monitor.Exit(_other); }
            public void Reset() => _gate = new object();
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("_gate", " and is reassigned in 'Reset'"),
        Verify.Diagnostic().WithLocation(1).WithArguments("s_gate", ""),
        Verify.Diagnostic().WithLocation(2).WithArguments("_other", ""));

    [Fact]
    public Task ReadonlyFieldsAndOtherTargets_AreSilent() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;

        class Counter
        {
            private readonly object _gate = new object();
            private static readonly object s_gate = new object();
            private readonly Lock _lock = new Lock();
            private int _count;

            public void Increment(object shared)
            {
                lock (_gate) { _count++; }
                lock (s_gate) { }
                lock (_lock) { }
                lock (shared) { }
                var local = new object();
                lock (local) { }
            }
        }
        """);

    [Fact]
    public Task NeverReassigned_GetsReadonly() => Verify.VerifyCodeFixAsync(
        """
        class Counter
        {
            private object _gate = new object();
            private int _count;

            public Counter(bool fresh)
            {
                if (fresh)
                {
                    _gate = new object();
                }
            }

            public void Increment() { {|CTN3003:lock (_gate)|} { _count++; } }
            public void Decrement() { {|CTN3003:lock (_gate)|} { _count--; } }
        }
        """,
        """
        class Counter
        {
            private readonly object _gate = new object();
            private int _count;

            public Counter(bool fresh)
            {
                if (fresh)
                {
                    _gate = new object();
                }
            }

            public void Increment() { lock (_gate) { _count++; } }
            public void Decrement() { lock (_gate) { _count--; } }
        }
        """);

    [Fact]
    public Task Reassigned_IsNotFixed()
    {
        const string Source = """
            class Counter
            {
                private object _gate = new object();

                public void Increment() { {|#0:lock (_gate)|} { } }
                public void Reset() => _gate = new object();
            }
            """;
        var test = new Verify.Test { TestCode = Source, FixedCode = Source };
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments("_gate", " and is reassigned in 'Reset'"));
        test.FixedState.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments("_gate", " and is reassigned in 'Reset'"));
        return test.RunAsync();
    }

    [Fact]
    public Task CoalescingAndDeconstructingWrites_CountAsReassignment() => Verify.VerifyAnalyzerAsync(
        """
        class Counter
        {
            private object? _gate = new object();
            private object _other = new object();

            public void Use() { {|#0:lock (_gate!)|} { } {|#1:lock (_other)|} { } }
            public void Ensure() => _gate ??= new object();
            public void Swap(object next) => (_other, _gate) = (next, null);
        }

        class Holder
        {
            private readonly Counter _counter = new Counter();
            private readonly object[] _slots = new object[1];
            private object _gate = new object();

            public void Use() { {|#2:lock (_gate)|} { _slots[0] = _counter; } }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("_gate", " and is reassigned in 'Ensure'"),
        Verify.Diagnostic().WithLocation(1).WithArguments("_other", " and is reassigned in 'Swap'"),
        Verify.Diagnostic().WithLocation(2).WithArguments("_gate", ""));
}
