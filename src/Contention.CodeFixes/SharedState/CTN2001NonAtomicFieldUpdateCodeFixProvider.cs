using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Contention.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Contention.CodeFixes.SharedState;

/// <summary>CTN2001: make the field update atomic with <c>Interlocked</c> (<see cref="InterlockedRewrite"/>).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CTN2001NonAtomicFieldUpdateCodeFixProvider)), Shared]
public sealed class CTN2001NonAtomicFieldUpdateCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.CTN2001NonAtomicFieldUpdate);

    public override FixAllProvider GetFixAllProvider() => InterlockedRewrite.FixAll;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await FixGuard.TouchesBrokenCodeAsync(context).ConfigureAwait(false))
        {
            return;
        }

        await InterlockedRewrite.RegisterAsync(context, EquivalenceKeys.CTN2001UseInterlocked).ConfigureAwait(false);
    }
}
