using System.Threading.Tasks;
using Xunit;
using Verify = Contention.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Contention.Analyzers.Locking.CTN3011SpinLockCopiedAnalyzer,
    Contention.CodeFixes.Locking.CTN3011SpinLockCopiedCodeFixProvider>;

namespace Contention.Analyzers.Tests.Locking;

public sealed class CTN3011SpinLockCopiedTests
{
    [Fact]
    public Task ReadonlySpinLockField_LosesReadonly() => Verify.VerifyCodeFixAsync(
        """
        using System.Threading;

        class Counter
        {
            private readonly SpinLock {|CTN3011:_spin|} = new SpinLock();
            private int _count;

            public void Increment()
            {
                var taken = false;
                try { _spin.Enter(ref taken); _count++; }
                finally { if (taken) _spin.Exit(); }
            }
        }
        """,
        """
        using System.Threading;

        class Counter
        {
            private SpinLock _spin = new SpinLock();
            private int _count;

            public void Increment()
            {
                var taken = false;
                try { _spin.Enter(ref taken); _count++; }
                finally { if (taken) _spin.Exit(); }
            }
        }
        """);

    [Fact]
    public Task CopiesByValue_AreReported_RefsAndFreshLocksAreNot() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;

        class Counter
        {
            private SpinLock _spin = new SpinLock();

            void ByValue(SpinLock {|CTN3011:copy|}) { }

            void ByRef(ref SpinLock shared) { }

            void Use()
            {
                var {|CTN3011:local = _spin|};
                var fresh = new SpinLock();
                ref var alias = ref _spin;
                ByRef(ref _spin);
            }
        }
        """);
}
