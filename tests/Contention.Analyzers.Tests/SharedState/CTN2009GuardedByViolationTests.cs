using System.Threading.Tasks;
using Xunit;
using Verify = Contention.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Contention.Analyzers.SharedState.CTN2009GuardedByViolationAnalyzer,
    Contention.CodeFixes.SharedState.CTN2009GuardedByViolationCodeFixProvider>;

namespace Contention.Analyzers.Tests.SharedState;

public sealed class CTN2009GuardedByViolationTests
{
    private const string Attributes = """

        namespace Team.Threading
        {
            [System.AttributeUsage(System.AttributeTargets.Field | System.AttributeTargets.Property)]
            sealed class GuardedByAttribute(string lockName) : System.Attribute { }

            [System.AttributeUsage(System.AttributeTargets.Method)]
            sealed class RequiresLockAttribute(string lockName) : System.Attribute { }
        }

        namespace Other
        {
            [System.AttributeUsage(System.AttributeTargets.Field)]
            sealed class GuardedByAttribute(params string[] locks) : System.Attribute { }

            class Documented
            {
                [GuardedBy("_a", "_b")] private int _value;

                public int Read() => _value; // a shape this rule does not read: ignored, never a crash
            }
        }
        """;

    [Fact]
    public Task AccessesAndCallsWithoutTheNamedLock_AreReported() => Verify.VerifyAnalyzerAsync(
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Team.Threading;

        class Inventory
        {
            private readonly object _gate = new object();
            private readonly Lock _other = new();
            [GuardedBy(nameof(_gate))] private long _reserved;
            [GuardedBy("_gate")] public int Pending { get; set; }

            public void Release(long amount) => {|#0:_reserved|} -= amount;

            public long Peek()
            {
                lock (_other)
                {
                    return {|CTN2009:_reserved|}; // the wrong lock
                }
            }

            public void Later()
            {
                lock (_gate)
                {
                    Task.Run(() => {|CTN2009:_reserved|}++); // runs later, without the lock
                }
            }

            public void Count() => {|CTN2009:Pending|}++;

            public Inventory()
            {
                _reserved = 1;
                new Timer(_ => {|CTN2009:_reserved|}++, null, 0, 10); // runs later, on another thread
            }

            public void Caller() => {|#1:Flush()|};

            [RequiresLock(nameof(_gate))]
            private void Flush() => _reserved = 0;
        }
        """ + Attributes,
        Verify.Diagnostic().WithLocation(0).WithArguments("_reserved", "is guarded by", "_gate", "lock '_gate' around the access"),
        Verify.Diagnostic().WithLocation(1).WithArguments("Flush", "requires", "_gate", "lock '_gate' around the call"));

    [Fact]
    public Task AccessesUnderTheNamedLock_AreSilent() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Threading;
        using Team.Threading;

        class Inventory
        {
            private readonly object _gate = new object();
            private readonly Lock _scopeGate = new();
            [GuardedBy(nameof(_gate))] private long _reserved = 1;
            [GuardedBy(nameof(_scopeGate))] private long _scoped;
            [GuardedBy("this")] private int _self;
            private long _plain;

            public Inventory(long start)
            {
                _reserved = start; // constructors are exempt
            }

            public Inventory(string[] names)
            {
                _plain = names.Length;
            }

            public void Reserve(long amount)
            {
                lock (_gate)
                {
                    _reserved += amount;
                    Flush();
                }

                Monitor.Enter(_gate);
                try
                {
                    _reserved--;
                }
                finally
                {
                    Monitor.Exit(_gate);
                }

                using (_scopeGate.EnterScope())
                {
                    _scoped++;
                }

                lock (this)
                {
                    _self++;
                }

                _plain++;
                Console.WriteLine(nameof(_reserved));
            }

            [RequiresLock(nameof(_gate))]
            private void Flush()
            {
                _reserved = 0; // its lock counts as held
                Drain();
            }

            [RequiresLock(nameof(_gate))]
            private void Drain() => _reserved--;
        }
        """ + Attributes);

    [Fact]
    public Task Lock_WrapsTheStatement() => Verify.VerifyCodeFixAsync(
        """
        using Team.Threading;

        class Inventory
        {
            private readonly object _gate = new object();
            [GuardedBy(nameof(_gate))] private long _reserved;
            [GuardedBy(nameof(_gate))] private long _released;

            public long Release(long amount)
            {
                // give it back
                {|CTN2009:_reserved|} -= amount;
                {|CTN2009:_released|} = {|CTN2009:_released|} + amount;
                return {|CTN2009:_reserved|};
            }
        }
        """ + Attributes,
        """
        using Team.Threading;

        class Inventory
        {
            private readonly object _gate = new object();
            [GuardedBy(nameof(_gate))] private long _reserved;
            [GuardedBy(nameof(_gate))] private long _released;

            public long Release(long amount)
            {
                // give it back
                lock (_gate)
                {
                    _reserved -= amount;
                }
                lock (_gate)
                {
                    _released = _released + amount;
                }
                lock (_gate)
                {
                    return _reserved;
                }
            }
        }
        """ + Attributes);

    [Fact]
    public Task NoFix_ForThisOrALockALockStatementCannotTake() => Verify.VerifyCodeFixAsync(
        """
        using System.Threading;
        using Team.Threading;

        class Inventory
        {
            private readonly SemaphoreSlim _semaphore = new(1);
            [GuardedBy(nameof(_semaphore))] private long _reserved;
            [GuardedBy("this")] private long _self;

            public void Release(long amount)
            {
                {|CTN2009:_reserved|} -= amount;
                {|CTN2009:_self|}++;
            }
        }
        """ + Attributes,
        """
        using System.Threading;
        using Team.Threading;

        class Inventory
        {
            private readonly SemaphoreSlim _semaphore = new(1);
            [GuardedBy(nameof(_semaphore))] private long _reserved;
            [GuardedBy("this")] private long _self;

            public void Release(long amount)
            {
                {|CTN2009:_reserved|} -= amount;
                {|CTN2009:_self|}++;
            }
        }
        """ + Attributes);
}
