using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Contention.Analyzers;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.CodeFixes.SharedState;

/// <summary>
/// CTN2003, for a collection field: put the statement that changes it under the lock the type already takes around
/// that field elsewhere (<see cref="LockWrapping.ExistingLockFor"/>), the fix that fits where a concurrent collection
/// does not (a public field, a <c>List</c> that is sorted or indexed). Without such a lock there is no lock fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CTN2003NonThreadSafeCollectionLockCodeFixProvider)), Shared]
public sealed class CTN2003NonThreadSafeCollectionLockCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.CTN2003NonThreadSafeCollection);

    public override FixAllProvider GetFixAllProvider() => LockWrapping.ExistingLockFixAll(ChangedField);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await FixGuard.TouchesBrokenCodeAsync(context).ConfigureAwait(false))
        {
            return;
        }

        await LockWrapping.RegisterExistingLockFixAsync(context, "change", EquivalenceKeys.CTN2003LockExistingGate, ChangedField).ConfigureAwait(false);
    }

    /// <summary>The collection field a change is made on, reached on this object or statically.</summary>
    private static IFieldReferenceOperation? ChangedField(IOperation change)
    {
        var collection = change switch
        {
            IInvocationOperation call => call.Instance,
            IAssignmentOperation { Target: IPropertyReferenceOperation indexer } => indexer.Instance,
            _ => null,
        };
        return collection is not null
            && SharedUpdates.WithoutConversions(collection) is IFieldReferenceOperation field
            && ConcurrentMethods.IsOwnState(field.Instance)
                ? field
                : null;
    }
}
