using System.Threading.Tasks;
using Contention.Analyzers.Locking;
using Contention.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Verify = Contention.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Contention.Analyzers.Locking.CTN3001LockOnReachableObjectAnalyzer,
    Contention.CodeFixes.Locking.CTN3001LockOnReachableObjectCodeFixProvider>;

namespace Contention.Analyzers.Tests.Locking;

public sealed class CTN3001LockOnReachableObjectTests
{
    private const string InventoryLockingThis = """
        public class Inventory
        {
            private int _count;

            public void Add()
            {
                {|CTN3001:lock (this)|}
                {
                    _count++;
                }
            }
        }
        """;

    [Fact]
    public Task LockThis_IsFixedToPrivateLockField() => Verify.VerifyCodeFixAsync(
        """
        public class Inventory
        {
            private int _count;

            public void Add()
            {
                {|CTN3001:lock (this)|}
                {
                    _count++;
                }
            }
        }
        """,
        """
        using System.Threading;

        public class Inventory
        {
            private readonly Lock _gate = new();
            private int _count;

            public void Add()
            {
                lock (_gate)
                {
                    _count++;
                }
            }
        }
        """);

    [Fact]
    public Task Message_NamesThisAndTheType() => Verify.VerifyAnalyzerAsync(
        """
        public class Inventory
        {
            public void Add()
            {
                {|#0:lock (this)|}
                {
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("'this'", "Inventory"));

    [Fact]
    public Task EveryLockOnTheSameObject_IsRetargeted_AndMonitorKeepsObject() => VerifyFixAsync(
        """
        using System.Threading;

        public class Mailbox
        {
            private string? _message;

            public void Post(string message)
            {
                {|CTN3001:lock (this)|}
                {
                    _message = message;
                    Monitor.PulseAll(this);
                }
            }

            public string Take()
            {
                {|CTN3001:lock (this)|}
                {
                    while (_message is null)
                    {
                        Monitor.Wait(this);
                    }

                    return _message;
                }
            }
        }
        """,
        """
        using System.Threading;

        public class Mailbox
        {
            private readonly object _gate = new();
            private string? _message;

            public void Post(string message)
            {
                lock (_gate)
                {
                    _message = message;
                    Monitor.PulseAll(_gate);
                }
            }

            public string Take()
            {
                lock (_gate)
                {
                    while (_message is null)
                    {
                        Monitor.Wait(_gate);
                    }

                    return _message;
                }
            }
        }
        """,
        incrementalIterations: 1);

    [Fact]
    public Task MonitorEnterOnThis_IsReported_AndRetargetedWithExit() => Verify.VerifyCodeFixAsync(
        """
        using System.Threading;

        public class Counter
        {
            private int _value;

            public void Increment()
            {
                Monitor.Enter({|CTN3001:this|});
                try
                {
                    _value++;
                }
                finally
                {
                    Monitor.Exit(this);
                }
            }
        }
        """,
        """
        using System.Threading;

        public class Counter
        {
            private readonly object _gate = new();
            private int _value;

            public void Increment()
            {
                Monitor.Enter(_gate);
                try
                {
                    _value++;
                }
                finally
                {
                    Monitor.Exit(_gate);
                }
            }
        }
        """);

    [Fact]
    public Task PublicField_IsReported_AndTheLockMovesToAPrivateField() => VerifyFixAsync(
        """
        using System.Collections.Generic;

        public class Registry
        {
            public readonly object Sync = new object();
            private readonly List<string> _names = new();

            public void Add(string name)
            {
                {|CTN3001:lock (Sync)|}
                {
                    _names.Add(name);
                }
            }

            public int Count()
            {
                {|CTN3001:lock (this.Sync)|}
                {
                    return _names.Count;
                }
            }
        }
        """,
        """
        using System.Collections.Generic;
        using System.Threading;

        public class Registry
        {
            private readonly Lock _gate = new();
            public readonly object Sync = new object();
            private readonly List<string> _names = new();

            public void Add(string name)
            {
                lock (_gate)
                {
                    _names.Add(name);
                }
            }

            public int Count()
            {
                lock (_gate)
                {
                    return _names.Count;
                }
            }
        }
        """,
        incrementalIterations: 1);

    [Fact]
    public Task PublicStaticField_GetsAStaticPrivateField() => Verify.VerifyCodeFixAsync(
        """
        public static class Log
        {
            public static readonly object Gate = new object();
            private static int _lines;

            public static void Write()
            {
                {|CTN3001:lock (Gate)|}
                {
                    _lines++;
                }
            }
        }
        """,
        """
        using System.Threading;

        public static class Log
        {
            private static readonly Lock _gate = new();
            public static readonly object Gate = new object();
            private static int _lines;

            public static void Write()
            {
                lock (_gate)
                {
                    _lines++;
                }
            }
        }
        """);

    [Fact]
    public Task Net80_WithoutLockType_UsesObject()
    {
        var test = new Verify.Test
        {
            UseNet80 = true,
            TestCode = InventoryLockingThis,
            FixedCode = """
                public class Inventory
                {
                    private readonly object _gate = new();
                    private int _count;

                    public void Add()
                    {
                        lock (_gate)
                        {
                            _count++;
                        }
                    }
                }
                """,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task OldLanguageVersion_UsesObjectAndExplicitConstruction()
    {
        var test = new Verify.Test
        {
            LanguageVersion = LanguageVersion.CSharp8,
            TestCode = InventoryLockingThis,
            FixedCode = """
                public class Inventory
                {
                    private readonly object _gate = new object();
                    private int _count;

                    public void Add()
                    {
                        lock (_gate)
                        {
                            _count++;
                        }
                    }
                }
                """,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task TakenName_GetsANumberedName() => Verify.VerifyCodeFixAsync(
        """
        public class Door
        {
            private string _gate = "front";

            public void Open()
            {
                {|CTN3001:lock (this)|}
                {
                    _gate = "open";
                }
            }
        }
        """,
        """
        using System.Threading;

        public class Door
        {
            private readonly Lock _gate2 = new();
            private string _gate = "front";

            public void Open()
            {
                lock (_gate2)
                {
                    _gate = "open";
                }
            }
        }
        """);

    [Fact]
    public async Task FixAll_AddsOneFieldPerTypeAndObject()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System.Threading;

                public class A
                {
                    public object Shared = new object();
                    private int _x;

                    public void One() { {|CTN3001:lock (this)|} { _x++; } }
                    public void Two() { {|CTN3001:lock (this)|} { _x--; } }
                    public void Three() { {|CTN3001:lock (Shared)|} { _x = 0; } }

                    public class Nested
                    {
                        private int _y;
                        public void Four() { {|CTN3001:lock (this)|} { _y++; } }
                    }
                }

                public class B
                {
                    private int _z;
                    public void Five() { {|CTN3001:lock (this)|} { _z++; } }
                }
                """,
            // Applied one at a time, the second field lands above the first.
            FixedCode = """
                using System.Threading;

                public class A
                {
                    private readonly Lock _gate2 = new();
                    private readonly Lock _gate = new();
                    public object Shared = new object();
                    private int _x;

                    public void One() { lock (_gate) { _x++; } }
                    public void Two() { lock (_gate) { _x--; } }
                    public void Three() { lock (_gate2) { _x = 0; } }

                    public class Nested
                    {
                        private readonly Lock _gate = new();
                        private int _y;
                        public void Four() { lock (_gate) { _y++; } }
                    }
                }

                public class B
                {
                    private readonly Lock _gate = new();
                    private int _z;
                    public void Five() { lock (_gate) { _z++; } }
                }
                """,
            BatchFixedCode = """
                using System.Threading;

                public class A
                {
                    private readonly Lock _gate = new();
                    private readonly Lock _gate2 = new();
                    public object Shared = new object();
                    private int _x;

                    public void One() { lock (_gate) { _x++; } }
                    public void Two() { lock (_gate) { _x--; } }
                    public void Three() { lock (_gate2) { _x = 0; } }

                    public class Nested
                    {
                        private readonly Lock _gate = new();
                        private int _y;
                        public void Four() { lock (_gate) { _y++; } }
                    }
                }

                public class B
                {
                    private readonly Lock _gate = new();
                    private int _z;
                    public void Five() { lock (_gate) { _z++; } }
                }
                """,
        };
        test.NumberOfIncrementalIterations = 4;
        test.NumberOfFixAllIterations = 1;
        await test.RunAsync();
    }

    [Fact]
    public Task ExplicitCastOfThis_IsReportedAndFixed() => Verify.VerifyCodeFixAsync(
        """
        public class Inventory
        {
            private int _count;

            public void Add()
            {
                {|CTN3001:lock ((object)this)|}
                {
                    _count++;
                }
            }
        }
        """,
        """
        using System.Threading;

        public class Inventory
        {
            private readonly Lock _gate = new();
            private int _count;

            public void Add()
            {
                lock (_gate)
                {
                    _count++;
                }
            }
        }
        """);

    [Fact]
    public Task PartialTypeInOneFile_GetsOneFieldAndEveryPartRetargeted() => VerifyFixAsync(
        """
        public partial class Ledger
        {
            private int _balance;

            public void Credit() { {|CTN3001:lock (this)|} { _balance++; } }
        }

        public partial class Ledger
        {
            public void Debit() { {|CTN3001:lock (this)|} { _balance--; } }
        }
        """,
        """
        using System.Threading;

        public partial class Ledger
        {
            private readonly Lock _gate = new();
            private int _balance;

            public void Credit() { lock (_gate) { _balance++; } }
        }

        public partial class Ledger
        {
            public void Debit() { lock (_gate) { _balance--; } }
        }
        """,
        incrementalIterations: 1);

    [Fact]
    public async Task PartialTypeAcrossFiles_IsReportedButNotFixed()
    {
        // Moving only one file's locks would let the two parts run at the same time.
        const string First = """
            public partial class Ledger
            {
                private int _balance;

                public void Credit() { {|CTN3001:lock (this)|} { _balance++; } }
            }
            """;
        const string Second = """
            public partial class Ledger
            {
                public void Debit() { {|CTN3001:lock (this)|} { _balance--; } }
            }
            """;
        var test = new Verify.Test();
        test.TestState.Sources.Add(("First.cs", First));
        test.TestState.Sources.Add(("Second.cs", Second));
        test.FixedState.Sources.Add(("First.cs", First));
        test.FixedState.Sources.Add(("Second.cs", Second));
        await test.RunAsync();
    }

    [Fact]
    public Task DerivedTypeLockingThis_BlocksTheFix()
    {
        // Base and derived lock the same instance; separate private gates would let them run together.
        const string Source = """
            public class Account
            {
                protected int Balance;

                public void Deposit() { {|CTN3001:lock (this)|} { Balance++; } }
            }

            public class SavingsAccount : Account
            {
                public void AddInterest() { {|CTN3001:lock (this)|} { Balance += Balance / 100; } }
            }
            """;
        var test = new Verify.Test { TestCode = Source, FixedCode = Source };
        return test.RunAsync();
    }

    [Fact]
    public Task InheritedMember_IsReportedButNotFixed()
    {
        // The base type locks the same object; retargeting only the derived type would split the protocol.
        const string Source = """
            public class Repository
            {
                protected readonly object Gate = new object();

                public void Save() { {|CTN3001:lock (Gate)|} { } }
            }

            public class CachedRepository : Repository
            {
                public void Evict() { {|CTN3001:lock (Gate)|} { } }
            }
            """;
        var test = new Verify.Test { TestCode = Source, FixedCode = Source };
        return test.RunAsync();
    }

    [Fact]
    public Task GeneratedCode_IsSkipped() => Verify.VerifyAnalyzerAsync(
        """
        // <auto-generated/>
        public class Generated
        {
            public void Run() { lock (this) { } }
        }
        """);

    [Theory]
    [InlineData("public", "public field 'Gate'")]
    [InlineData("internal", "internal field 'Gate'")]
    [InlineData("protected", "protected field 'Gate'")]
    [InlineData("protected internal", "protected internal field 'Gate'")]
    public Task NonPrivateFields_AreReported(string accessibility, string description) => Verify.VerifyAnalyzerAsync(
        $$"""
        public class Store
        {
            {{accessibility}} readonly object Gate = new object();

            public void Save()
            {
                {|#0:lock (Gate)|}
                {
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments(description, "Store"));

    [Fact]
    public Task NonPrivateProperty_IsReported() => Verify.VerifyAnalyzerAsync(
        """
        public class Store
        {
            public object Gate { get; } = new object();

            public void Save()
            {
                {|#0:lock (Gate)|}
                {
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("public property 'Gate'", "Store"));

    [Fact]
    public Task SafeLookAlikes_AreSilent() => Verify.VerifyAnalyzerAsync(
        """
        using System.Collections;
        using System.Collections.Generic;
        using System.Threading;

        public class Other
        {
            public readonly object Gate = new object();
        }

        public sealed class Safe
        {
            private readonly object _gate = new object();
            private static readonly object s_gate = new object();
            private readonly List<int> _items = new();
            private readonly Lock _lock = new();
            protected readonly object SealedProtected = new object();

            public void PrivateField() { lock (_gate) { } }
            public static void PrivateStaticField() { lock (s_gate) { } }
            public void PrivateList() { lock (_items) { } }
            public void PrivateLock() { lock (_lock) { } }
            public void ProtectedInSealedType() { lock (SealedProtected) { } }
            public void Parameter(object shared) { lock (shared) { } }
            public void Local() { var gate = _gate; lock (gate) { } }
            public void AnotherObjectsMember(Other other) { lock (other.Gate) { } }
            public void SyncRootOfACollection(ArrayList list) { lock (list.SyncRoot) { } }
            public void MonitorOnPrivate() { Monitor.Enter(_gate); try { } finally { Monitor.Exit(_gate); } }

            private sealed class Hidden
            {
                public readonly object Gate = new object();
                public void Use() { lock (Gate) { } }
            }
        }

        public class Collection : ICollection
        {
            private readonly object _syncRoot = new object();
            public object SyncRoot => _syncRoot;
            public int Count => 0;
            public bool IsSynchronized => true;
            public void CopyTo(System.Array array, int index) { lock (SyncRoot) { } }
            public IEnumerator GetEnumerator() => new ArrayList().GetEnumerator();
        }
        """);

    [Fact]
    public Task WeakIdentityTargets_AreLeftToTheirOwnRule() => Verify.VerifyAnalyzerAsync(
        """
        public class Names
        {
            public string Key = "key";
            public System.Type Kind = typeof(Names);

            public void Use()
            {
                lock (Key) { }
                lock (Kind) { }
            }
        }
        """);

    [Theory]
    [InlineData("void M() { lock (this }")]
    [InlineData("void M() { lock () { } }")]
    [InlineData("void M() { lock (Missing) { } }")]
    [InlineData("void M() { lock (this) }")]
    [InlineData("void M() { System.Threading.Monitor.Enter( }")]
    [InlineData("void M() { System.Threading.Monitor.Enter(this, }")]
    [InlineData("static void M() { lock (this) { } }")]
    [InlineData("object P => this; void M() { lock (P) { } }")]
    public async Task HalfTypedCode_NeverThrows(string member)
    {
        var result = await AnalyzerRunner.RunAsync(
            "public class C { " + member + " }", new CTN3001LockOnReachableObjectAnalyzer());

        Assert.Empty(result.Exceptions);
    }

    /// <summary>One fix retargets every lock on the object, so several diagnostics can go in fewer steps.</summary>
    private static Task VerifyFixAsync(string source, string fixedSource, int incrementalIterations)
    {
        var test = new Verify.Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            NumberOfIncrementalIterations = incrementalIterations,
            NumberOfFixAllIterations = 1,
        };
        return test.RunAsync();
    }
}
