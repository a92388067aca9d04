using System.Collections.Immutable;
using System.Threading;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Locking;

/// <summary>
/// CTN3011: a <c>SpinLock</c> that is silently copied: a <c>readonly</c> field (each call gets a defensive copy), a
/// by-value parameter, or a local initialized from another <c>SpinLock</c>. (A <c>Lock</c> converted to
/// <c>object</c> is the compiler's CS9216, not repeated here.)
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CTN3011SpinLockCopiedAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CTN3011SpinLockCopied);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var spinLock = KnownSymbols.For(start.Compilation).SpinLock;
            if (spinLock is null)
            {
                return;
            }

            var options = ContentionOptions.CreateCache(start.Compilation, start.Options);
            bool Excluded(ISymbol symbol) =>
                symbol.Locations.Length > 0 && symbol.Locations[0].SourceTree is { } tree && options(tree).IsInExcludedType(symbol);

            start.RegisterSymbolAction(
                ctx =>
                {
                    var field = (IFieldSymbol)ctx.Symbol;
                    if (field.IsReadOnly && SymbolEqualityComparer.Default.Equals(field.Type, spinLock) && !Excluded(field))
                    {
                        ctx.ReportDiagnostic(Diagnostic.Create(
                            Descriptors.CTN3011SpinLockCopied, field.Locations[0], $"'{field.Name}' is a readonly SpinLock field"));
                    }
                },
                SymbolKind.Field);
            start.RegisterSymbolAction(
                ctx =>
                {
                    var method = (IMethodSymbol)ctx.Symbol;
                    foreach (var parameter in method.Parameters)
                    {
                        if (parameter.RefKind == RefKind.None && SymbolEqualityComparer.Default.Equals(parameter.Type, spinLock)
                            && !parameter.Locations.IsEmpty && !Excluded(method))
                        {
                            ctx.ReportDiagnostic(Diagnostic.Create(
                                Descriptors.CTN3011SpinLockCopied, parameter.Locations[0], $"'{parameter.Name}' takes a SpinLock by value"));
                        }
                    }
                },
                SymbolKind.Method);
            // A copy names SpinLock, or a SpinLock member of its own type.
            CodeBlocks.Register(
                start,
                static (facts, owner, cancellationToken) => facts.Mentions(nameof(SpinLock))
                    || (owner.ContainingType is { } type && CodeFacts.OfTypeAny(type, static facts => facts.Mentions(nameof(SpinLock)), cancellationToken)),
                block =>
                {
                    block.RegisterOperationAction(
                        ctx =>
                        {
                            var declarator = (IVariableDeclaratorOperation)ctx.Operation;
                            if (SymbolEqualityComparer.Default.Equals(declarator.Symbol.Type, spinLock) && !declarator.Symbol.IsRef
                                && declarator.Initializer?.Value is { } value
                                && value is not IObjectCreationOperation and not IDefaultValueOperation
                                && !Excluded(ctx.ContainingSymbol))
                            {
                                ctx.ReportDiagnostic(Diagnostic.Create(
                                    Descriptors.CTN3011SpinLockCopied, declarator.Syntax.GetLocation(), $"'{declarator.Symbol.Name}' is a copy of another SpinLock"));
                            }
                        },
                        OperationKind.VariableDeclarator);
                });
        });
    }
}
