using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Contention.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Contention.CodeFixes.SharedState;

/// <summary>CTN2009: wrap the statement that makes the access or call in <c>lock (&lt;the named lock&gt;) { .. }</c> (<see cref="NamedLockFix"/>).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CTN2009GuardedByViolationCodeFixProvider)), Shared]
public sealed class CTN2009GuardedByViolationCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.CTN2009GuardedByViolation);

    public override FixAllProvider GetFixAllProvider() => NamedLockFix.FixAll;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await FixGuard.TouchesBrokenCodeAsync(context).ConfigureAwait(false))
        {
            return;
        }

        await NamedLockFix.RegisterAsync(context, EquivalenceKeys.CTN2009LockTheNamedLock).ConfigureAwait(false);
    }
}
