using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Analysis;

/// <summary>What a lock identity is made of.</summary>
public enum LockIdentityKind
{
    This,
    Member,
    Local,
    Parameter,
    TypeOf,
    StringLiteral,
}

/// <summary>
/// The identity of a lock target, so that two acquisitions can be compared: <c>this</c>, a field or property read
/// through <c>this</c> or statically, a local, a parameter, <c>typeof(T)</c>, or a string constant.
/// </summary>
public readonly struct LockIdentity : IEquatable<LockIdentity>
{
    public LockIdentity(LockIdentityKind kind, ISymbol? symbol, string? text = null)
    {
        Kind = kind;
        Symbol = symbol;
        Text = text;
    }

    public LockIdentityKind Kind { get; }

    public ISymbol? Symbol { get; }

    public string? Text { get; }

    /// <summary>How a message names it: <c>this</c>, <c>_gate</c>, <c>typeof(Cache)</c>, <c>"key"</c>.</summary>
    public string Display => Kind switch
    {
        LockIdentityKind.This => "this",
        LockIdentityKind.TypeOf => $"typeof({Symbol?.Name})",
        LockIdentityKind.StringLiteral => $"\"{Text}\"",
        _ => Symbol?.Name ?? "?",
    };

    public bool Equals(LockIdentity other) =>
        Kind == other.Kind && SymbolEqualityComparer.Default.Equals(Symbol, other.Symbol) && Text == other.Text;

    public override bool Equals(object? obj) => obj is LockIdentity other && Equals(other);

    public override int GetHashCode() =>
        ((int)Kind * 397) ^ SymbolEqualityComparer.Default.GetHashCode(Symbol) ^ (Text?.GetHashCode() ?? 0);
}

/// <summary>A lock held at some point: a <c>lock</c> statement around it, or an explicit acquisition still in force.</summary>
public readonly struct HeldLock
{
    public HeldLock(LockIdentity? identity, SyntaxNode target, LockCallKind? kind)
    {
        Identity = identity;
        Target = target;
        Kind = kind;
    }

    /// <summary>Null for a <c>lock</c> statement on an object whose identity cannot be compared.</summary>
    public LockIdentity? Identity { get; }

    /// <summary>The locked expression of a <c>lock</c> statement, or the acquiring call.</summary>
    public SyntaxNode Target { get; }

    /// <summary>Null for a <c>lock</c> statement; else the kind of the explicit call that took it.</summary>
    public LockCallKind? Kind { get; }

    /// <summary>How a message names it: the identity, or the locked expression as written.</summary>
    public string Display => Identity?.Display ?? Target.ToString();
}

/// <summary>
/// Which locks are held at an operation: the <c>lock</c> statements around it (lexical), and the locks explicit
/// calls took and have not released on any path to it (<see cref="LockFlow"/>: <c>Monitor</c>, <c>SpinLock</c>,
/// <c>ReaderWriterLockSlim</c>, <c>Mutex</c>, <c>SemaphoreSlim</c>, <c>Lock.Enter</c> and <c>Lock.EnterScope</c>),
/// within the same function: a lambda's body runs later, so the locks around the lambda are not held inside it.
/// </summary>
public static class LockScope
{
    /// <summary>The identity of <paramref name="target"/>, or null when two acquisitions of it cannot be compared.</summary>
    public static LockIdentity? Identify(IOperation target)
    {
        target = LockTargets.Unwrap(target);
        if (target.ConstantValue is { HasValue: true, Value: string constant })
        {
            // A literal and a const field with the same text are one interned object.
            return new LockIdentity(LockIdentityKind.StringLiteral, null, constant);
        }

        switch (target)
        {
            case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } instance:
                return new LockIdentity(LockIdentityKind.This, instance.Type);
            case IFieldReferenceOperation field when field.Instance is null || LockTargets.IsThis(field.Instance):
                return new LockIdentity(LockIdentityKind.Member, field.Field.OriginalDefinition);
            case IPropertyReferenceOperation { Arguments.IsEmpty: true } property when property.Instance is null || LockTargets.IsThis(property.Instance):
                return new LockIdentity(LockIdentityKind.Member, property.Property.OriginalDefinition);
            case ILocalReferenceOperation local:
                return new LockIdentity(LockIdentityKind.Local, local.Local);
            case IParameterReferenceOperation parameter:
                return new LockIdentity(LockIdentityKind.Parameter, parameter.Parameter);
            case ITypeOfOperation typeOf:
                return new LockIdentity(LockIdentityKind.TypeOf, typeOf.TypeOperand);
            default:
                return null;
        }
    }

    /// <summary>The locks held at <paramref name="operation"/>: <c>lock</c> statements innermost first, then explicit ones.</summary>
    public static ImmutableArray<HeldLock> HeldLocks(IOperation operation, KnownSymbols symbols, CancellationToken cancellationToken = default)
    {
        var held = ImmutableArray.CreateBuilder<HeldLock>();
        for (var current = operation; current.Parent is { } parent; current = parent)
        {
            if (parent is ILockOperation lockOperation && lockOperation.Body == current)
            {
                held.Add(new HeldLock(Identify(lockOperation.LockedValue), lockOperation.LockedValue.Syntax, null));
            }

            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                break;
            }
        }

        foreach (var flowLock in LockFlow.HeldAt(operation, symbols, cancellationToken))
        {
            if (!Contains(held, flowLock.Identity))
            {
                held.Add(new HeldLock(flowLock.Identity, flowLock.Acquisition, flowLock.Kind));
            }
        }

        return held.ToImmutable();
    }

    /// <summary>True when a lock on the same object as <paramref name="target"/> is held at <paramref name="operation"/>.</summary>
    public static bool IsHeld(IOperation target, IOperation operation, KnownSymbols symbols) =>
        Identify(target) is { } identity && Contains(HeldLocks(operation, symbols), identity);

    private static bool Contains(IReadOnlyList<HeldLock> held, LockIdentity identity)
    {
        foreach (var item in held)
        {
            if (item.Identity is { } known && known.Equals(identity))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The body of the function <paramref name="operation"/> runs in: a lambda's or local function's, or the member's.</summary>
    public static IOperation FunctionBody(IOperation operation)
    {
        var root = operation;
        while (root.Parent is { } parent && parent is not IAnonymousFunctionOperation && parent is not ILocalFunctionOperation)
        {
            root = parent;
        }

        return root;
    }

    /// <summary>True when the function around <paramref name="operation"/> locks <paramref name="identity"/> anywhere.</summary>
    public static bool FunctionLocks(IOperation operation, LockIdentity identity, KnownSymbols symbols)
    {
        var root = FunctionBody(operation);
        foreach (var descendant in root.DescendantsAndSelf())
        {
            var target = descendant switch
            {
                ILockOperation lockOperation => lockOperation.LockedValue,
                IInvocationOperation invocation when symbols.IsMonitorMethod(invocation.TargetMethod, "Enter", "TryEnter") && invocation.Arguments.Length > 0
                    => invocation.Arguments[0].Value,
                _ => null,
            };
            if (target is not null && Identify(target) is { } found && found.Equals(identity))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="operation"/> runs as part of <paramref name="body"/>, not in a lambda or local function inside it.</summary>
    public static bool IsDirectlyIn(IOperation operation, IOperation body)
    {
        for (var current = operation.Parent; current is not null && current != body; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }
        }

        return true;
    }
}
