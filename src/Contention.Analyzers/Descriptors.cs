using Microsoft.CodeAnalysis;

namespace Contention.Analyzers;

/// <summary>Every descriptor Contention reports, built by one factory so category, help link and tags stay uniform.</summary>
public static class Descriptors
{
    /// <summary>Each rule's page lives at <c>docs/rules/&lt;ID&gt;.md</c> in the repository.</summary>
    public const string HelpLinkBase = "https://github.com/contention-analyzers/contention/blob/main/docs/rules/";

    public static readonly DiagnosticDescriptor CTN1002ThreadSleepInAsync = Create(
        DiagnosticIds.CTN1002ThreadSleepInAsync,
        DiagnosticCategories.Async,
        title: "Do not call Thread.Sleep in async code",
        messageFormat: "'Thread.Sleep' blocks the thread running {0}; use 'await Task.Delay(..)' instead",
        description: "Thread.Sleep inside async code holds the current thread for the whole delay: a UI or other " +
            "single-threaded loop freezes, and on the thread pool it starves every other async continuation. " +
            "'await Task.Delay(..)' waits without holding a thread.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor CTN3001LockOnReachableObject = Create(
        DiagnosticIds.CTN3001LockOnReachableObject,
        DiagnosticCategories.Locking,
        title: "Do not lock on an object that code outside the type can reach",
        messageFormat: "{0} is reachable from outside '{1}', so other code can lock it too and stall or deadlock this type; lock a private readonly object instead",
        description: "A lock is only as private as the object it locks. 'lock (this)', or a lock on a non-private " +
            "field or property, lets any code holding that object take the same monitor: it can stall the type's " +
            "own work for as long as it likes or close a lock-order cycle the type cannot see.",
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
