using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Analysis;

/// <summary>The lock kinds taken and released by explicit calls (not by a <c>lock</c> statement).</summary>
public enum LockCallKind
{
    Monitor,
    Mutex,
    ReaderWriterLockSlim,
    SpinLock,
    SemaphoreSlim,
    Lock,
}

/// <summary>An explicit acquisition: what it locks, how messages name it, and which calls release it.</summary>
public sealed class LockAcquisition
{
    internal LockAcquisition(LockCallKind kind, LockIdentity identity, IOperation target, string display, string[] releaseNames)
    {
        Kind = kind;
        Identity = identity;
        Target = target;
        Display = display;
        ReleaseNames = releaseNames;
    }

    public LockCallKind Kind { get; }

    public LockIdentity Identity { get; }

    /// <summary>The lock object: <c>Monitor</c>'s first argument, else the instance the method is called on.</summary>
    public IOperation Target { get; }

    /// <summary>"Monitor.Enter(_gate)", "_rw.EnterWriteLock()", "_spin.Enter(..)".</summary>
    public string Display { get; }

    public string[] ReleaseNames { get; }

    /// <summary>Owned by the thread that took it: every kind but <c>SemaphoreSlim</c>.</summary>
    public bool IsThreadAffine => Kind != LockCallKind.SemaphoreSlim;
}

/// <summary>
/// The catalogue of explicit lock calls shared by the rules on acquire/release pairs (CTN3005, CTN3006):
/// <c>Monitor.Enter/TryEnter</c>, <c>Mutex.WaitOne</c>, <c>ReaderWriterLockSlim.(Try)Enter*Lock</c>,
/// <c>SpinLock.Enter/TryEnter</c>, <c>SemaphoreSlim.Wait/WaitAsync</c> and <c>Lock.Enter/TryEnter</c>. Only lock
/// objects <see cref="LockScope.Identify"/> can compare count, so an acquisition can be matched with its release.
/// </summary>
public static class LockCalls
{
    /// <summary>The method names of every acquisition in the catalogue and of <c>Lock.EnterScope</c>, for the prefilters (<see cref="CodeFacts"/>).</summary>
    public static readonly ImmutableHashSet<string> AcquisitionNames = ImmutableHashSet.Create(
        "Enter", "TryEnter", "EnterScope", "WaitOne", "EnterReadLock", "EnterWriteLock", "EnterUpgradeableReadLock",
        "TryEnterReadLock", "TryEnterWriteLock", "TryEnterUpgradeableReadLock", "Wait", "WaitAsync");

    /// <summary>
    /// True when code may take a lock, going by its tokens: a <c>lock</c> statement, an acquisition call, or the
    /// marks of methods that run locked (<c>[MethodImpl(Synchronized)]</c>, <c>[RequiresLock]</c>).
    /// </summary>
    public static bool MayTakeLock(CodeFacts facts) => MayAcquire(facts) || facts.MentionsAny(LockedMarks);

    /// <summary>True when code may acquire a lock, going by its tokens: a <c>lock</c> statement or an acquisition call.</summary>
    public static bool MayAcquire(CodeFacts facts) => facts.HasLock || facts.MentionsAny(AcquisitionNames);

    private static readonly ImmutableHashSet<string> LockedMarks = ImmutableHashSet.Create("Synchronized", "RequiresLock", "RequiresLockAttribute");

    private static readonly string[] MonitorExit = { "Exit" };
    private static readonly string[] MutexRelease = { "ReleaseMutex" };
    private static readonly string[] ReaderWriterExit = { "ExitReadLock", "ExitWriteLock", "ExitUpgradeableReadLock" };
    private static readonly string[] SemaphoreRelease = { "Release" };

    /// <summary>The acquisition <paramref name="invocation"/> makes, or null when it is none or its lock cannot be identified.</summary>
    public static LockAcquisition? Acquisition(IInvocationOperation invocation, KnownSymbols symbols)
    {
        var method = invocation.TargetMethod;
        if (symbols.IsMonitorMethod(method, "Enter", "TryEnter"))
        {
            return invocation.Arguments.Length > 0 && LockScope.Identify(invocation.Arguments[0].Value) is { } monitor
                ? new LockAcquisition(LockCallKind.Monitor, monitor, invocation.Arguments[0].Value, $"Monitor.{method.Name}({monitor.Display})", MonitorExit)
                : null;
        }

        if (method.IsStatic || invocation.Instance is not { } instance || LockScope.Identify(instance) is not { } identity)
        {
            return null;
        }

        var type = instance.Type;
        if (method.Name == "WaitOne" && KnownSymbols.InheritsFrom(type, symbols.Mutex))
        {
            return new LockAcquisition(LockCallKind.Mutex, identity, instance, $"{identity.Display}.WaitOne()", MutexRelease);
        }

        if (method.Name.StartsWith("Enter", StringComparison.Ordinal) || method.Name.StartsWith("TryEnter", StringComparison.Ordinal))
        {
            if (KnownSymbols.InheritsFrom(type, symbols.ReaderWriterLockSlim) && method.Name.EndsWith("Lock", StringComparison.Ordinal))
            {
                return new LockAcquisition(LockCallKind.ReaderWriterLockSlim, identity, instance, $"{identity.Display}.{method.Name}()", ReaderWriterExit);
            }

            if (method.Name is "Enter" or "TryEnter" && KnownSymbols.InheritsFrom(type, symbols.SpinLock))
            {
                return new LockAcquisition(LockCallKind.SpinLock, identity, instance, $"{identity.Display}.{method.Name}(..)", MonitorExit);
            }

            if (method.Name is "Enter" or "TryEnter" && KnownSymbols.InheritsFrom(type, symbols.Lock))
            {
                return new LockAcquisition(LockCallKind.Lock, identity, instance, $"{identity.Display}.{method.Name}()", MonitorExit);
            }
        }

        if (method.Name is "Wait" or "WaitAsync" && KnownSymbols.InheritsFrom(type, symbols.SemaphoreSlim))
        {
            return new LockAcquisition(LockCallKind.SemaphoreSlim, identity, instance, $"{identity.Display}.{method.Name}()", SemaphoreRelease);
        }

        return null;
    }

    /// <summary>True when <paramref name="invocation"/> releases the lock <paramref name="acquisition"/> took.</summary>
    public static bool Releases(IInvocationOperation invocation, LockAcquisition acquisition, KnownSymbols symbols)
    {
        if (Array.IndexOf(acquisition.ReleaseNames, invocation.TargetMethod.Name) < 0)
        {
            return false;
        }

        IOperation? target;
        if (acquisition.Kind == LockCallKind.Monitor)
        {
            target = symbols.IsMonitorMethod(invocation.TargetMethod, "Exit") && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null;
        }
        else
        {
            target = invocation.TargetMethod.IsStatic ? null : invocation.Instance;
        }

        return target is not null && LockScope.Identify(target) is { } released && released.Equals(acquisition.Identity);
    }

    /// <summary>The lock a <c>Lock.EnterScope()</c> call takes until its scope is disposed, or null for any other call.</summary>
    public static LockIdentity? ScopeAcquisition(IInvocationOperation invocation, KnownSymbols symbols) =>
        invocation.TargetMethod is { Name: "EnterScope", IsStatic: false } && invocation.Instance is { } instance
            && KnownSymbols.InheritsFrom(instance.Type, symbols.Lock)
            ? LockScope.Identify(instance)
            : null;

    /// <summary>
    /// The lock <paramref name="invocation"/> releases: <c>Monitor.Exit(o)</c>, <c>m.ReleaseMutex()</c>,
    /// <c>rw.Exit*Lock()</c>, <c>spin.Exit()</c>, <c>sem.Release()</c>, <c>l.Exit()</c>; null for any other call.
    /// </summary>
    public static LockIdentity? Released(IInvocationOperation invocation, KnownSymbols symbols)
    {
        var method = invocation.TargetMethod;
        if (symbols.IsMonitorMethod(method, "Exit"))
        {
            return invocation.Arguments.Length > 0 ? LockScope.Identify(invocation.Arguments[0].Value) : null;
        }

        if (method.IsStatic || invocation.Instance is not { } instance)
        {
            return null;
        }

        var type = instance.Type;
        var releases = method.Name switch
        {
            "ReleaseMutex" => KnownSymbols.InheritsFrom(type, symbols.Mutex),
            "ExitReadLock" or "ExitWriteLock" or "ExitUpgradeableReadLock" => KnownSymbols.InheritsFrom(type, symbols.ReaderWriterLockSlim),
            "Exit" => KnownSymbols.InheritsFrom(type, symbols.SpinLock) || KnownSymbols.InheritsFrom(type, symbols.Lock),
            "Release" => KnownSymbols.InheritsFrom(type, symbols.SemaphoreSlim),
            _ => false,
        };
        return releases ? LockScope.Identify(instance) : null;
    }

    /// <summary>
    /// True when whether <paramref name="invocation"/> took the lock depends on its result or its <c>lockTaken</c>
    /// argument: the <c>Try*</c> calls and the timed waits. <c>Mutex.WaitOne()</c> with no timeout always takes it.
    /// </summary>
    public static bool IsConditional(IInvocationOperation invocation) =>
        invocation.TargetMethod.Name.StartsWith("Try", StringComparison.Ordinal) || ReturnsWhetherTaken(invocation);

    /// <summary>
    /// True when the call's bool (or Task&lt;bool&gt;) result says whether the lock was taken. <c>Mutex.WaitOne()</c>
    /// with no timeout always returns true, so its result says nothing.
    /// </summary>
    public static bool ReturnsWhetherTaken(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var returnType = method.ReturnType;
        var returnsBool = returnType.SpecialType == SpecialType.System_Boolean
            || returnType is INamedTypeSymbol { IsGenericType: true, TypeArguments: { Length: 1 } arguments } && arguments[0].SpecialType == SpecialType.System_Boolean;
        return returnsBool && !(method.Name == "WaitOne" && invocation.Arguments.IsEmpty);
    }

    /// <summary>The <c>ref bool lockTaken</c> argument of <c>Monitor.Enter/TryEnter</c> or <c>SpinLock.Enter/TryEnter</c>, if any.</summary>
    public static IOperation? LockTakenArgument(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { RefKind: RefKind.Ref, Type.SpecialType: SpecialType.System_Boolean })
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary>"Monitor.Exit(_gate)", "_rw.ExitWriteLock()": how a message names the release of <paramref name="acquisition"/>.</summary>
    public static string DescribeRelease(IInvocationOperation release, LockAcquisition acquisition) =>
        acquisition.Kind == LockCallKind.Monitor
            ? $"Monitor.Exit({acquisition.Identity.Display})"
            : $"{acquisition.Identity.Display}.{release.TargetMethod.Name}()";
}
