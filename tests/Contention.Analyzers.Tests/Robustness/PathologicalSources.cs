using System.Text;

namespace Contention.Analyzers.Tests.Robustness;

/// <summary>
/// Generated sources at the sizes real code rarely reaches but generated, ported or legacy code does. Each puts a known
/// hazard where it is hardest to reach, so a test can check that the rule still finds it; <c>// expect CTNnnnn</c> at the
/// end of a line marks it.
/// </summary>
internal static class PathologicalSources
{
    private const string Usings = "using System;\nusing System.Threading;\nusing System.Threading.Tasks;\n\nnamespace Pathological;\n\n";

    /// <summary>One async method of <paramref name="lines"/> statements: arithmetic, locals, locks, awaits, branches, and one Thread.Sleep (CTN1002) at 3/4 of the way.</summary>
    public static string HugeMethod(int lines)
    {
        var text = new StringBuilder(Usings);
        text.Append("public sealed class HugeMethod\n{\n    private readonly object _gate = new object();\n    private int _count;\n\n");
        text.Append("    public async Task<int> RunAsync(int n)\n    {\n        var total = 0;\n");
        for (var i = 0; i < lines; i++)
        {
            if (i == lines * 3 / 4)
            {
                text.Append("        Thread.Sleep(1); // expect CTN1002\n");
            }

            text.Append((i % 8) switch
            {
                0 => "        total += n;\n",
                1 => $"        if (total > {i}) {{ total -= n; }}\n",
                2 => "        lock (_gate) { _count++; }\n",
                3 => "        await Task.Yield();\n",
                4 => $"        var v{i} = total + {i};\n",
                5 => $"        total = Math.Max(total, v{i - 1});\n",
                6 => $"        for (var k{i} = 0; k{i} < n; k{i}++) {{ total ^= k{i}; }}\n",
                _ => $"        try {{ total = checked(total + {i}); }} catch (OverflowException) {{ total = 0; }}\n",
            });
        }

        text.Append("        lock (_gate) { return total + _count; }\n    }\n}\n");
        return text.ToString();
    }

    /// <summary><paramref name="depth"/> async lambdas, each declared and awaited inside the previous; the innermost sleeps (CTN1002).</summary>
    public static string DeepLambdas(int depth)
    {
        var text = new StringBuilder(Usings);
        text.Append("public sealed class DeepLambdas\n{\n    public Func<Task> Build()\n    {\n");
        for (var i = 0; i < depth; i++)
        {
            text.Append($"Func<Task> f{i} = async () => {{\nawait Task.Yield();\n");
        }

        text.Append("Thread.Sleep(1); // expect CTN1002\n");
        for (var i = depth - 1; i >= 0; i--)
        {
            text.Append(i == depth - 1 ? "};\n" : $"await f{i + 1}();\n}};\n");
        }

        text.Append("        return f0;\n    }\n}\n");
        return text.ToString();
    }

    /// <summary>
    /// A type with <paramref name="locks"/> lock fields, all taken one after another in one method, a chain of 100 of
    /// them nested, and one pair taken in both orders (CTN3007).
    /// </summary>
    public static string ManyLocks(int locks)
    {
        var text = new StringBuilder(Usings);
        text.Append("public sealed class ManyLocks\n{\n");
        for (var i = 0; i < locks; i++)
        {
            text.Append($"    private readonly object _lock{i} = new object();\n");
        }

        text.Append("\n    private static void Work(int n) { }\n\n    public void TakeEach()\n    {\n");
        for (var i = 0; i < locks; i++)
        {
            text.Append($"        lock (_lock{i}) {{ Work({i}); }}\n");
        }

        text.Append("    }\n\n    public void TakeNested()\n    {\n");
        const int Nested = 100;
        for (var i = 0; i < Nested; i++)
        {
            text.Append($"        lock (_lock{i}) {{\n");
        }

        text.Append("        Work(-1);\n").Append(new string('}', Nested)).Append('\n');
        text.Append("    }\n\n");
        text.Append("    public void Forward() { lock (_lock9000) { lock (_lock9001) { Work(0); } } }\n\n");
        text.Append("    public void Backward() { lock (_lock9001) { lock (_lock9000) { Work(1); } } } // expect CTN3007\n}\n");
        return text.ToString();
    }

    /// <summary>
    /// <paramref name="methods"/> synchronous methods in a ring, each also calling a distant one, where <c>M3</c> sleeps;
    /// as many async methods in a ring, <c>A{i}</c> calling <c>M{i}</c> (CTN1005 where <c>M{i}</c> reaches the sleep
    /// within the default depth); and a ring of methods called under lock <c>_a</c>, of which <c>R2</c> takes <c>_b</c>,
    /// against <c>_b</c> then <c>_a</c> elsewhere (CTN3007 through calls).
    /// </summary>
    public static string MutualRecursion(int methods)
    {
        var text = new StringBuilder(Usings);
        text.Append("public sealed class Recursion\n{\n    private readonly object _a = new object();\n    private readonly object _b = new object();\n\n");
        for (var i = 0; i < methods; i++)
        {
            var next = (i + 1) % methods;
            var chord = (i * 7 + 13) % methods;
            var body = i == 3 ? "Thread.Sleep(1); " : "";
            text.Append($"    public int M{i}(int n) {{ {body}if (n <= 0) {{ return 0; }} return M{next}(n - 1) + M{chord}(n - 2); }}\n");
        }

        text.Append('\n');
        for (var i = 0; i < methods; i++)
        {
            var next = (i + 1) % methods;
            var expect = i == 3 ? " // expect CTN1005" : "";
            text.Append($"    public async Task A{i}(int n) {{ if (n <= 0) {{ return; }} await A{next}(n - 1); M{i}(n);{expect}\n    }}\n");
        }

        text.Append('\n');
        for (var i = 0; i < methods; i++)
        {
            var next = (i + 1) % methods;
            var body = i == 2 ? "lock (_b) { } " : "";
            text.Append($"    public void R{i}(int n) {{ {body}if (n > 0) {{ R{next}(n - 1); }} }}\n");
        }

        text.Append("\n    public void TakeAThenCalls() { lock (_a) { R0(3); } }\n\n");
        text.Append("    public void TakeBThenA() { lock (_b) { lock (_a) { } } } // expect CTN3007\n}\n");
        return text.ToString();
    }
}
