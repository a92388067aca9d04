using Microsoft.CodeAnalysis;

namespace Contention.Analyzers;

/// <summary>Every descriptor Contention reports, built by one factory so category, help link and tags stay uniform.</summary>
public static class Descriptors
{
    /// <summary>Each rule's page lives at <c>docs/rules/&lt;ID&gt;.md</c> in the repository.</summary>
    public const string HelpLinkBase = "https://github.com/contention-analyzers/contention/blob/main/docs/rules/";

    public static readonly DiagnosticDescriptor CTN1001BlockingTaskWait = Create(
        DiagnosticIds.CTN1001BlockingTaskWait,
        DiagnosticCategories.Async,
        title: "Do not block on a task in async code",
        messageFormat: "'{0}' blocks the thread running {1} until the task completes; await it instead",
        description: "Waiting synchronously for a task inside async code holds a thread for as long as the task runs: " +
            "on the thread pool, enough such waits starve it and every request slows to the pool's thread " +
            "injection rate; under a single-threaded SynchronizationContext the wait can deadlock. 'await' " +
            "releases the thread until the task completes. Tasks proven complete at that point are not reported.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor CTN1002ThreadSleepInAsync = Create(
        DiagnosticIds.CTN1002ThreadSleepInAsync,
        DiagnosticCategories.Async,
        title: "Do not call Thread.Sleep in async code",
        messageFormat: "'Thread.Sleep' blocks the thread running {0}; use 'await Task.Delay(..)' instead",
        description: "Thread.Sleep inside async code holds the current thread for the whole delay: a UI or other " +
            "single-threaded loop freezes, and on the thread pool it starves every other async continuation. " +
            "'await Task.Delay(..)' waits without holding a thread.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor CTN1003SyncCallWithAsyncTwin = Create(
        DiagnosticIds.CTN1003SyncCallWithAsyncTwin,
        DiagnosticCategories.Async,
        title: "Call the awaitable twin of a synchronous method in async code",
        messageFormat: "'{0}' blocks the thread running {1}; use '{2}' instead",
        description: "A synchronous call that has an awaitable twin (file, stream, network, database, semaphore, " +
            "process) holds the thread for the whole wait; in async code that thread is a pool or UI thread. " +
            "The twin must be on the same receiver type, take the same parameters (plus an optional " +
            "CancellationToken) and return a task of the same result; calls that do not really wait on I/O " +
            "or another thread, such as in-memory streams, are not reported.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor CTN1004BlockingPrimitiveInAsync = Create(
        DiagnosticIds.CTN1004BlockingPrimitiveInAsync,
        DiagnosticCategories.Async,
        title: "Do not use blocking synchronization primitives in async code",
        messageFormat: "'{0}' blocks the thread running {1} and has no async form; {2}",
        description: "Wait handles, Thread.Join, Monitor.Wait, ManualResetEventSlim, CountdownEvent, Barrier, " +
            "BlockingCollection.Take and SpinWait.SpinUntil hold the calling thread until another thread acts. In " +
            "async code that thread is a pool thread or a UI thread: the pool starves, the UI freezes. Use a " +
            "primitive that can be awaited.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor CTN1005BlockingViaSyncCall = Create(
        DiagnosticIds.CTN1005BlockingViaSyncCall,
        DiagnosticCategories.Async,
        title: "Do not call synchronous methods that block from async code",
        messageFormat: "{0} blocks via {1}; make that chain async, or move the blocking call off the async path",
        description: "Blocking is as harmful when it happens inside a synchronous helper as when it is written in " +
            "the async method itself: the thread running the async code waits all the same. The rule follows " +
            "calls into methods of the same compilation, up to contention.CTN1005.max_depth calls deep, and " +
            "reports the call path. It needs the whole compilation, so it shows on build.",
        DiagnosticSeverity.Warning,
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor CTN1006AsyncVoid = Create(
        DiagnosticIds.CTN1006AsyncVoid,
        DiagnosticCategories.Async,
        title: "Do not write async void methods or lambdas, except event handlers",
        messageFormat: "{0} is async void: callers cannot await it, and an exception it throws is rethrown where no caller can catch it, which crashes the process; {1}",
        description: "An async void method gives its caller nothing to await: the caller cannot know when it has " +
            "finished, and an exception escapes to the SynchronizationContext or the thread pool, where it " +
            "terminates the process. Only event handlers need the void signature.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor CTN1007SyncOverAsync = Create(
        DiagnosticIds.CTN1007SyncOverAsync,
        DiagnosticCategories.Async,
        title: "Avoid blocking on a task in synchronous code",
        messageFormat: "'{0}' in {1} blocks until the task completes: it deadlocks when the task needs the caller's single-threaded SynchronizationContext and holds a pool thread otherwise; make the caller async if you can",
        description: "Sync-over-async: blocking on a task from synchronous code. When the task's continuation " +
            "needs the thread the caller is blocking (a UI thread, a single-threaded loop, classic ASP.NET) the " +
            "two wait for each other forever; on the thread pool it holds a thread and feeds starvation. It is " +
            "sometimes unavoidable in synchronous interfaces, so this rule is a suggestion.",
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor CTN2001NonAtomicFieldUpdate = Create(
        DiagnosticIds.CTN2001NonAtomicFieldUpdate,
        DiagnosticCategories.SharedState,
        title: "Do not update a shared field non-atomically from concurrent code",
        messageFormat: "'{0}' is {1} from {2} without synchronization; {3}",
        description: "'x++', 'x += n' and 'x = x + n' read the field, compute and write it back in separate steps. " +
            "When several threads do this at once, two can read the same old value and one update is lost, " +
            "silently. Use Interlocked for int and long counters, or make the update under a lock.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor CTN2002CapturedLocalUpdate = Create(
        DiagnosticIds.CTN2002CapturedLocalUpdate,
        DiagnosticCategories.SharedState,
        title: "Do not update a captured local from concurrent code",
        messageFormat: "'{0}' is captured and {1} from {2} without synchronization; {3}",
        description: "A local captured by a lambda lives in one closure object shared by every run of the lambda. " +
            "When the lambda runs on several threads at once, 'sum += i' loses updates exactly as a shared " +
            "field does. Use Interlocked, or keep a per-thread total (the localInit/localFinally overloads of " +
            "Parallel.For) and combine the totals once.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor CTN2003NonThreadSafeCollection = Create(
        DiagnosticIds.CTN2003NonThreadSafeCollection,
        DiagnosticCategories.SharedState,
        title: "Do not change a non-thread-safe collection from concurrent code",
        messageFormat: "'{0}' is a {1} changed with '{2}' from {3} without a lock; {4}",
        description: "List, Dictionary, HashSet, Queue, Stack, the sorted collections and LinkedList assume one " +
            "writer at a time. Two threads adding at once can lose items, leave nulls behind, throw " +
            "IndexOutOfRangeException or InvalidOperationException, or corrupt a dictionary's buckets for good. " +
            "Use the matching System.Collections.Concurrent collection, or hold one lock around every access.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor CTN2004InconsistentSynchronization = Create(
        DiagnosticIds.CTN2004InconsistentSynchronization,
        DiagnosticCategories.SharedState,
        title: "Hold the lock a field is locked with everywhere else",
        messageFormat: "'{0}' is locked in {1} of {2} accesses in this type but {3} here without a lock; {4}",
        description: "When most accesses to a field hold a lock, the lock is how the type keeps the field consistent. " +
            "A write without it races with every locked access: a locked read-check-write can be undone, a " +
            "collection can be changed while another thread walks it. Accesses count with writes twice (as " +
            "SpotBugs' inconsistent-synchronization detector does); constructors, Dispose, volatile fields and " +
            "Interlocked access are left out, and types that take no lock are not checked.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor CTN2005CheckThenAct = Create(
        DiagnosticIds.CTN2005CheckThenAct,
        DiagnosticCategories.SharedState,
        title: "Do not check a concurrent dictionary and then change it in a separate call",
        messageFormat: "'{0}' is checked with '{1}' and then changed with '{2}' for the same key; another thread can add the key in between; use '{3}'",
        description: "Each call on a ConcurrentDictionary is atomic, but two calls are not: between 'ContainsKey' or " +
            "'TryGetValue' and the write that follows, another thread can add the same key. Both threads then " +
            "create a value, one overwrites the other, and callers hold different instances for one key. " +
            "GetOrAdd and AddOrUpdate do the check and the write as one operation.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor CTN2006DoubleCheckedLocking = Create(
        DiagnosticIds.CTN2006DoubleCheckedLocking,
        DiagnosticCategories.SharedState,
        title: "Make the field of a double-checked lock volatile",
        messageFormat: "'{0}' is checked outside the lock and again inside it but is not volatile; a thread that skips the lock may see it set before what it guards is written; make it volatile or use 'LazyInitializer.EnsureInitialized'",
        description: "Double-checked locking reads the field without the lock. Unless that read is volatile, nothing " +
            "orders it against the writes made under the lock: on weakly ordered processors (ARM64) a thread can " +
            "see the flag or reference set and still read the data it guards uninitialized. Mark the field " +
            "volatile, read it with Volatile.Read, or let Lazy<T> or LazyInitializer do the work.",
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor CTN2007StopFlag = Create(
        DiagnosticIds.CTN2007StopFlag,
        DiagnosticCategories.SharedState,
        title: "Make a flag that a loop polls volatile",
        messageFormat: "'{0}' is polled by a loop in {1} and set in '{2}' without synchronization; the compiler may read it once and the loop never stops; make it volatile",
        description: "A loop that waits for another thread to set a plain bool field may never see the write: the JIT " +
            "is allowed to read a non-volatile field once, before the loop, and spin on that copy forever. This " +
            "happens in optimized builds, not in Debug. A volatile field (or Volatile.Read, or a " +
            "CancellationToken) is read afresh on every pass.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor CTN2008ThreadStaticInitializer = Create(
        DiagnosticIds.CTN2008ThreadStaticInitializer,
        DiagnosticCategories.SharedState,
        title: "Do not give a [ThreadStatic] field an initializer",
        messageFormat: "'{0}' is [ThreadStatic], so its initializer runs on one thread only and every other thread sees {1}; use ThreadLocal<T> with a factory",
        description: "A field initializer runs in the static constructor, once, on the thread that first touches the " +
            "type. A [ThreadStatic] field has one slot per thread, so only that thread's slot gets the value; " +
            "every other thread starts with the default. ThreadLocal<T> runs its factory once per thread.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor CTN2009GuardedByViolation = Create(
        DiagnosticIds.CTN2009GuardedByViolation,
        DiagnosticCategories.SharedState,
        title: "Hold the lock a [GuardedBy] field or [RequiresLock] method names",
        messageFormat: "'{0}' {1} '{2}', which is not held here; {3}",
        description: "A field marked [GuardedBy(nameof(_gate))] promises that every access holds _gate; a method " +
            "marked [RequiresLock(nameof(_gate))] is only called with _gate held. The attributes are recognized " +
            "by name in any namespace, and the check is exact: an access or call without the named lock held " +
            "is reported, except in constructors. Inside a [RequiresLock] method its lock counts as held.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor CTN2010EventRace = Create(
        DiagnosticIds.CTN2010EventRace,
        DiagnosticCategories.SharedState,
        title: "Invoke an event with '?.Invoke' rather than after a null check of the field",
        messageFormat: "'{0}' is checked for null and then read again to invoke it; another thread can remove the last handler in between and the call throws NullReferenceException; use '{0}?.Invoke(..)'",
        description: "'if (Changed != null) Changed(this, e);' reads the field twice. When another thread " +
            "unsubscribes the last handler between the two reads, the second read is null and the call throws. " +
            "'Changed?.Invoke(this, e)' reads the field once, as does invoking a local copy.",
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor CTN3001LockOnReachableObject = Create(
        DiagnosticIds.CTN3001LockOnReachableObject,
        DiagnosticCategories.Locking,
        title: "Do not lock on an object that code outside the type can reach",
        messageFormat: "{0} is reachable from outside '{1}', so other code can lock it too and stall or deadlock this type; lock a private readonly object instead",
        description: "A lock is only as private as the object it locks. 'lock (this)', or a lock on a non-private " +
            "field or property, lets any code holding that object take the same monitor: it can stall the type's " +
            "own work for as long as it likes or close a lock-order cycle the type cannot see.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor CTN3002LockOnWeakIdentity = Create(
        DiagnosticIds.CTN3002LockOnWeakIdentity,
        DiagnosticCategories.Locking,
        title: "Do not lock on an object with weak identity",
        messageFormat: "'{0}' has weak identity: {1}; lock a private readonly object instead",
        description: "Some objects are shared by the whole process whoever created them: equal string literals are " +
            "one interned object, typeof(T) returns the same Type everywhere, reflection objects are cached, any " +
            "code can get a Thread. Locking one shares the monitor with unrelated code, which can stall or " +
            "deadlock yours.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor CTN3003LockOnMutableField = Create(
        DiagnosticIds.CTN3003LockOnMutableField,
        DiagnosticCategories.Locking,
        title: "Do not lock on a field that is not readonly",
        messageFormat: "'{0}' is not readonly{1}; threads that read it at different times lock different objects and run the locked code at the same time",
        description: "A lock protects only while every thread locks the same object. When the field that holds the " +
            "lock object can be reassigned, a thread that read the old value and one that reads the new value " +
            "both get in.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor CTN3004LockOnFreshObject = Create(
        DiagnosticIds.CTN3004LockOnFreshObject,
        DiagnosticCategories.Locking,
        title: "Do not lock on an object nobody else can lock",
        messageFormat: "{0}, so no other thread can ever hold the same lock and this lock excludes nothing",
        description: "A lock excludes other threads only if they lock the same object. A new object, a local " +
            "created in the method, or a value type boxed by Monitor.Enter is a different object on every call.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor CTN3005ReleaseNotInFinally = Create(
        DiagnosticIds.CTN3005ReleaseNotInFinally,
        DiagnosticCategories.Locking,
        title: "Release an explicitly taken lock in a finally block",
        messageFormat: "'{0}' is not released on every path: if the code before '{1}' throws or leaves early, the lock stays held for good; release it in a 'finally' block that starts right after the acquisition",
        description: "A lock taken by a call (Monitor.Enter, SpinLock.Enter, ReaderWriterLockSlim.Enter*Lock, " +
            "Mutex.WaitOne, SemaphoreSlim.Wait or WaitAsync, Lock.Enter) is only released when the release call runs. " +
            "An exception, return, " +
            "break or continue before it leaves the lock held, and every thread that needs it waits for good. A " +
            "try/finally that starts right after the acquisition releases it on every path; for Monitor, a lock " +
            "statement does that for you.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor CTN3006LockAcrossAwait = Create(
        DiagnosticIds.CTN3006LockAcrossAwait,
        DiagnosticCategories.Locking,
        title: "Do not hold a thread-affine lock across await",
        messageFormat: "'{0}' is still held at an 'await' in {1}: the code after it may resume on another thread, which does not own the lock and cannot release it; use 'SemaphoreSlim.WaitAsync' instead",
        description: "Monitor, Mutex, ReaderWriterLockSlim and SpinLock belong to the thread that acquired them. " +
            "After an await the method may continue on a different thread: releasing there throws " +
            "SynchronizationLockException, and the lock stays held by the first thread for good. SemaphoreSlim " +
            "has no thread affinity and can be awaited.",
        DiagnosticSeverity.Warning);

    /// <summary>CTN3007 within one type, reported live as the type is analyzed.</summary>
    public static readonly DiagnosticDescriptor CTN3007LockOrderInversion = Create(
        DiagnosticIds.CTN3007LockOrderInversion,
        DiagnosticCategories.Locking,
        CTN3007Title,
        CTN3007Message,
        CTN3007Description,
        DiagnosticSeverity.Warning);

    /// <summary>CTN3007 across types and deeper calls: the same rule, found once the whole compilation is seen.</summary>
    public static readonly DiagnosticDescriptor CTN3007LockOrderInversionAcrossTypes = Create(
        DiagnosticIds.CTN3007LockOrderInversion,
        DiagnosticCategories.Locking,
        CTN3007Title,
        CTN3007Message,
        CTN3007Description,
        DiagnosticSeverity.Warning,
        WellKnownDiagnosticTags.CompilationEnd);

    private const string CTN3007Title = "Take locks in one order everywhere";

    private const string CTN3007Message =
        "'{1}' is taken while holding '{0}' in '{2}', but '{0}' is taken while holding '{1}' in '{3}'; two threads running these at once deadlock";

    private const string CTN3007Description =
        "When one path takes lock A then B and another takes B then A, two threads can each hold one lock and " +
        "wait forever for the other. Pick one order for every pair of locks and keep to it. Within a type the " +
        "rule reports as you type; across types, and through calls more than one level deep, it needs the " +
        "whole compilation, so it shows on build.";

    public static readonly DiagnosticDescriptor CTN3008BlockingInsideLock = Create(
        DiagnosticIds.CTN3008BlockingInsideLock,
        DiagnosticCategories.Locking,
        title: "Do not block while holding a lock",
        messageFormat: "'{0}' blocks while the lock on '{1}' is held; every thread waiting for that lock waits as long",
        description: "A lock should be held for as short a time as possible. Sleeping, waiting for a task, a thread " +
            "or a handle, or doing synchronous I/O inside it makes every other thread that needs the lock wait " +
            "for the whole blocking call, and invites deadlocks when the awaited work needs the same lock.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor CTN3009SynchronizedMethod = Create(
        DiagnosticIds.CTN3009SynchronizedMethod,
        DiagnosticCategories.Locking,
        title: "Do not use MethodImplOptions.Synchronized",
        messageFormat: "'{0}' is [MethodImpl(MethodImplOptions.Synchronized)]: it locks {1}, which any other code can lock too; lock a private object inside the method instead",
        description: "A synchronized method locks 'this' (or the Type object, for a static method) around its body. " +
            "Both are reachable by any code, which can take the same monitor and stall or deadlock the type.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor CTN3010ObjectLockCouldBeLock = Create(
        DiagnosticIds.CTN3010ObjectLockCouldBeLock,
        DiagnosticCategories.Locking,
        title: "Use System.Threading.Lock for a dedicated lock object",
        messageFormat: "'{0}' is only ever locked; make it a 'System.Threading.Lock', which is cheaper and cannot be used with Monitor by mistake",
        description: "On .NET 9 and later a field whose only purpose is to be locked can be a System.Threading.Lock: " +
            "the lock statement then uses the type's own, lighter implementation instead of the object monitor.",
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor CTN3011SpinLockCopied = Create(
        DiagnosticIds.CTN3011SpinLockCopied,
        DiagnosticCategories.Locking,
        title: "Do not copy a SpinLock",
        messageFormat: "{0}: SpinLock is a mutable struct, so every use works on a copy, which excludes nothing and whose Exit throws",
        description: "SpinLock is a struct. A readonly field hands each call a defensive copy, and a by-value " +
            "parameter or a local assigned from another SpinLock is a copy too: each thread then spins on its own " +
            "lock, nothing is excluded, and with owner tracking Exit throws.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor CTN3012MonitorWithoutLock = Create(
        DiagnosticIds.CTN3012MonitorWithoutLock,
        DiagnosticCategories.Locking,
        title: "Call Monitor.Wait and Pulse only while holding the lock",
        messageFormat: "'Monitor.{0}' on '{1}' needs the lock on '{1}' held, and it is not held here; it throws SynchronizationLockException",
        description: "Monitor.Wait, Pulse and PulseAll work on a monitor the calling thread owns. Called without " +
            "the lock they throw SynchronizationLockException, and the waiter is never woken.",
        DiagnosticSeverity.Warning);

    private static DiagnosticDescriptor Create(
        string id,
        string category,
        string title,
        string messageFormat,
        string description,
        DiagnosticSeverity defaultSeverity,
        params string[] customTags)
    {
#pragma warning disable RS0030 // The one place allowed to construct descriptors.
        return new DiagnosticDescriptor(
            id,
            title,
            messageFormat,
            category,
            defaultSeverity,
            isEnabledByDefault: true,
            description: description,
            helpLinkUri: HelpLinkBase + id + ".md",
            customTags: customTags);
#pragma warning restore RS0030
    }
}
