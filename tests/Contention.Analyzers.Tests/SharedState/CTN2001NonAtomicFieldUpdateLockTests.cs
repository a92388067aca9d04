using System.Threading.Tasks;
using Xunit;
using Verify = Contention.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Contention.Analyzers.SharedState.CTN2001NonAtomicFieldUpdateAnalyzer,
    Contention.CodeFixes.SharedState.CTN2001NonAtomicFieldUpdateLockCodeFixProvider>;

namespace Contention.Analyzers.Tests.SharedState;

/// <summary>CTN2001's second fix: the lock the type already takes around the field, where Interlocked cannot help.</summary>
public sealed class CTN2001NonAtomicFieldUpdateLockTests
{
    [Fact]
    public Task TheTypesLock_WrapsTheUpdate() => Verify.VerifyCodeFixAsync(
        """
        using System.Threading;
        using System.Threading.Tasks;

        class Load
        {
            private readonly Lock _gate = new();
            private double _load;
            private int _mask;

            public void Decay(int[] items)
            {
                Parallel.ForEach(items, item => {|CTN2001:_load *= 0.5|});
                Parallel.ForEach(items, item =>
                {
                    {|CTN2001:_mask |= item|};
                });
            }

            public double Read()
            {
                lock (_gate)
                {
                    _mask = 0;
                    return _load;
                }
            }
        }
        """,
        """
        using System.Threading;
        using System.Threading.Tasks;

        class Load
        {
            private readonly Lock _gate = new();
            private double _load;
            private int _mask;

            public void Decay(int[] items)
            {
                Parallel.ForEach(items, item => { lock (_gate) { _load *= 0.5; } });
                Parallel.ForEach(items, item =>
                {
                    lock (_gate)
                    {
                        _mask |= item;
                    }
                });
            }

            public double Read()
            {
                lock (_gate)
                {
                    _mask = 0;
                    return _load;
                }
            }
        }
        """);

    [Fact]
    public Task NoFix_WithoutALockTheTypeAlreadyUsesForTheField() => Verify.VerifyCodeFixAsync(
        """
        using System.Threading;
        using System.Threading.Tasks;

        class Load
        {
            private readonly Lock _gate = new();
            private readonly Lock _other = new();
            private double _load;
            private double _spread;
            private int _count;

            public void Decay(int[] items)
            {
                Parallel.ForEach(items, item => {|CTN2001:_load *= 0.5|}); // no lock guards _load anywhere
                Parallel.ForEach(items, item => {|CTN2001:_spread *= 0.5|}); // two different locks guard it
                Parallel.ForEach(items, item => {|CTN2001:_count++|}); // Interlocked is the fix here
            }

            public void Reset()
            {
                lock (_gate) { _spread = 0; _count = 0; }
                lock (_other) { _spread = 1; }
            }
        }
        """,
        """
        using System.Threading;
        using System.Threading.Tasks;

        class Load
        {
            private readonly Lock _gate = new();
            private readonly Lock _other = new();
            private double _load;
            private double _spread;
            private int _count;

            public void Decay(int[] items)
            {
                Parallel.ForEach(items, item => {|CTN2001:_load *= 0.5|}); // no lock guards _load anywhere
                Parallel.ForEach(items, item => {|CTN2001:_spread *= 0.5|}); // two different locks guard it
                Parallel.ForEach(items, item => {|CTN2001:_count++|}); // Interlocked is the fix here
            }

            public void Reset()
            {
                lock (_gate) { _spread = 0; _count = 0; }
                lock (_other) { _spread = 1; }
            }
        }
        """);
}
