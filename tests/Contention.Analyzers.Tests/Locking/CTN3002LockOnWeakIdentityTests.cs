using System.Threading.Tasks;
using Contention.Analyzers.Locking;
using Contention.Analyzers.Tests.Verifiers;
using Xunit;
using Verify = Contention.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Contention.Analyzers.Locking.CTN3002LockOnWeakIdentityAnalyzer,
    Contention.CodeFixes.Locking.CTN3002LockOnWeakIdentityCodeFixProvider>;

namespace Contention.Analyzers.Tests.Locking;

public sealed class CTN3002LockOnWeakIdentityTests
{
    [Fact]
    public Task WeakIdentityTargets_AreReported() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Reflection;
        using System.Threading;

        class Cache
        {
            private static readonly string Key = "cache";
            private readonly Type _kind = typeof(Cache);

            void Use(MethodInfo method, Thread worker, string name)
            {
                {|CTN3002:lock (typeof(Cache))|} { }
                {|CTN3002:lock ("cache")|} { }
                {|CTN3002:lock (Key)|} { }
                {|CTN3002:lock (_kind)|} { }
                {|CTN3002:lock (method)|} { }
                {|CTN3002:lock (worker)|} { }
                {|CTN3002:lock (name)|} { }
                {|CTN3002:lock (GetType())|} { }
                Monitor.Enter({|CTN3002:typeof(Cache)|});
                Monitor.Exit(typeof(Cache));
            }
        }
        """);

    [Fact]
    public Task Message_SaysWhyTheIdentityIsWeak() => Verify.VerifyAnalyzerAsync(
        """
        class Cache
        {
            void Use() { {|#0:lock ("cache")|} { } }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("\"cache\"", "equal strings can be one interned object shared by the whole process"));

    [Fact]
    public Task OrdinaryObjects_AreSilent() => Verify.VerifyAnalyzerAsync("""
        using System.IO;
        using System.Text;

        class Log
        {
            private readonly object _gate = new object();
            private readonly StreamWriter _writer = new StreamWriter(new MemoryStream());
            private readonly StringBuilder _buffer = new StringBuilder();

            void Write(string line)
            {
                lock (_gate) { }
                lock (_writer) { }
                lock (_buffer) { }
            }
        }
        """);

    [Fact]
    public Task TypeAndStringLocks_MoveToPrivateStaticGates()
    {
        const string Fixed = """
            using System.Threading;

            class Cache
            {
                private static readonly Lock _gate = new();
                private static readonly Lock _gate2 = new();
                private int _count;

                public void Add() { lock (_gate) { _count++; } }
                public void Remove() { lock (_gate) { _count--; } }
                public void Log() { lock (_gate2) { } }
            }
            """;
        var test = new Verify.Test
        {
            TestCode = """
                class Cache
                {
                    private int _count;

                    public void Add() { {|CTN3002:lock (typeof(Cache))|} { _count++; } }
                    public void Remove() { {|CTN3002:lock (typeof(Cache))|} { _count--; } }
                    public void Log() { {|CTN3002:lock ("cache-log")|} { } }
                }
                """,

            // Applied one at a time, the second field lands above the first.
            FixedCode = Fixed.Replace(
                "    private static readonly Lock _gate = new();\n    private static readonly Lock _gate2 = new();",
                "    private static readonly Lock _gate2 = new();\n    private static readonly Lock _gate = new();",
                System.StringComparison.Ordinal),
            BatchFixedCode = Fixed,
            NumberOfIncrementalIterations = 2,
            NumberOfFixAllIterations = 1,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task ALiteralLockedElsewhere_IsNotFixed()
    {
        // Another type locks the same interned string: moving one side would split them.
        const string Source = """
            class Writer
            {
                public void Write() { {|CTN3002:lock ("journal")|} { } }
            }

            class Compactor
            {
                public void Compact() { {|CTN3002:lock ("journal")|} { } }
            }
            """;
        return Verify.VerifyCodeFixAsync(Source, Source);
    }
}
