using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Contention.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Contention.CodeFixes.SharedState;

/// <summary>
/// CTN2004: wrap the statement that writes the field in <c>lock (&lt;the lock every other access holds&gt;) { .. }</c>
/// (<see cref="NamedLockFix"/>). The analyzer names the lock only when all the locked accesses hold the same member of
/// the type; otherwise no fix is offered.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CTN2004InconsistentSynchronizationCodeFixProvider)), Shared]
public sealed class CTN2004InconsistentSynchronizationCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.CTN2004InconsistentSynchronization);

    public override FixAllProvider GetFixAllProvider() => NamedLockFix.FixAll;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await FixGuard.TouchesBrokenCodeAsync(context).ConfigureAwait(false))
        {
            return;
        }

        await NamedLockFix.RegisterAsync(context, EquivalenceKeys.CTN2004LockTheSameLock).ConfigureAwait(false);
    }
}
