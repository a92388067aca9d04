using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Contention.Analyzers.Analysis;

/// <summary>
/// The well-known types and members the rules need, resolved once per compilation and shared by every
/// analyzer (and fixer) that asks for the same compilation. A member is null or empty when the
/// compilation does not have it; a rule that needs it then registers nothing.
/// </summary>
public sealed class KnownSymbols
{
    private static readonly ConditionalWeakTable<Compilation, KnownSymbols> Cache = new();

    private KnownSymbols(Compilation compilation)
    {
        Thread = Resolve(compilation, "System.Threading.Thread");
        Monitor = Resolve(compilation, "System.Threading.Monitor");
        Lock = Resolve(compilation, "System.Threading.Lock");
        CancellationToken = Resolve(compilation, "System.Threading.CancellationToken");
        Task = Resolve(compilation, "System.Threading.Tasks.Task");
        TimeSpan = Resolve(compilation, "System.TimeSpan");

        TaskOfT = Resolve(compilation, "System.Threading.Tasks.Task`1");
        ValueTask = Resolve(compilation, "System.Threading.Tasks.ValueTask");
        ValueTaskOfT = Resolve(compilation, "System.Threading.Tasks.ValueTask`1");
        ConfiguredTaskAwaitable = Resolve(compilation, "System.Runtime.CompilerServices.ConfiguredTaskAwaitable");
        ConfiguredTaskAwaitableOfT = Resolve(compilation, "System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1");
        ConfiguredValueTaskAwaitable = Resolve(compilation, "System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable");
        ConfiguredValueTaskAwaitableOfT = Resolve(compilation, "System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable`1");
        EventArgs = Resolve(compilation, "System.EventArgs");
        AsyncDisposable = Resolve(compilation, "System.IAsyncDisposable");

        WaitHandle = Resolve(compilation, "System.Threading.WaitHandle");
        ManualResetEventSlim = Resolve(compilation, "System.Threading.ManualResetEventSlim");
        CountdownEvent = Resolve(compilation, "System.Threading.CountdownEvent");
        Barrier = Resolve(compilation, "System.Threading.Barrier");
        SpinWait = Resolve(compilation, "System.Threading.SpinWait");
        BlockingCollectionOfT = Resolve(compilation, "System.Collections.Concurrent.BlockingCollection`1");
        Mutex = Resolve(compilation, "System.Threading.Mutex");
        ReaderWriterLockSlim = Resolve(compilation, "System.Threading.ReaderWriterLockSlim");
        SpinLock = Resolve(compilation, "System.Threading.SpinLock");
        SemaphoreSlim = Resolve(compilation, "System.Threading.SemaphoreSlim");

        Parallel = Resolve(compilation, "System.Threading.Tasks.Parallel");
        TaskFactory = Resolve(compilation, "System.Threading.Tasks.TaskFactory");
        TaskFactoryOfT = Resolve(compilation, "System.Threading.Tasks.TaskFactory`1");
        ThreadPool = Resolve(compilation, "System.Threading.ThreadPool");
        ThreadingTimer = Resolve(compilation, "System.Threading.Timer");
        TimersTimer = Resolve(compilation, "System.Timers.Timer");
        ParallelEnumerable = Resolve(compilation, "System.Linq.ParallelEnumerable");
        Enumerable = Resolve(compilation, "System.Linq.Enumerable");
        Interlocked = Resolve(compilation, "System.Threading.Interlocked");
        ThreadStaticAttribute = Resolve(compilation, "System.ThreadStaticAttribute");
        ConcurrentDictionaryOfT = Resolve(compilation, "System.Collections.Concurrent.ConcurrentDictionary`2");
        UnsafeCollections = Types(
            compilation,
            "System.Collections.Generic.List`1",
            "System.Collections.Generic.Dictionary`2",
            "System.Collections.Generic.HashSet`1",
            "System.Collections.Generic.Queue`1",
            "System.Collections.Generic.Stack`1",
            "System.Collections.Generic.SortedDictionary`2",
            "System.Collections.Generic.SortedList`2",
            "System.Collections.Generic.SortedSet`1",
            "System.Collections.Generic.LinkedList`1",
            "System.Collections.Generic.PriorityQueue`2");

        ThreadSleep = Methods(Thread, "Sleep");
        TaskDelay = Methods(Task, "Delay");
    }

    public INamedTypeSymbol? TaskOfT { get; }

    public INamedTypeSymbol? ValueTask { get; }

    public INamedTypeSymbol? ValueTaskOfT { get; }

    public INamedTypeSymbol? ConfiguredTaskAwaitable { get; }

    public INamedTypeSymbol? ConfiguredTaskAwaitableOfT { get; }

    public INamedTypeSymbol? ConfiguredValueTaskAwaitable { get; }

    public INamedTypeSymbol? ConfiguredValueTaskAwaitableOfT { get; }

    public INamedTypeSymbol? EventArgs { get; }

    public INamedTypeSymbol? AsyncDisposable { get; }

    public INamedTypeSymbol? WaitHandle { get; }

    public INamedTypeSymbol? ManualResetEventSlim { get; }

    public INamedTypeSymbol? CountdownEvent { get; }

    public INamedTypeSymbol? Barrier { get; }

    public INamedTypeSymbol? SpinWait { get; }

    public INamedTypeSymbol? BlockingCollectionOfT { get; }

    public INamedTypeSymbol? Mutex { get; }

    public INamedTypeSymbol? ReaderWriterLockSlim { get; }

    public INamedTypeSymbol? SpinLock { get; }

    public INamedTypeSymbol? SemaphoreSlim { get; }

    public INamedTypeSymbol? Parallel { get; }

    public INamedTypeSymbol? TaskFactory { get; }

    public INamedTypeSymbol? TaskFactoryOfT { get; }

    public INamedTypeSymbol? ThreadPool { get; }

    /// <summary><c>System.Threading.Timer</c>.</summary>
    public INamedTypeSymbol? ThreadingTimer { get; }

    /// <summary><c>System.Timers.Timer</c>.</summary>
    public INamedTypeSymbol? TimersTimer { get; }

    public INamedTypeSymbol? ParallelEnumerable { get; }

    public INamedTypeSymbol? Enumerable { get; }

    public INamedTypeSymbol? Interlocked { get; }

    public INamedTypeSymbol? ThreadStaticAttribute { get; }

    public INamedTypeSymbol? ConcurrentDictionaryOfT { get; }

    /// <summary>True for a field marked <c>[ThreadStatic]</c>: one slot per thread, never shared.</summary>
    public bool IsThreadStatic(IFieldSymbol field)
    {
        foreach (var attribute in field.GetAttributes())
        {
            if (ThreadStaticAttribute is not null && SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, ThreadStaticAttribute))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The generic collections of <c>System.Collections.Generic</c> that allow one writer at a time (CTN2003), as definitions.</summary>
    public ImmutableArray<INamedTypeSymbol> UnsafeCollections { get; }

    /// <summary>The one of <see cref="UnsafeCollections"/> that <paramref name="type"/> is constructed from, or derives from; null for others.</summary>
    public INamedTypeSymbol? UnsafeCollection(ITypeSymbol? type)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            foreach (var candidate in UnsafeCollections)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, candidate))
                {
                    return current;
                }
            }
        }

        return null;
    }

    /// <summary>True for <c>Task</c>, <c>Task&lt;T&gt;</c>, <c>ValueTask</c> and <c>ValueTask&lt;T&gt;</c>.</summary>
    public bool IsTaskLike(ITypeSymbol? type) => IsTask(type) || IsValueTask(type);

    public bool IsTask(ITypeSymbol? type) =>
        type is INamedTypeSymbol named
        && (Is(named, Task) || Is(named.OriginalDefinition, TaskOfT));

    public bool IsValueTask(ITypeSymbol? type) =>
        type is INamedTypeSymbol named
        && (Is(named, ValueTask) || Is(named.OriginalDefinition, ValueTaskOfT));

    /// <summary>The result of <c>ConfigureAwait(..)</c> on a task or value task.</summary>
    public bool IsConfiguredAwaitable(ITypeSymbol? type) =>
        type is INamedTypeSymbol named
        && (Is(named, ConfiguredTaskAwaitable) || Is(named.OriginalDefinition, ConfiguredTaskAwaitableOfT)
            || Is(named, ConfiguredValueTaskAwaitable) || Is(named.OriginalDefinition, ConfiguredValueTaskAwaitableOfT));

    /// <summary>True when <paramref name="type"/> is <paramref name="baseType"/> or derives from it.</summary>
    public static bool InheritsFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        for (var current = type; current is not null && baseType is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Is(ITypeSymbol type, INamedTypeSymbol? known) =>
        known is not null && SymbolEqualityComparer.Default.Equals(type, known);

    public INamedTypeSymbol? Thread { get; }

    public INamedTypeSymbol? Monitor { get; }

    /// <summary><c>System.Threading.Lock</c>, present from .NET 9 on.</summary>
    public INamedTypeSymbol? Lock { get; }

    public INamedTypeSymbol? CancellationToken { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? TimeSpan { get; }

    /// <summary>Every <c>Thread.Sleep</c> overload.</summary>
    public ImmutableArray<IMethodSymbol> ThreadSleep { get; }

    /// <summary>Every <c>Task.Delay</c> overload.</summary>
    public ImmutableArray<IMethodSymbol> TaskDelay { get; }

    /// <summary>The symbols of <paramref name="compilation"/>, computed on first use and cached for its lifetime.</summary>
    public static KnownSymbols For(Compilation compilation) => Cache.GetValue(compilation, static c => new KnownSymbols(c));

    /// <summary>True when <paramref name="method"/> (or the definition it was constructed from) is one of <paramref name="methods"/>.</summary>
    public static bool IsOneOf(IMethodSymbol method, ImmutableArray<IMethodSymbol> methods)
    {
        var definition = method.OriginalDefinition;
        foreach (var candidate in methods)
        {
            if (SymbolEqualityComparer.Default.Equals(definition, candidate))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="method"/> is <c>Monitor.&lt;name&gt;</c> for one of <paramref name="names"/>.</summary>
    public bool IsMonitorMethod(IMethodSymbol method, params string[] names)
    {
        if (Monitor is null || !SymbolEqualityComparer.Default.Equals(method.ContainingType, Monitor))
        {
            return false;
        }

        foreach (var name in names)
        {
            if (method.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    private static INamedTypeSymbol? Resolve(Compilation compilation, string metadataName)
    {
#pragma warning disable RS0030 // The one place allowed to look types up by metadata name.
        return compilation.GetTypeByMetadataName(metadataName);
#pragma warning restore RS0030
    }

    private static ImmutableArray<INamedTypeSymbol> Types(Compilation compilation, params string[] metadataNames)
    {
        var builder = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
        foreach (var name in metadataNames)
        {
            if (Resolve(compilation, name) is { } type)
            {
                builder.Add(type);
            }
        }

        return builder.ToImmutable();
    }

    private static ImmutableArray<IMethodSymbol> Methods(INamedTypeSymbol? type, string name)
    {
        if (type is null)
        {
            return ImmutableArray<IMethodSymbol>.Empty;
        }

        var builder = ImmutableArray.CreateBuilder<IMethodSymbol>();
        foreach (var member in type.GetMembers(name))
        {
            if (member is IMethodSymbol method)
            {
                builder.Add(method);
            }
        }

        return builder.ToImmutable();
    }
}
