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
/// CTN2001, where <c>Interlocked</c> cannot do the update (a <c>double</c>, <c>*=</c>, <c>|=</c>, a <c>volatile</c>
/// field): put the statement under the lock the type already takes around that field elsewhere
/// (<see cref="LockWrapping.ExistingLockFor"/>). Without such a lock there is no fix: which lock, and what else it must
/// cover, is a design decision.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CTN2001NonAtomicFieldUpdateLockCodeFixProvider)), Shared]
public sealed class CTN2001NonAtomicFieldUpdateLockCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.CTN2001NonAtomicFieldUpdate);

    public override FixAllProvider GetFixAllProvider() => LockWrapping.ExistingLockFixAll(UpdatedField);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await FixGuard.TouchesBrokenCodeAsync(context).ConfigureAwait(false))
        {
            return;
        }

        await LockWrapping.RegisterExistingLockFixAsync(context, "update", EquivalenceKeys.CTN2001LockExistingGate, UpdatedField).ConfigureAwait(false);
    }

    /// <summary>The field an update changes, when Interlocked (the other fix) cannot do it.</summary>
    private static IFieldReferenceOperation? UpdatedField(IOperation update) =>
        SharedUpdates.Target(update) is IFieldReferenceOperation field
        && (SharedUpdates.InterlockedMethod(update, field) is null || field.Field.IsVolatile)
            ? field
            : null;
}
