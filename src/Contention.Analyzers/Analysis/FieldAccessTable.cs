using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Analysis;

/// <summary>Whether an access reads a field or changes it (an assignment, <c>++</c>, a change to the collection it holds).</summary>
public enum AccessKind
{
    Read,
    Write,
}

/// <summary>One read or write of a field of the type, on this object or statically.</summary>
public sealed class FieldAccess
{
    public FieldAccess(IFieldSymbol field, IFieldReferenceOperation reference, IOperation operation, AccessKind kind, IMethodSymbol method)
    {
        Field = field;
        Reference = reference;
        Operation = operation;
        Kind = kind;
        Method = method;
    }

    public IFieldSymbol Field { get; }

    public IFieldReferenceOperation Reference { get; }

    /// <summary>The operation that reads or writes: the reference, or the assignment, increment or collection call around it.</summary>
    public IOperation Operation { get; }

    public AccessKind Kind { get; }

    /// <summary>The method (or accessor) the access is written in, as declared.</summary>
    public IMethodSymbol Method { get; }

    /// <summary>Writes weigh twice what reads do.</summary>
    public int Weight => Kind == AccessKind.Write ? 2 : 1;
}

/// <summary>
/// The accesses of one type's fields, gathered while the type is analyzed (feed it every operation of the kinds in
/// <see cref="OperationKinds"/>) and judged at symbol end: which accesses hold a lock, which run where the object is
/// still being built or torn down, which cannot be judged. A field counts when it is this type's own, reached on
/// <c>this</c> or statically, and neither <c>const</c>, <c>volatile</c>, <c>[ThreadStatic]</c>, locked on, passed by
/// <c>ref</c> (to <c>Interlocked</c> or <c>Volatile</c>, say), nor marked with an attribute named
/// <c>GuardedByAttribute</c> (CTN2009 checks those exactly). A <c>readonly</c> field counts only when it holds a
/// collection of <see cref="KnownSymbols.UnsafeCollections"/>, whose changes are writes.
/// <para>
/// A private method that is never used as a delegate and is only called with a lock held, directly or from such
/// methods, runs locked, as do methods marked <c>[RequiresLock]</c> or <c>[MethodImpl(MethodImplOptions.Synchronized)]</c>;
/// one only called from constructors (or such methods) is construction, like a constructor.
/// </para>
/// </summary>
public sealed class FieldAccessTable
{
    /// <summary>The operation kinds to feed to <see cref="Observe"/>.</summary>
    public static readonly OperationKind[] OperationKinds =
    {
        OperationKind.FieldReference,
        OperationKind.Invocation,
        OperationKind.MethodReference,
        OperationKind.Lock,
    };

    private readonly INamedTypeSymbol _type;
    private readonly KnownSymbols _symbols;
    private readonly ConcurrentBag<FieldAccess> _accesses = new();
    private readonly ConcurrentBag<OwnCall> _calls = new();
    private readonly ConcurrentDictionary<ISymbol, byte> _excludedFields = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ISymbol, byte> _delegateMethods = new(SymbolEqualityComparer.Default);
    private int _locks;

    public FieldAccessTable(INamedTypeSymbol type, KnownSymbols symbols)
    {
        _type = type;
        _symbols = symbols;
    }

    /// <summary>True once the type was seen taking a lock (a <c>lock</c> statement or an explicit acquisition).</summary>
    public bool TakesLocks => Volatile.Read(ref _locks) != 0;

    /// <summary>Records what <paramref name="operation"/> tells about fields, locks and calls.</summary>
    public void Observe(IOperation operation, ISymbol containingSymbol)
    {
        switch (operation)
        {
            case IFieldReferenceOperation reference:
                ObserveField(reference, containingSymbol);
                break;
            case ILockOperation lockOperation:
                ObserveLock(lockOperation.LockedValue);
                break;
            case IInvocationOperation invocation:
                if (LockCalls.Acquisition(invocation, _symbols) is not null || LockCalls.ScopeAcquisition(invocation, _symbols) is not null)
                {
                    ObserveLock(invocation.Instance ?? (invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null));
                }

                if (IsOwn(invocation.TargetMethod) && containingSymbol is IMethodSymbol caller)
                {
                    _calls.Add(new OwnCall(invocation.TargetMethod.OriginalDefinition, caller.OriginalDefinition, invocation));
                }

                break;
            case IMethodReferenceOperation reference when IsOwn(reference.Method):
                _delegateMethods.TryAdd(reference.Method.OriginalDefinition, 0);
                break;
        }
    }

    /// <summary>The accesses that count, by field, with whether each holds a lock; call at symbol end.</summary>
    public Dictionary<IFieldSymbol, List<(FieldAccess Access, bool Locked)>> Judge(CancellationToken cancellationToken)
    {
        var result = new Dictionary<IFieldSymbol, List<(FieldAccess, bool)>>(SymbolEqualityComparer.Default);
        if (!TakesLocks)
        {
            return result;
        }

        var contexts = new MethodContexts(this, cancellationToken);
        foreach (var access in _accesses)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_excludedFields.ContainsKey(access.Field) || contexts.IsConstruction(access.Reference, access.Method))
            {
                continue;
            }

            bool locked;
            if (IsLocked(access.Reference, cancellationToken))
            {
                locked = true;
            }
            else if (LockScope.FunctionBody(access.Reference).Parent is null)
            {
                locked = contexts.RunsLocked(access.Method);
            }
            else if (contexts.RunsLocked(access.Method) || InLockedFunction(access.Reference, cancellationToken))
            {
                // A lambda or local function where a lock is held may run there (List.ForEach) or later (Task.Run): unknown.
                continue;
            }
            else
            {
                locked = false;
            }

            if (!result.TryGetValue(access.Field, out var list))
            {
                result.Add(access.Field, list = new List<(FieldAccess, bool)>());
            }

            list.Add((access, locked));
        }

        return result;
    }

    /// <summary>The identities of the locks held at <paramref name="operation"/>.</summary>
    public IEnumerable<HeldLock> HeldAt(IOperation operation, CancellationToken cancellationToken) =>
        LockScope.HeldLocks(operation, _symbols, cancellationToken);

    private bool IsLocked(IOperation operation, CancellationToken cancellationToken) =>
        !LockScope.HeldLocks(operation, _symbols, cancellationToken).IsEmpty;

    /// <summary>True when a lambda or local function <paramref name="operation"/> is in sits where a lock is held, or is a local function.</summary>
    private bool InLockedFunction(IOperation operation, CancellationToken cancellationToken)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is ILocalFunctionOperation || current is IAnonymousFunctionOperation && IsLocked(current, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    private void ObserveLock(IOperation? target)
    {
        Interlocked.Exchange(ref _locks, 1);
        if (target is not null && SharedUpdates.WithoutConversions(target) is IFieldReferenceOperation field)
        {
            _excludedFields.TryAdd(field.Field.OriginalDefinition, 0);
        }
    }

    private void ObserveField(IFieldReferenceOperation reference, ISymbol containingSymbol)
    {
        var field = reference.Field.OriginalDefinition;
        if (!SymbolEqualityComparer.Default.Equals(field.ContainingType, _type.OriginalDefinition)
            || field.IsConst || field.IsVolatile || _symbols.IsThreadStatic(field)
            || reference.Instance is not (null or IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance })
            || containingSymbol is not IMethodSymbol method)
        {
            return;
        }

        if (field.IsReadOnly && _symbols.UnsafeCollection(field.Type) is null || ThreadSafetyContracts.HasAttribute(field, ThreadSafetyContracts.GuardedBy))
        {
            _excludedFields.TryAdd(field, 0);
            return;
        }

        if (Classify(reference) is not var (operation, kind))
        {
            // Passed by ref (Interlocked, Volatile, a helper), or taken apart in a tuple: not a plain access, and the
            // field is then handled some other way.
            _excludedFields.TryAdd(field, 0);
            return;
        }

        if (!TakesLocks && Locking.CTN3009SynchronizedMethodAnalyzer.IsSynchronized(method))
        {
            Interlocked.Exchange(ref _locks, 1);
        }

        if (!ThreadSafetyContracts.IsInNameof(reference))
        {
            _accesses.Add(new FieldAccess(field, reference, operation, kind, method.OriginalDefinition));
        }
    }

    private (IOperation Operation, AccessKind Kind)? Classify(IFieldReferenceOperation reference)
    {
        IOperation current = reference;
        while (current.Parent is IConversionOperation { IsImplicit: true } conversion)
        {
            current = conversion;
        }

        switch (current.Parent)
        {
            case IAssignmentOperation assignment when assignment.Target == current:
                return (assignment, AccessKind.Write);
            case IIncrementOrDecrementOperation update:
                return (update, AccessKind.Write);
            case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out }:
            case ITupleOperation:
            case IDeclarationExpressionOperation:
                return null;
            case IInvocationOperation call when call.Instance == current
                && CollectionChanges.MutatingMethods.Contains(call.TargetMethod.Name) && _symbols.UnsafeCollection(reference.Type) is not null:
                return (call, AccessKind.Write);
            case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when indexer.Instance == current
                && indexer.Parent is IAssignmentOperation indexerAssignment && indexerAssignment.Target == indexer
                && _symbols.UnsafeCollection(reference.Type) is not null:
                return (indexerAssignment, AccessKind.Write);
            default:
                return (reference, AccessKind.Read);
        }
    }

    private bool IsOwn(IMethodSymbol method) =>
        SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, _type.OriginalDefinition);

    /// <summary>A call of a method of this type, from a method of this type.</summary>
    private sealed class OwnCall
    {
        public OwnCall(IMethodSymbol callee, IMethodSymbol caller, IInvocationOperation call)
        {
            Callee = callee;
            Caller = caller;
            Call = call;
        }

        public IMethodSymbol Callee { get; }

        public IMethodSymbol Caller { get; }

        public IInvocationOperation Call { get; }

        /// <summary>True when the call is in the caller's own body, not in a lambda or local function there.</summary>
        public bool InCallerBody => LockScope.FunctionBody(Call).Parent is null;
    }

    /// <summary>
    /// Which private helpers run locked or as construction. Both are greatest fixed points over the calls, so a helper
    /// that calls itself keeps what its other callers give it.
    /// </summary>
    private sealed class MethodContexts
    {
        private readonly HashSet<IMethodSymbol> _locked = new(SymbolEqualityComparer.Default);
        private readonly HashSet<IMethodSymbol> _construction = new(SymbolEqualityComparer.Default);

        public MethodContexts(FieldAccessTable table, CancellationToken cancellationToken)
        {
            var callsTo = new Dictionary<IMethodSymbol, List<OwnCall>>(SymbolEqualityComparer.Default);
            foreach (var call in table._calls)
            {
                if (call.Callee is { DeclaredAccessibility: Accessibility.Private, MethodKind: MethodKind.Ordinary, IsAbstract: false }
                    && !table._delegateMethods.ContainsKey(call.Callee))
                {
                    if (!callsTo.TryGetValue(call.Callee, out var list))
                    {
                        callsTo.Add(call.Callee, list = new List<OwnCall>());
                    }

                    list.Add(call);
                }
            }

            var siteLocked = new Dictionary<IInvocationOperation, bool>();
            Solve(_locked, callsTo, call =>
            {
                if (!siteLocked.TryGetValue(call.Call, out var locked))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    siteLocked.Add(call.Call, locked = table.IsLocked(call.Call, cancellationToken));
                }

                return locked || call.InCallerBody && RunsLocked(call.Caller);
            });
            Solve(_construction, callsTo, call => call.InCallerBody && (IsConstructor(call.Caller) || _construction.Contains(call.Caller)));
        }

        /// <summary>True when code of <paramref name="method"/> (not in a lambda there) runs with a lock held by its callers.</summary>
        public bool RunsLocked(IMethodSymbol method) =>
            _locked.Contains(method) || ThreadSafetyContracts.HasAttribute(method, ThreadSafetyContracts.RequiresLock) || Locking.CTN3009SynchronizedMethodAnalyzer.IsSynchronized(method);

        /// <summary>True for the code of a constructor, <c>Dispose</c>, a finalizer, or a helper only they call (not lambdas there, which run later).</summary>
        public bool IsConstruction(IOperation access, IMethodSymbol method) =>
            LockScope.FunctionBody(access).Parent is null
            && (IsConstructor(method) || _construction.Contains(method) || ThreadSafetyContracts.IsTeardown(method));

        private static void Solve(HashSet<IMethodSymbol> set, Dictionary<IMethodSymbol, List<OwnCall>> callsTo, System.Func<OwnCall, bool> holds)
        {
            foreach (var callee in callsTo.Keys)
            {
                set.Add(callee);
            }

            for (var changed = true; changed;)
            {
                changed = false;
                foreach (var pair in callsTo)
                {
                    if (set.Contains(pair.Key) && !pair.Value.TrueForAll(call => holds(call)))
                    {
                        set.Remove(pair.Key);
                        changed = true;
                    }
                }
            }
        }

        private static bool IsConstructor(IMethodSymbol method) =>
            method.MethodKind is MethodKind.Constructor or MethodKind.StaticConstructor;

    }
}
