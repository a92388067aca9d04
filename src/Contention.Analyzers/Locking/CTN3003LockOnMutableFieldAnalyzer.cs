using System.Collections.Concurrent;
using System.Collections.Immutable;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Locking;

/// <summary>
/// CTN3003: a lock on a field that is not <c>readonly</c>. Judged at the end of the type, once every write to the
/// field in it is known, so the message can name where the field is reassigned and the fixer knows whether adding
/// <c>readonly</c> keeps the code compiling.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CTN3003LockOnMutableFieldAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CTN3003LockOnMutableField);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var options = ContentionOptions.CreateCache(start.Compilation, start.Options);
            CodeBlocks.RegisterTypeAction(start, typeStart => AnalyzeType(typeStart, options));
        });
    }

    private static void AnalyzeType(TypeScope context, System.Func<SyntaxTree, ContentionOptions> options)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.Locations.Length > 0 && type.Locations[0].SourceTree is { } tree && options(tree).IsInExcludedType(type))
        {
            return;
        }

        if (!CodeFacts.OfTypeAny(type, LockCalls.MayAcquire, context.CancellationToken))
        {
            return;
        }

        // Writes matter only to a field of the type that can be locked on and reassigned: a block that names none
        // of them (or takes no lock) is not bound for this rule.
        var writable = WritableReferenceFields(type);
        var locks = new ConcurrentBag<(IFieldSymbol Field, Location Location)>();
        var writers = new ConcurrentDictionary<IFieldSymbol, string>(SymbolEqualityComparer.Default);
        var symbols = KnownSymbols.For(context.Compilation);
        CodeBlocks.RegisterOperationAction(
            context,
            block => LockCalls.MayAcquire(block.Facts),
            ctx =>
            {
                var (value, location) = ctx.Operation switch
                {
                    ILockOperation lockOperation => (lockOperation.LockedValue, LockSites.Header(lockOperation)),
                    IInvocationOperation invocation when symbols.IsMonitorMethod(invocation.TargetMethod, "Enter", "TryEnter") && invocation.Arguments.Length > 0
                        => (invocation.Arguments[0].Value, invocation.Arguments[0].Syntax.GetLocation()),
                    _ => (null, null),
                };
                if (value is not null && LockTargets.Unwrap(value) is IFieldReferenceOperation { Field: { IsReadOnly: false, IsConst: false } field }
                    && field.Type.IsReferenceType)
                {
                    locks.Add((field.OriginalDefinition, location!));
                }
            },
            OperationKind.Lock,
            OperationKind.Invocation);
        CodeBlocks.RegisterOperationAction(
            context,
            block => writable.Length > 0 && block.Facts.MentionsAny(writable),
            ctx =>
            {
                var target = ctx.Operation switch
                {
                    IDeconstructionAssignmentOperation deconstruction => deconstruction.Target,
                    IAssignmentOperation assignment => assignment.Target,
                    IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument => argument.Value,
                    _ => null,
                };
                if (target is null || IsConstructorOf(ctx.ContainingSymbol, null))
                {
                    return;
                }

                foreach (var written in AssignedElements(target))
                {
                    if (written is IFieldReferenceOperation field && !IsConstructorOf(ctx.ContainingSymbol, field.Field))
                    {
                        // The alphabetically first writer, so the message is the same on every run.
                        var writer = WriterName(ctx.ContainingSymbol);
                        writers.AddOrUpdate(field.Field.OriginalDefinition, writer, (_, old) => string.CompareOrdinal(writer, old) < 0 ? writer : old);
                    }
                }
            },
            OperationKind.SimpleAssignment,
            OperationKind.CompoundAssignment,
            OperationKind.CoalesceAssignment,
            OperationKind.DeconstructionAssignment,
            OperationKind.Argument);
        context.RegisterSymbolEndAction(end =>
        {
            foreach (var (field, location) in locks)
            {
                var reassigned = writers.TryGetValue(field, out var writer)
                    ? writer.StartsWith("the constructor", System.StringComparison.Ordinal) ? $" and is reassigned in {writer}" : $" and is reassigned in '{writer}'"
                    : string.Empty;
                var properties = reassigned.Length == 0
                    ? ImmutableDictionary<string, string?>.Empty
                    : ImmutableDictionary<string, string?>.Empty.Add(PropertyNames.Reassigned, "true");
                end.ReportDiagnostic(Diagnostic.Create(Descriptors.CTN3003LockOnMutableField, location, properties, field.Name, reassigned));
            }
        });
    }

    /// <summary>The hashes of the names of the type's fields a lock can be taken on and that can be reassigned.</summary>
    private static int[] WritableReferenceFields(INamedTypeSymbol type)
    {
        var names = new System.Collections.Generic.List<int>();
        foreach (var member in type.GetMembers())
        {
            if (member is IFieldSymbol { IsReadOnly: false, IsConst: false } field && !field.Type.IsValueType)
            {
                names.Add(CodeFacts.HashOf(field.Name));
                if (field.AssociatedSymbol is not null)
                {
                    names.Add(CodeFacts.HashOf("field"));
                }
            }
        }

        return names.ToArray();
    }

    /// <summary>A constructor of the field's own type (same static-ness), or a field initializer; with no field, only the latter.</summary>
    private static bool IsConstructorOf(ISymbol member, IFieldSymbol? field) =>
        member is IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } constructor
            ? field is not null && constructor.IsStatic == field.IsStatic && SymbolEqualityComparer.Default.Equals(constructor.ContainingType, field.ContainingType)
            : member is IFieldSymbol;

    /// <summary>What an assignment writes: the target itself, or each element of a deconstruction (not the objects they hang off).</summary>
    private static System.Collections.Generic.IEnumerable<IOperation> AssignedElements(IOperation target)
    {
        if (target is ITupleOperation tuple)
        {
            foreach (var element in tuple.Elements)
            {
                foreach (var inner in AssignedElements(element))
                {
                    yield return inner;
                }
            }
        }
        else
        {
            yield return target;
        }
    }

    private static string WriterName(ISymbol member) => member switch
    {
        IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } constructor => $"the constructor of {constructor.ContainingType.Name}",
        IMethodSymbol { AssociatedSymbol: { } property } => property.Name,
        _ => member.Name,
    };
}
