using System.Threading.Tasks;
using Xunit;
using Verify = Contention.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Contention.Analyzers.SharedState.CTN2005CheckThenActAnalyzer,
    Contention.CodeFixes.SharedState.CTN2005CheckThenActCodeFixProvider>;

namespace Contention.Analyzers.Tests.SharedState;

public sealed class CTN2005CheckThenActTests
{
    [Fact]
    public Task CheckThenWriteOnTheSameKey_IsReported() => Verify.VerifyAnalyzerAsync(
        """
        using System.Collections.Concurrent;

        class Widget { public Widget(int key) { } }

        class WidgetCache
        {
            private readonly ConcurrentDictionary<int, Widget> _widgets = new();
            private readonly ConcurrentDictionary<string, int> _hits = new();

            public Widget Get(int key)
            {
                if (!{|#0:_widgets.TryGetValue(key, out var widget)|})
                {
                    widget = new Widget(key);
                    _widgets[key] = widget;
                }

                return widget;
            }

            public Widget Find(int key)
            {
                if ({|CTN2005:_widgets.TryGetValue(key, out var found)|})
                {
                    return found;
                }

                found = new Widget(key);
                _widgets.TryAdd(key, found);
                return found;
            }

            public void Count(string name)
            {
                if ({|#1:_hits.ContainsKey(name)|})
                {
                    _hits[name] += 1;
                }
                else
                {
                    _hits[name] = 1;
                }

                if (!{|CTN2005:_hits.ContainsKey("total")|}) _hits.TryAdd("total", 0);
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("_widgets", "TryGetValue", "[key] =", "GetOrAdd"),
        Verify.Diagnostic().WithLocation(1).WithArguments("_hits", "ContainsKey", "[name] =", "AddOrUpdate"));

    [Fact]
    public Task SafeLookAlikes_AreSilent() => Verify.VerifyAnalyzerAsync("""
        using System.Collections.Concurrent;
        using System.Collections.Generic;

        class WidgetCache
        {
            private readonly ConcurrentDictionary<int, string> _names = new();
            private readonly ConcurrentDictionary<int, string> _other = new();
            private readonly Dictionary<int, string> _plain = new();

            public string Get(int key, int otherKey)
            {
                var name = _names.GetOrAdd(key, k => k.ToString());
                _names.AddOrUpdate(key, "new", (k, old) => old + "!");
                _names.TryAdd(key, "alone");

                if (!_names.ContainsKey(otherKey))
                {
                    _names[key] = "a different key";
                }

                if (!_names.ContainsKey(key))
                {
                    _other[key] = "a different dictionary";
                }

                if (!_plain.ContainsKey(key))
                {
                    _plain[key] = "not a concurrent collection: CTN2003's business";
                }

                if (_names.TryGetValue(key, out var found))
                {
                    return found; // read only
                }

                return name;
            }
        }
        """);

    [Fact]
    public Task GetOrAdd_ReplacesEachShape() => Verify.VerifyCodeFixAsync(
        """
        using System.Collections.Concurrent;

        class Widget { public Widget(int key) { } }

        class WidgetCache
        {
            private readonly ConcurrentDictionary<int, Widget> _widgets = new();
            private readonly ConcurrentDictionary<string, int> _hits = new();

            public Widget Get(int key)
            {
                if (!{|CTN2005:_widgets.TryGetValue(key, out var widget)|})
                {
                    widget = new Widget(key);
                    _widgets[key] = widget;
                }

                return widget;
            }

            public Widget Find(int key)
            {
                if ({|CTN2005:_widgets.TryGetValue(key, out var found)|})
                {
                    return found;
                }

                found = new Widget(key);
                _widgets[key] = found;
                return found;
            }

            public void Seed(string name, int start)
            {
                if (!{|CTN2005:_hits.ContainsKey(name)|}) _hits[name] = start;
            }
        }
        """,
        """
        using System.Collections.Concurrent;

        class Widget { public Widget(int key) { } }

        class WidgetCache
        {
            private readonly ConcurrentDictionary<int, Widget> _widgets = new();
            private readonly ConcurrentDictionary<string, int> _hits = new();

            public Widget Get(int key)
            {
                var widget = _widgets.GetOrAdd(key, _ => new Widget(key));

                return widget;
            }

            public Widget Find(int key)
            {
                return _widgets.GetOrAdd(key, _ => new Widget(key));
            }

            public void Seed(string name, int start)
            {
                _hits.GetOrAdd(name, start);
            }
        }
        """);

    [Fact]
    public Task NoFix_ForAnUpdateOfAPresentKey() => Verify.VerifyCodeFixAsync(
        """
        using System.Collections.Concurrent;

        class Counter
        {
            private readonly ConcurrentDictionary<string, int> _hits = new();

            public void Count(string name)
            {
                if ({|CTN2005:_hits.ContainsKey(name)|})
                {
                    _hits[name] += 1;
                }
            }
        }
        """,
        """
        using System.Collections.Concurrent;

        class Counter
        {
            private readonly ConcurrentDictionary<string, int> _hits = new();

            public void Count(string name)
            {
                if ({|CTN2005:_hits.ContainsKey(name)|})
                {
                    _hits[name] += 1;
                }
            }
        }
        """);

    /// <summary>
    /// The prefilter knows ConcurrentDictionary members declared anywhere in the compilation, so a check through
    /// another type's property, with no mention of the type in the method, is still judged; the declarations index
    /// reads the member's declared type in every shape a ConcurrentDictionary can take in it.
    /// </summary>
    [Theory]
    [InlineData("ConcurrentDictionary<string, int>", "_registry.Entries")]
    [InlineData("System.Collections.Concurrent.ConcurrentDictionary<string, int>", "_registry.Entries")]
    [InlineData("ConcurrentDictionary<string, int>?", "_registry.Entries!")]
    [InlineData("ConcurrentDictionary<string, int>[]", "_registry.Entries[0]")]
    [InlineData("(ConcurrentDictionary<string, int> Map, int Size)", "_registry.Entries.Map")]
    [InlineData("global::System.Collections.Concurrent.ConcurrentDictionary<string, int>", "_registry.Entries")]
    public async Task CheckThroughAnotherTypesProperty_IsReported(string type, string access)
    {
        var holder = $$"""
            #nullable enable
            using System.Collections.Concurrent;

            public sealed class Registry
            {
                public {{type}} Entries { get; set; } = default!;
            }
            """;
        var user = $$"""
            public sealed class Counter
            {
                private readonly Registry _registry = new();

                public void Touch(string key)
                {
                    var entries = {{access}};
                    if (!{|CTN2005:entries.ContainsKey(key)|})
                    {
                        entries[key] = 1;
                    }
                }
            }
            """;
        var test = new Verify.Test();
        test.TestState.Sources.Add(("Registry.cs", holder));
        test.TestState.Sources.Add(("Counter.cs", user));
        await test.RunAsync();
    }
}
