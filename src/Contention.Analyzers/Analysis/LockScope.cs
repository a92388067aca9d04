using System;
using System.Collections.Immutable;
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

/// <summary>
/// Which locks are held at an operation: the <c>lock</c> statements around it and the <c>Monitor.Enter</c>/
/// <c>TryEnter</c> calls before it with no <c>Monitor.Exit</c> on the same object in between, within the same
/// function (a lambda's body runs later, so the locks around the lambda are not held inside it). Textual order
/// stands in for control flow.
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

    /// <summary>The lock targets held at <paramref name="operation"/>, innermost first.</summary>
    public static ImmutableArray<IOperation> HeldLocks(IOperation operation, KnownSymbols symbols)
    {
        var held = ImmutableArray.CreateBuilder<IOperation>();
        IOperation? functionBody = null;
        for (var current = operation; current.Parent is { } parent; current = parent)
        {
            if (parent is ILockOperation lockOperation && lockOperation.Body == current)
            {
                held.Add(lockOperation.LockedValue);
            }

            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                functionBody = current;
                break;
            }

            functionBody = parent;
        }

        if (functionBody is not null)
        {
            AddMonitorRegions(functionBody, operation, symbols, held);
        }

        return held.ToImmutable();
    }

    /// <summary>True when a lock on the same object as <paramref name="target"/> is held at <paramref name="operation"/>.</summary>
    public static bool IsHeld(IOperation target, IOperation operation, KnownSymbols symbols)
    {
        if (Identify(target) is not { } identity)
        {
            return false;
        }

        foreach (var held in HeldLocks(operation, symbols))
        {
            if (Identify(held) is { } heldIdentity && heldIdentity.Equals(identity))
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

    private static void AddMonitorRegions(IOperation body, IOperation operation, KnownSymbols symbols, ImmutableArray<IOperation>.Builder held)
    {
        if (symbols.Monitor is null)
        {
            return;
        }

        var position = operation.Syntax.SpanStart;
        foreach (var descendant in body.Descendants())
        {
            if (descendant is not IInvocationOperation enter
                || enter.Syntax.SpanStart >= position
                || !IsDirectlyIn(enter, body)
                || !symbols.IsMonitorMethod(enter.TargetMethod, "Enter", "TryEnter")
                || enter.Arguments.Length == 0
                || Identify(enter.Arguments[0].Value) is not { } identity)
            {
                continue;
            }

            var released = false;
            foreach (var other in body.Descendants())
            {
                if (other is IInvocationOperation exit
                    && exit.Syntax.SpanStart > enter.Syntax.SpanStart && exit.Syntax.SpanStart < position
                    && IsDirectlyIn(exit, body)
                    && symbols.IsMonitorMethod(exit.TargetMethod, "Exit")
                    && exit.Arguments.Length > 0
                    && Identify(exit.Arguments[0].Value) is { } exited && exited.Equals(identity))
                {
                    released = true;
                    break;
                }
            }

            if (!released)
            {
                held.Add(enter.Arguments[0].Value);
            }
        }
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
