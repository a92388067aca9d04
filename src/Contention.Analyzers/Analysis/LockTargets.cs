using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Analysis;

/// <summary>What a lock statement or <c>Monitor</c> call locks, and whether code outside the type can reach it.</summary>
public static class LockTargets
{
    /// <summary>The locked expression without conversions that keep the object's identity (<c>(object)this</c>).</summary>
    public static IOperation Unwrap(IOperation target)
    {
        while (target is IConversionOperation conversion
            && (conversion.Conversion.IsIdentity || conversion.Conversion.IsReference))
        {
            target = conversion.Operand;
        }

        return target;
    }

    /// <summary>True for <c>this</c> (explicit or implicit) of a reference type.</summary>
    public static bool IsThis(IOperation target) =>
        target is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } reference
        && reference.Type is { IsReferenceType: true };

    /// <summary>
    /// The field or property of <paramref name="type"/> (or a base type) that <paramref name="target"/> reads
    /// through <c>this</c> or statically; null for anything else, such as a member of another object.
    /// </summary>
    public static ISymbol? OwnMember(IOperation target, INamedTypeSymbol type)
    {
        ISymbol member;
        IOperation? instance;
        switch (target)
        {
            case IFieldReferenceOperation field:
                member = field.Field;
                instance = field.Instance;
                break;
            case IPropertyReferenceOperation { Arguments.IsEmpty: true } property:
                member = property.Property;
                instance = property.Instance;
                break;
            default:
                return null;
        }

        if (instance is not null && !IsThis(instance))
        {
            return null;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(member.ContainingType.OriginalDefinition, current.OriginalDefinition))
            {
                return member;
            }
        }

        return null;
    }

    /// <summary>
    /// True when code outside the member's own type can reach it: its declared accessibility, narrowed by
    /// every containing type's, is wider than private (protected in a sealed type counts as private).
    /// </summary>
    public static bool IsReachableFromOutside(ISymbol member)
    {
        var accessibility = Narrow(member.DeclaredAccessibility, member.ContainingType);
        for (var type = member.ContainingType; type is not null; type = type.ContainingType)
        {
            accessibility = Min(accessibility, Narrow(type.DeclaredAccessibility, type.ContainingType));
        }

        return accessibility > Accessibility.Private;
    }

    /// <summary>How a message names the member: "public field 'Sync'".</summary>
    public static string Describe(ISymbol member)
    {
        var accessibility = member.DeclaredAccessibility switch
        {
            Accessibility.Public => "public",
            Accessibility.Internal => "internal",
            Accessibility.Protected => "protected",
            Accessibility.ProtectedOrInternal => "protected internal",
            Accessibility.ProtectedAndInternal => "private protected",
            _ => "non-private",
        };
        var kind = member.Kind == SymbolKind.Property ? "property" : "field";
        return $"{accessibility} {kind} '{member.Name}'";
    }

    /// <summary>Protected access is only reachable from derived types, and a sealed or static type has none.</summary>
    private static Accessibility Narrow(Accessibility accessibility, INamedTypeSymbol? containingType)
    {
        if (containingType is null || !(containingType.IsSealed || containingType.IsStatic))
        {
            return accessibility;
        }

        return accessibility switch
        {
            Accessibility.Protected or Accessibility.ProtectedAndInternal => Accessibility.Private,
            Accessibility.ProtectedOrInternal => Accessibility.Internal,
            _ => accessibility,
        };
    }

    private static Accessibility Min(Accessibility left, Accessibility right)
    {
        if (left == Accessibility.NotApplicable)
        {
            return right;
        }

        if (right == Accessibility.NotApplicable)
        {
            return left;
        }

        // Protected and internal are not ordered: together they leave only 'private protected'.
        if ((left == Accessibility.Protected && right == Accessibility.Internal)
            || (left == Accessibility.Internal && right == Accessibility.Protected))
        {
            return Accessibility.ProtectedAndInternal;
        }

        return left < right ? left : right;
    }
}
