using System.Collections.Immutable;

namespace Contention.Analyzers.Analysis;

/// <summary>The methods that change a <see cref="KnownSymbols.UnsafeCollections"/> collection (CTN2003, CTN2004).</summary>
public static class CollectionChanges
{
    /// <summary>Names of the mutating methods of <c>List</c>, <c>Dictionary</c>, <c>HashSet</c>, <c>Queue</c>, <c>Stack</c> and the rest.</summary>
    public static readonly ImmutableHashSet<string> MutatingMethods = ImmutableHashSet.Create(
        "Add", "AddRange", "Insert", "InsertRange", "Remove", "RemoveAt", "RemoveAll", "RemoveRange", "RemoveWhere", "Clear",
        "Enqueue", "EnqueueRange", "Dequeue", "TryDequeue", "EnqueueDequeue", "DequeueEnqueue", "Push", "Pop", "TryPop", "TryAdd",
        "AddFirst", "AddLast", "AddBefore", "AddAfter", "RemoveFirst", "RemoveLast", "Sort", "Reverse", "UnionWith",
        "IntersectWith", "ExceptWith", "SymmetricExceptWith", "TrimExcess", "EnsureCapacity");
}
