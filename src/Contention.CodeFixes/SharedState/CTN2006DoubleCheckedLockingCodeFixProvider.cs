using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Contention.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Contention.CodeFixes.SharedState;

/// <summary>CTN2006: make the field volatile (<see cref="VolatileField"/>).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CTN2006DoubleCheckedLockingCodeFixProvider)), Shared]
public sealed class CTN2006DoubleCheckedLockingCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.CTN2006DoubleCheckedLocking);

    public override FixAllProvider GetFixAllProvider() => VolatileField.FixAll;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await FixGuard.TouchesBrokenCodeAsync(context).ConfigureAwait(false))
        {
            return;
        }

        await VolatileField.RegisterAsync(context, EquivalenceKeys.CTN2006MakeVolatile).ConfigureAwait(false);
    }
}
