using System.Threading.Tasks;
using Xunit;
using Verify = Contention.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Contention.Analyzers.Locking.CTN3004LockOnFreshObjectAnalyzer,
    Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace Contention.Analyzers.Tests.Locking;

public sealed class CTN3004LockOnFreshObjectTests
{
    [Fact]
    public Task FreshObjects_AreReported() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;

        class Counter
        {
            private int _count;

            public void Increment()
            {
                {|CTN3004:lock (new object())|} { _count++; }
                var gate = new object();
                {|CTN3004:lock (gate)|} { _count++; }
                Monitor.Enter({|CTN3004:_count|});
                System.Threading.Tasks.Parallel.For(0, 4, i =>
                {
                    var perRun = new object();
                    {|CTN3004:lock (perRun)|} { _count++; }
                });
            }
        }
        """);

    [Fact]
    public Task Message_NamesTheObject() => Verify.VerifyAnalyzerAsync(
        """
        class Counter
        {
            void Increment() { {|#0:lock (new object())|} { } }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("'new object()' creates a new object on every call"));

    [Fact]
    public Task SharedObjects_AreSilent() => Verify.VerifyAnalyzerAsync("""
        using System.Collections.Generic;

        class Registry
        {
            private readonly object _gate = new object();
            private readonly Dictionary<string, object> _gates = new();

            public void Use(object shared, string key)
            {
                var gate = _gate;
                lock (gate) { }
                var fromParameter = shared;
                lock (fromParameter) { }
                var published = new object();
                _gates[key] = published;
                lock (published) { }
                lock (_gates[key]) { }
                var sharedByThreads = new object();
                System.Threading.Tasks.Parallel.For(0, 4, i => { lock (sharedByThreads) { } });
            }
        }
        """);
}
