using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Contention.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Contention.CodeFixes.SharedState;

/// <summary>CTN2002: make the captured local's update atomic with <c>Interlocked</c> (<see cref="InterlockedRewrite"/>).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CTN2002CapturedLocalUpdateCodeFixProvider)), Shared]
public sealed class CTN2002CapturedLocalUpdateCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.CTN2002CapturedLocalUpdate);

    public override FixAllProvider GetFixAllProvider() => InterlockedRewrite.FixAll;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await FixGuard.TouchesBrokenCodeAsync(context).ConfigureAwait(false))
        {
            return;
        }

        await InterlockedRewrite.RegisterAsync(context, EquivalenceKeys.CTN2002UseInterlocked).ConfigureAwait(false);
    }
}
