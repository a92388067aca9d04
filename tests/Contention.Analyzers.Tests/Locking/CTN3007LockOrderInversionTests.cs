using System.Threading.Tasks;
using Xunit;
using Verify = Contention.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Contention.Analyzers.Locking.CTN3007LockOrderInversionAnalyzer,
    Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace Contention.Analyzers.Tests.Locking;

public sealed class CTN3007LockOrderInversionTests
{
    [Fact]
    public Task OppositeNesting_IsReportedWithBothLocations() => Verify.VerifyAnalyzerAsync(
        """
        class Bank
        {
            private readonly object _accounts = new object();
            private readonly object _audit = new object();

            public void Transfer()
            {
                lock (_accounts)
                {
                    {|#0:lock (_audit)|} { }
                }
            }

            public void Report()
            {
                lock (_audit)
                {
                    {|#1:lock (_accounts)|} { }
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("_accounts", "_audit", "Transfer", "Report"));

    [Fact]
    public Task InversionThroughACall_AndMonitorEnter_AreReported() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;

        class Cache
        {
            private readonly object _entries = new object();
            private readonly object _stats = new object();

            public void Add()
            {
                lock (_entries)
                {
                    {|CTN3007:CountHit()|};
                }
            }

            private void CountHit()
            {
                lock (_stats) { }
            }

            public void Dump()
            {
                Monitor.Enter(_stats);
                try
                {
                    lock (_entries) { }
                }
                finally
                {
                    Monitor.Exit(_stats);
                }
            }
        }
        """);

    [Fact]
    public Task InversionBetweenExplicitLockKinds_IsReported() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;

        class Index
        {
            private readonly ReaderWriterLockSlim _rw = new();
            private readonly Lock _writer = new();

            public void Rebuild()
            {
                _rw.EnterWriteLock();
                try
                {
                    using ({|CTN3007:_writer.EnterScope()|}) { }
                }
                finally
                {
                    _rw.ExitWriteLock();
                }
            }

            public void Append()
            {
                _writer.Enter();
                try
                {
                    _rw.EnterWriteLock();
                    _rw.ExitWriteLock();
                }
                finally
                {
                    _writer.Exit();
                }
            }
        }
        """);

    [Fact]
    public Task InversionAcrossTypes_IsReportedAtCompilationEnd() => Verify.VerifyAnalyzerAsync(
        """
        class Account
        {
            private readonly object _gate = new object();
            private readonly Ledger _ledger = new Ledger();

            public void Deposit()
            {
                lock (_gate)
                {
                    {|#0:_ledger.Record()|};
                }
            }

            public void Audit()
            {
                lock (_gate) { }
            }
        }

        class Ledger
        {
            private readonly object _gate = new object();
            private readonly Account _account = new Account();

            public void Record()
            {
                lock (_gate) { }
            }

            public void Reconcile()
            {
                lock (_gate)
                {
                    {|#1:_account.Audit()|};
                }
            }
        }
        """,
        Verify.Diagnostic(Descriptors.CTN3007LockOrderInversionAcrossTypes)
            .WithLocation(0).WithLocation(1)
            .WithArguments("Account._gate", "Ledger._gate", "Account.Deposit", "Ledger.Reconcile"));

    [Fact]
    public Task InversionThroughDeeperCalls_IsReportedAtCompilationEnd() => Verify.VerifyAnalyzerAsync(
        """
        class Cache
        {
            private readonly object _entries = new object();
            private readonly object _stats = new object();

            public void Add()
            {
                lock (_entries)
                {
                    {|#0:Count()|};
                }
            }

            private void Count() => Bump();

            private void Bump()
            {
                lock (_stats) { }
            }

            public void Dump()
            {
                lock (_stats)
                {
                    {|#1:lock (_entries)|} { }
                }
            }
        }
        """,
        Verify.Diagnostic(Descriptors.CTN3007LockOrderInversionAcrossTypes)
            .WithLocation(0).WithLocation(1)
            .WithArguments("_entries", "_stats", "Add", "Dump"));

    [Fact]
    public Task OneOrderAcrossTypes_AndCalleesOwnObjects_AreSilent() => Verify.VerifyAnalyzerAsync("""
        class Account
        {
            private readonly object _gate = new object();
            private readonly Ledger _ledger = new Ledger();

            public void Deposit()
            {
                lock (_gate) { _ledger.Record(); }
            }

            public void Withdraw()
            {
                lock (_gate) { _ledger.Record(); }
            }

            public void Guard(object other)
            {
                lock (other) { }
            }
        }

        class Ledger
        {
            private readonly object _gate = new object();
            private readonly object _page = new object();

            public void Record()
            {
                lock (_gate) { }
            }

            public void Rewrite(Account account)
            {
                lock (_page)
                {
                    account.Guard(_page); // locks its parameter: not a lock of Ledger's by name
                }

                lock (_page) { }
            }
        }
        """);

    [Fact]
    public Task OneOrderEverywhere_ReentrancyAndUnknownLocks_AreSilent() => Verify.VerifyAnalyzerAsync("""
        class Bank
        {
            private readonly object _accounts = new object();
            private readonly object _audit = new object();

            public void Transfer() { lock (_accounts) { lock (_audit) { } } }
            public void Report() { lock (_accounts) { lock (_audit) { } } }
            public void Again() { lock (_accounts) { lock (_accounts) { } } }
            public void Sequential() { lock (_audit) { } lock (_accounts) { } }
            public void Between(Bank a, Bank b) { lock (a._accounts) { lock (b._accounts) { } } }
            public void Reverse(Bank a, Bank b) { lock (b._accounts) { lock (a._accounts) { } } }
            public void Later() { lock (_audit) { System.Action act = () => { lock (_accounts) { } }; } }
        }
        """);

    [Fact]
    public Task ReentryUnderAnotherLock_LambdasCalledLater_AreSilent() => Verify.VerifyAnalyzerAsync("""
        using System;

        class Bank
        {
            private readonly object _accounts = new object();
            private readonly object _audit = new object();

            // _accounts is already held when it is taken again under _audit: no audit-then-accounts order.
            public void Nested() { lock (_accounts) { lock (_audit) { lock (_accounts) { } } } }

            // The lambda locks _accounts when it runs, not while Schedule holds _audit.
            public Action Schedule() { lock (_audit) { return MakeWork(); } }

            private Action MakeWork() => () => { lock (_accounts) { } };

            public void Order() { lock (_accounts) { lock (_audit) { } } }
        }
        """);

    [Fact]
    public Task ConstructorsAndAccessors_AreNamedReadably() => Verify.VerifyAnalyzerAsync("""
        class Bank
        {
            private readonly object _accounts = new object();
            private readonly object _audit = new object();

            public Bank() { lock (_accounts) { {|#0:lock (_audit)|} { } } }

            public int Total { get { lock (_audit) { {|#1:lock (_accounts)|} { return 0; } } } }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("_accounts", "_audit", "Bank", "Total"));

    /// <summary>
    /// A lock-free method in a type that takes no lock is not walked with the others; its calls are bound when a call
    /// under a lock reaches it, so an inversion through it is still found.
    /// </summary>
    [Fact]
    public async Task InversionThroughALockFreeTypeInAnotherFile_IsReported()
    {
        const string Locks = """
            class Orders
            {
                private readonly object _orders = new object();
                private readonly object _audit = new object();

                public void Place()
                {
                    lock (_orders)
                    {
                        {|#0:Relay.Forward(this)|};
                    }
                }

                public void Audit()
                {
                    lock (_audit) { }
                }

                public void Review()
                {
                    lock (_audit)
                    {
                        {|#1:lock (_orders)|} { }
                    }
                }
            }
            """;
        const string Relay = """
            static class Relay
            {
                public static void Forward(Orders orders) => Pass(orders);

                private static void Pass(Orders orders) => orders.Audit();
            }
            """;
        var test = new Verify.Test();
        test.TestState.Sources.Add(("Orders.cs", Locks));
        test.TestState.Sources.Add(("Relay.cs", Relay));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(Descriptors.CTN3007LockOrderInversionAcrossTypes)
            .WithLocation(0).WithLocation(1)
            .WithArguments("_orders", "_audit", "Place", "Review"));
        await test.RunAsync();
    }
}
