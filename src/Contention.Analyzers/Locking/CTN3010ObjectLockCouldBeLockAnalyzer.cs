using System.Collections.Concurrent;
using System.Collections.Immutable;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Locking;

/// <summary>
/// CTN3010: on .NET 9+ (the compilation has <c>System.Threading.Lock</c>) and C# 13+, a private readonly <c>object</c>
/// field created with <c>new object()</c> whose every use in its type is the target of a <c>lock</c> statement.
/// A field used with <c>Monitor</c>, passed or stored anywhere is left alone: <c>Lock</c> would change its meaning.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CTN3010ObjectLockCouldBeLockAnalyzer : DiagnosticAnalyzer
{
    private const int CSharp13 = 1300; // LanguageVersion.CSharp13, absent from the Roslyn floor's enum.

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CTN3010ObjectLockCouldBeLock);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            if (KnownSymbols.For(start.Compilation).Lock is null)
            {
                return;
            }

            var options = ContentionOptions.CreateCache(start.Compilation, start.Options);
            CodeBlocks.RegisterTypeAction(start, typeStart => AnalyzeType(typeStart, options));
        });
    }

    private static void AnalyzeType(TypeScope context, System.Func<SyntaxTree, ContentionOptions> options)
    {
        var candidates = new ConcurrentDictionary<IFieldSymbol, bool>(SymbolEqualityComparer.Default);
        foreach (var member in ((INamedTypeSymbol)context.Symbol).GetMembers())
        {
            if (member is IFieldSymbol { DeclaredAccessibility: Accessibility.Private, IsReadOnly: true, Type.SpecialType: SpecialType.System_Object } field
                && field.DeclaringSyntaxReferences.Length == 1
                && field.DeclaringSyntaxReferences[0].SyntaxTree.Options is CSharpParseOptions { LanguageVersion: var version } && (int)version >= CSharp13
                && !options(field.DeclaringSyntaxReferences[0].SyntaxTree).IsInExcludedType(field))
            {
                candidates.TryAdd(field, true);
            }
        }

        if (candidates.IsEmpty
            || !CodeFacts.OfTypeAny((INamedTypeSymbol)context.Symbol, LockCalls.MayAcquire, context.CancellationToken))
        {
            return;
        }

        var createdFresh = new ConcurrentDictionary<IFieldSymbol, bool>(SymbolEqualityComparer.Default);
        var locked = new ConcurrentDictionary<IFieldSymbol, bool>(SymbolEqualityComparer.Default);
        var disqualified = new ConcurrentDictionary<IFieldSymbol, bool>(SymbolEqualityComparer.Default);
        CodeBlocks.RegisterOperationAction(
            context,
            ctx =>
            {
                var initializer = (IFieldInitializerOperation)ctx.Operation;
                foreach (var field in initializer.InitializedFields)
                {
                    var value = initializer.Value;
                    while (value is IConversionOperation conversion)
                    {
                        value = conversion.Operand; // new() reaches here through an object-creation conversion
                    }

                    if (candidates.ContainsKey(field) && value is IObjectCreationOperation { Type.SpecialType: SpecialType.System_Object })
                    {
                        createdFresh.TryAdd(field, true);
                    }
                }
            },
            OperationKind.FieldInitializer);
        CodeBlocks.RegisterOperationAction(
            context,
            ctx =>
            {
                var reference = (IFieldReferenceOperation)ctx.Operation;
                var field = reference.Field.OriginalDefinition;
                if (!candidates.ContainsKey(field))
                {
                    return;
                }

                var parent = reference.Parent is IConversionOperation { IsImplicit: true } conversion ? conversion.Parent : reference.Parent;
                if (parent is not ILockOperation lockOperation || lockOperation.Syntax.ContainsDiagnostics || ContainsYield(lockOperation.Body))
                {
                    // Any other use, half-typed code, or a yield inside the lock (a Lock scope cannot live across it).
                    disqualified.TryAdd(field, true);
                }
                else
                {
                    locked.TryAdd(field, true);
                }
            },
            OperationKind.FieldReference);
        context.RegisterSymbolEndAction(end =>
        {
            foreach (var field in candidates.Keys)
            {
                if (createdFresh.ContainsKey(field) && locked.ContainsKey(field) && !disqualified.ContainsKey(field) && !field.Locations.IsEmpty)
                {
                    end.ReportDiagnostic(Diagnostic.Create(Descriptors.CTN3010ObjectLockCouldBeLock, field.Locations[0], field.Name));
                }
            }
        });
    }

    private static bool ContainsYield(IOperation body)
    {
        foreach (var operation in body.DescendantsAndSelf())
        {
            if (operation is IReturnOperation { Kind: OperationKind.YieldReturn })
            {
                return true;
            }
        }

        return false;
    }
}
