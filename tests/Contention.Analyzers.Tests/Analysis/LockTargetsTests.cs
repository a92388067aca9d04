using System.Linq;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Contention.Analyzers.Tests.Analysis;

public sealed class LockTargetsTests
{
    [Theory]
    [InlineData("public class T { public object F; }", true)]
    [InlineData("public class T { internal object F; }", true)]
    [InlineData("public class T { protected object F; }", true)]
    [InlineData("public class T { private protected object F; }", true)]
    [InlineData("internal class T { public object F; }", true)]
    [InlineData("public class T { private object F; }", false)]
    [InlineData("public sealed class T { protected object F; }", false)]
    [InlineData("public sealed class T { private protected object F; }", false)]
    [InlineData("public sealed class T { protected internal object F; }", true)]
    [InlineData("public static class T { internal static object F; }", true)]
    [InlineData("public class O { private class T { public object F; } }", false)]
    [InlineData("public class O { protected class T { public object F; } }", true)]
    [InlineData("public sealed class O { protected class T { public object F; } }", false)]
    [InlineData("internal class O { protected class T { public object F; } }", true)]
    public void Reachability_FollowsEffectiveAccessibility(string declarations, bool reachable)
    {
        var compilation = EngineTestHelpers.Compile(declarations);
        var field = compilation.GetSymbolsWithName("F").Single();

        Assert.Equal(reachable, LockTargets.IsReachableFromOutside(field));
    }

    [Theory]
    [InlineData("public object F;", "public field 'F'")]
    [InlineData("protected internal object F;", "protected internal field 'F'")]
    [InlineData("internal object F { get; } = new object();", "internal property 'F'")]
    public void Describe_NamesAccessibilityKindAndName(string member, string expected)
    {
        var compilation = EngineTestHelpers.Compile("public class T { " + member + " }");

        Assert.Equal(expected, LockTargets.Describe(compilation.GetSymbolsWithName("F").Single()));
    }

    [Theory]
    [InlineData("lock (/*here*/this) { }", "this")]
    [InlineData("lock (/*here*/(object)this) { }", "this")]
    [InlineData("lock (/*here*/F) { }", "F")]
    [InlineData("lock (/*here*/this.F) { }", "F")]
    [InlineData("lock (/*here*/S) { }", "S")]
    [InlineData("lock (/*here*/other.F) { }", null)]
    [InlineData("lock (/*here*/other) { }", null)]
    [InlineData("lock (/*here*/new object()) { }", null)]
    public void OwnMember_IsReadThroughThisOrStatically(string statement, string? expected)
    {
        var (operation, member) = EngineTestHelpers.OperationAtMarker(
            "public class T { public object F = new object(); public static object S = new object(); void M(T other) { " + statement + " } }");
        var target = LockTargets.Unwrap(operation);

        var actual = LockTargets.IsThis(target) ? "this" : LockTargets.OwnMember(target, member.ContainingType)?.Name;
        Assert.Equal(expected, actual);
    }
}
