using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Contention.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Contention.CodeFixes.Locking;

/// <summary>CTN3001: a lock on <c>this</c> or a non-private member. Introduces a private readonly lock field and retargets every lock on the same object in the type (<see cref="LockRetargeting"/>).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CTN3001LockOnReachableObjectCodeFixProvider)), Shared]
public sealed class CTN3001LockOnReachableObjectCodeFixProvider : CodeFixProvider
{
    private const string Title = "Lock a private readonly object";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.CTN3001LockOnReachableObject);

    public override FixAllProvider GetFixAllProvider() =>
        FixGuard.CreateFixAll((context, document, diagnostics) => LockRetargeting.FixAsync(document, diagnostics, context.CancellationToken)!);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await FixGuard.TouchesBrokenCodeAsync(context).ConfigureAwait(false))
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (await LockRetargeting.CanFixAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => LockRetargeting.FixAsync(context.Document, ImmutableArray.Create(diagnostic), ct), EquivalenceKeys.CTN3001UsePrivateLockField),
                    diagnostic);
            }
        }
    }
}
