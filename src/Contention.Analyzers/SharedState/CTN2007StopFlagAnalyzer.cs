using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.SharedState;

/// <summary>
/// CTN2007: a non-volatile <c>bool</c> field of the type that a loop polls (its condition, or an
/// <c>if (flag) break;</c>/<c>return</c> at the top level of its body) and that another function of the type
/// (method, lambda or local function, not a constructor) sets. The loop waits for a write it does not make itself,
/// so it waits for another thread; the JIT may read the field once and spin forever. Silent when the loop itself
/// writes the field or calls a method of the type that does, directly or through other methods of the type (a
/// single-threaded state machine), when the read is under
/// a lock, and for <c>Volatile.Read</c>/<c>Interlocked</c>, which are calls, not plain reads.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CTN2007StopFlagAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CTN2007StopFlag);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var symbols = KnownSymbols.For(start.Compilation);
            var options = ContentionOptions.CreateCache(start.Compilation, start.Options);
            CodeBlocks.RegisterTypeAction(
                start,
                typeStart =>
                {
                    var type = (INamedTypeSymbol)typeStart.Symbol;
                    if (type.TypeKind is TypeKind.Class or TypeKind.Struct && HasCandidateField(type)
                        && type.Locations.Length > 0 && type.Locations[0].SourceTree is { } tree && !options(tree).IsInExcludedType(type))
                    {
                        AnalyzeType(typeStart, type, symbols, options(tree).ExcludedMethods(DiagnosticIds.CTN2007StopFlag));
                    }
                });
        });
    }

    private static bool HasCandidateField(INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is IFieldSymbol field && IsCandidate(field))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCandidate(IFieldSymbol field) =>
        field.Type.SpecialType == SpecialType.System_Boolean && !field.IsVolatile && !field.IsConst && !field.IsReadOnly && !field.IsImplicitlyDeclared;

    /// <summary>A read of a flag that a loop polls, in the function (body syntax) that runs the loop.</summary>
    private sealed class Poll(IFieldReferenceOperation read, IOperation loop, SyntaxNode function, string functionName, ImmutableHashSet<IMethodSymbol> calls)
    {
        public IFieldReferenceOperation Read { get; } = read;

        public IOperation Loop { get; } = loop;

        public SyntaxNode Function { get; } = function;

        public string FunctionName { get; } = functionName;

        /// <summary>The methods of the type the loop calls.</summary>
        public ImmutableHashSet<IMethodSymbol> Calls { get; } = calls;
    }

    /// <summary>An assignment to a flag, in a function (body syntax) of a method.</summary>
    private sealed class Write(IFieldSymbol field, SyntaxNode syntax, SyntaxNode function, IMethodSymbol method)
    {
        public IFieldSymbol Field { get; } = field;

        public SyntaxNode Syntax { get; } = syntax;

        public SyntaxNode Function { get; } = function;

        public IMethodSymbol Method { get; } = method;
    }

    private static void AnalyzeType(TypeScope context, INamedTypeSymbol type, KnownSymbols symbols, SymbolNameList excluded)
    {
        // A stop flag is polled by a loop.
        if (!CodeFacts.OfTypeAny(type, static facts => facts.HasLoop, context.CancellationToken))
        {
            return;
        }

        var polls = new ConcurrentBag<Poll>();
        var writes = new ConcurrentBag<Write>();

        var calls = new ConcurrentBag<(IMethodSymbol Caller, IMethodSymbol Callee)>();
        CodeBlocks.RegisterOperationAction(
            context,
            ctx =>
            {
                var call = (IInvocationOperation)ctx.Operation;
                if (ctx.ContainingSymbol is IMethodSymbol caller
                    && SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType?.OriginalDefinition, type.OriginalDefinition))
                {
                    calls.Add((caller.OriginalDefinition, call.TargetMethod.OriginalDefinition));
                }
            },
            OperationKind.Invocation);

        CodeBlocks.RegisterOperationAction(
            context,
            ctx =>
            {
                var reference = (IFieldReferenceOperation)ctx.Operation;
                if (!IsCandidate(reference.Field)
                    || !SymbolEqualityComparer.Default.Equals(reference.Field.ContainingType, type)
                    || ctx.ContainingSymbol is not IMethodSymbol method
                    || method.MethodKind is MethodKind.Constructor or MethodKind.StaticConstructor)
                {
                    return;
                }

                if (reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference)
                {
                    writes.Add(new Write(reference.Field.OriginalDefinition, reference.Syntax, LockScope.FunctionBody(reference).Syntax, method.OriginalDefinition));
                }
                else if (PolledBy(reference) is { } loop
                    && !excluded.Matches(method)
                    && !SharedUpdates.IsUnderLock(reference, symbols, ctx.CancellationToken))
                {
                    var function = LockScope.FunctionBody(reference);
                    var name = function.Parent is IAnonymousFunctionOperation ? $"a lambda in '{method.Name}'"
                        : function.Parent is ILocalFunctionOperation local ? $"'{local.Symbol.Name}'"
                        : $"'{method.Name}'";
                    polls.Add(new Poll(reference, loop, function.Syntax, name, OwnCalls(loop, type)));
                }
            },
            OperationKind.FieldReference);

        context.RegisterSymbolEndAction(end =>
        {
            var callees = new Dictionary<IMethodSymbol, List<IMethodSymbol>>(SymbolEqualityComparer.Default);
            foreach (var (caller, callee) in calls)
            {
                if (!callees.TryGetValue(caller, out var list))
                {
                    callees[caller] = list = new List<IMethodSymbol>();
                }

                list.Add(callee);
            }

            foreach (var poll in polls)
            {
                var reachable = Reachable(poll.Calls, callees);
                var field = poll.Read.Field.OriginalDefinition;
                Write? writer = null;
                var selfWritten = false;
                foreach (var write in writes)
                {
                    if (!SymbolEqualityComparer.Default.Equals(write.Field, field))
                    {
                        continue;
                    }

                    if (write.Syntax.SyntaxTree == poll.Loop.Syntax.SyntaxTree && poll.Loop.Syntax.Span.Contains(write.Syntax.Span)
                        || reachable.Contains(write.Method))
                    {
                        selfWritten = true;
                        break;
                    }

                    if (write.Function != poll.Function)
                    {
                        writer ??= write;
                    }
                }

                if (!selfWritten && writer is not null)
                {
                    end.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.CTN2007StopFlag,
                        poll.Read.Syntax.GetLocation(),
                        field.Name,
                        poll.FunctionName,
                        writer.Method.Name));
                }
            }
        });
    }

    /// <summary>
    /// The loop that polls <paramref name="reference"/>: it is (part of) the loop's condition, or of the condition of an
    /// <c>if</c> at the top of the loop body that leaves the loop.
    /// </summary>
    private static IOperation? PolledBy(IFieldReferenceOperation reference)
    {
        IOperation current = reference;
        while (current.Parent is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not }
            or IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals }
            or IConversionOperation)
        {
            current = current.Parent;
        }

        switch (current.Parent)
        {
            case IWhileLoopOperation loop when loop.Condition == current:
                return loop;
            case IForLoopOperation loop when loop.Condition == current:
                return loop;
            case IConditionalOperation { WhenFalse: null } check when check.Condition == current && LeavesLoop(check.WhenTrue)
                && check.Parent is IBlockOperation { Parent: ILoopOperation loop } body && loop.Body == body:
                return loop;
            default:
                return null;
        }
    }

    private static bool LeavesLoop(IOperation operation) => operation switch
    {
        IBranchOperation { BranchKind: BranchKind.Break } or IReturnOperation => true,
        IBlockOperation { Operations.Length: > 0 } block => LeavesLoop(block.Operations[block.Operations.Length - 1]),
        _ => false,
    };

    /// <summary>The methods of the type that the loop's calls reach, directly or through other methods of the type.</summary>
    private static HashSet<IMethodSymbol> Reachable(ImmutableHashSet<IMethodSymbol> roots, Dictionary<IMethodSymbol, List<IMethodSymbol>> callees)
    {
        var reached = new HashSet<IMethodSymbol>(roots, SymbolEqualityComparer.Default);
        var pending = new Stack<IMethodSymbol>(roots);
        while (pending.Count > 0)
        {
            if (callees.TryGetValue(pending.Pop(), out var next))
            {
                foreach (var callee in next)
                {
                    if (reached.Add(callee))
                    {
                        pending.Push(callee);
                    }
                }
            }
        }

        return reached;
    }

    /// <summary>Methods of the type the loop calls: any of them might be the one that sets the flag.</summary>
    private static ImmutableHashSet<IMethodSymbol> OwnCalls(IOperation loop, INamedTypeSymbol type)
    {
        var calls = ImmutableHashSet.CreateBuilder<IMethodSymbol>(SymbolEqualityComparer.Default);
        foreach (var operation in loop.Descendants())
        {
            if (operation is IInvocationOperation invocation
                && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType?.OriginalDefinition, type.OriginalDefinition))
            {
                calls.Add(invocation.TargetMethod.OriginalDefinition);
            }
        }

        return calls.ToImmutable();
    }
}
