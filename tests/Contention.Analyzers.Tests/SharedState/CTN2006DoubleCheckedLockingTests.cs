using System.Threading.Tasks;
using Xunit;
using Verify = Contention.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Contention.Analyzers.SharedState.CTN2006DoubleCheckedLockingAnalyzer,
    Contention.CodeFixes.SharedState.CTN2006DoubleCheckedLockingCodeFixProvider>;

namespace Contention.Analyzers.Tests.SharedState;

public sealed class CTN2006DoubleCheckedLockingTests
{
    [Fact]
    public Task DoubleCheckedLockingOnPlainFields_IsReported() => Verify.VerifyAnalyzerAsync(
        """
        using System.Collections.Generic;

        class Settings
        {
            private static readonly object s_gate = new object();
            private static Settings? s_instance;
            private readonly object _gate = new object();
            private bool _loaded;
            private Dictionary<string, string> _values = new();
            private List<string>? _names;

            public static Settings Instance
            {
                get
                {
                    if ({|#0:s_instance|} == null)
                    {
                        lock (s_gate)
                        {
                            if (s_instance == null)
                            {
                                s_instance = new Settings();
                            }
                        }
                    }

                    return s_instance;
                }
            }

            public string Get(string key)
            {
                if (!{|CTN2006:_loaded|})
                {
                    lock (_gate)
                    {
                        if (!_loaded)
                        {
                            _values = new Dictionary<string, string> { ["a"] = "b" };
                            _loaded = true;
                        }
                    }
                }

                return _values[key];
            }

            public Dictionary<string, string> Values()
            {
                if ({|CTN2006:_values|} != null)
                {
                    return _values;
                }

                lock (_gate)
                {
                    if (_values == null)
                    {
                        _values = new Dictionary<string, string>();
                    }

                    return _values;
                }
            }

            public List<string> Names()
            {
                if ({|CTN2006:_names|} is null)
                {
                    lock (_gate)
                    {
                        _names ??= new List<string>();
                    }
                }

                return _names;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("s_instance"));

    [Fact]
    public Task SafeLookAlikes_AreSilent() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;

        class Settings
        {
            private static readonly object s_gate = new object();
            private static volatile Settings? s_instance;
            private static Settings? s_other;
            private static Settings? s_lazyField;
            private static readonly Lazy<Settings> s_lazy = new(() => new Settings());
            private readonly object _gate = new object();
            private bool _loaded;

            public static Settings Instance
            {
                get
                {
                    if (s_instance == null)
                    {
                        lock (s_gate)
                        {
                            if (s_instance == null)
                            {
                                s_instance = new Settings();
                            }
                        }
                    }

                    if (Volatile.Read(ref s_other) == null)
                    {
                        lock (s_gate)
                        {
                            if (s_other == null)
                            {
                                Volatile.Write(ref s_other, new Settings());
                            }
                        }
                    }

                    return LazyInitializer.EnsureInitialized(ref s_lazyField, () => new Settings());
                }
            }

            public void Load()
            {
                lock (_gate)
                {
                    if (!_loaded)
                    {
                        _loaded = true; // checked once, under the lock
                    }
                }

                if (!_loaded)
                {
                    Console.WriteLine("not yet"); // checked once, no lock taken
                }

                if (_loaded)
                {
                    return; // returns early, but the lock after it does not test the flag again
                }

                lock (_gate)
                {
                    Console.WriteLine("loading");
                }
            }
        }
        """);

    [Fact]
    public Task Volatile_IsAddedToTheField() => Verify.VerifyCodeFixAsync(
        """
        class Settings
        {
            private static readonly object s_gate = new object();
            private static Settings? s_instance;

            public static Settings Instance
            {
                get
                {
                    if ({|CTN2006:s_instance|} == null)
                    {
                        lock (s_gate)
                        {
                            if (s_instance == null)
                            {
                                s_instance = new Settings();
                            }
                        }
                    }

                    return s_instance;
                }
            }
        }
        """,
        """
        class Settings
        {
            private static readonly object s_gate = new object();
            private static volatile Settings? s_instance;

            public static Settings Instance
            {
                get
                {
                    if (s_instance == null)
                    {
                        lock (s_gate)
                        {
                            if (s_instance == null)
                            {
                                s_instance = new Settings();
                            }
                        }
                    }

                    return s_instance;
                }
            }
        }
        """);

    [Fact]
    public Task NoFix_ForATypeThatCannotBeVolatile() => Verify.VerifyCodeFixAsync(
        """
        class Clock
        {
            private readonly object _gate = new object();
            private long _start;

            public long Start()
            {
                if ({|CTN2006:_start|} == 0)
                {
                    lock (_gate)
                    {
                        if (_start == 0)
                        {
                            _start = 42;
                        }
                    }
                }

                return _start;
            }
        }
        """,
        """
        class Clock
        {
            private readonly object _gate = new object();
            private long _start;

            public long Start()
            {
                if ({|CTN2006:_start|} == 0)
                {
                    lock (_gate)
                    {
                        if (_start == 0)
                        {
                            _start = 42;
                        }
                    }
                }

                return _start;
            }
        }
        """);
}
