using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Analysis;

/// <summary>
/// What code says about its own thread safety, shared by the shared-state rules: the attributes recognized by name in
/// any namespace (<c>[GuardedBy]</c>, <c>[RequiresLock]</c>, <c>[ThreadSafe]</c>), the methods that tear an object
/// down, and the mentions of a member that are not accesses (<c>nameof</c>).
/// </summary>
public static class ThreadSafetyContracts
{
    public const string GuardedBy = "GuardedByAttribute";
    public const string RequiresLock = "RequiresLockAttribute";
    public const string ThreadSafe = "ThreadSafeAttribute";

    /// <summary>True when <paramref name="symbol"/> carries an attribute whose class is named <paramref name="attributeName"/>.</summary>
    public static bool HasAttribute(ISymbol symbol, string attributeName)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass?.Name == attributeName)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The lock named by an attribute called <paramref name="attributeName"/> on <paramref name="member"/>, or null.</summary>
    public static string? LockName(ISymbol member, string attributeName)
    {
        foreach (var attribute in member.OriginalDefinition.GetAttributes())
        {
            if (attribute.AttributeClass?.Name == attributeName
                && attribute.ConstructorArguments.Length > 0
                && attribute.ConstructorArguments[0].Kind == TypedConstantKind.Primitive
                && attribute.ConstructorArguments[0].Value is string { Length: > 0 } name)
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>A finalizer, or a <c>Dispose</c>/<c>DisposeAsync</c> method or their <c>..Core</c> helpers: the object is going away.</summary>
    public static bool IsTeardown(IMethodSymbol method) =>
        method.MethodKind == MethodKind.Destructor
        || method.Name is "Dispose" or "DisposeAsync" or "DisposeCore" or "DisposeAsyncCore";

    /// <summary>True for an operation inside <c>nameof(..)</c>, which names a member without touching it.</summary>
    public static bool IsInNameof(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is INameOfOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for the name of a <c>[GuardedBy]</c> or <c>[RequiresLock]</c> attribute, as written.</summary>
    public static bool IsContractName(NameSyntax name)
    {
        var simple = name switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            SimpleNameSyntax plain => plain.Identifier.ValueText,
            _ => string.Empty,
        };
        return simple is "GuardedBy" or GuardedBy or "RequiresLock" or RequiresLock;
    }
}
