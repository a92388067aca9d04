using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Analysis;

/// <summary>
/// Completion proofs: is a task known to have completed where code waits on it, so that the wait cannot block?
/// A proof is an earlier <c>await t</c>, an awaited <c>Task.WhenAll(.. t ..)</c>, a check of <c>t.IsCompleted*</c>
/// or <c>t.Status</c>, an earlier wait on <c>t</c> (already reported), the antecedent inside <c>ContinueWith</c>,
/// an element of a collection awaited by <c>Task.WhenAll</c>, or <c>Task.FromResult</c>/<c>CompletedTask</c>.
/// The last event on the variable before the wait decides: a reassignment kills the proof. A <c>ValueTask</c> is
/// never proven (it may be consumed only once). Textual order stands in for execution order, which errs on the
/// side of silence.
/// </summary>
public static partial class AsyncContext
{
    private static readonly string[] CompletionChecks = { "IsCompleted", "IsCompletedSuccessfully", "IsFaulted", "IsCanceled", "Status" };

    /// <summary>True when <paramref name="task"/>, waited on at <paramref name="site"/>, has provably completed.</summary>
    public static bool IsProvenCompleted(IOperation task, IOperation site, KnownSymbols symbols)
    {
        task = TaskWaits.UnwrapTask(task, symbols);
        if (symbols.IsValueTask(task.Type))
        {
            return false;
        }

        if (IsCompletedSource(task, symbols) || CompletesSynchronously(task) || IsAwaitedWhenAny(task, symbols))
        {
            return true;
        }

        var variable = VariableOf(task);
        if (variable is null)
        {
            return false;
        }

        if (variable is IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } } parameter
            && IsCompletedLambdaParameter(task, parameter, symbols))
        {
            return true;
        }

        var root = Root(site);
        if (variable is ILocalSymbol local && IsForEachOverProvenCollection(root, local, site, symbols))
        {
            return true;
        }

        var (last, proof) = LastEventBefore(root, variable, site.Syntax.SpanStart, symbols);
        return last == Event.Proof && !IsNegatedGuardOf(proof, site);
    }

    /// <summary><c>if (!t.IsCompleted) t.Wait();</c>: a negated check proves nothing for the branch it guards.</summary>
    private static bool IsNegatedGuardOf(IOperation? proof, IOperation site)
    {
        if (proof is not IPropertyReferenceOperation { Parent: IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not }
            || not.Parent is not IConditionalOperation conditional
            || conditional.Condition != not)
        {
            return false;
        }

        return conditional.WhenTrue.Syntax.Span.Contains(site.Syntax.Span);
    }

    private enum Event
    {
        None,
        Proof,
        Assignment,
    }

    private static ISymbol? VariableOf(IOperation operation) => operation switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        _ => null,
    };

    private static bool RefersTo(IOperation? operation, ISymbol variable, KnownSymbols symbols) =>
        operation is not null && SymbolEqualityComparer.Default.Equals(VariableOf(TaskWaits.UnwrapTask(operation, symbols)), variable);

    private static IOperation Root(IOperation operation)
    {
        while (operation.Parent is not null)
        {
            operation = operation.Parent;
        }

        return operation;
    }

    /// <summary><c>Task.FromResult(..)</c>, <c>Task.CompletedTask</c>, <c>Task.FromException(..)</c>, <c>Task.FromCanceled(..)</c>.</summary>
    private static bool IsCompletedSource(IOperation task, KnownSymbols symbols) => task switch
    {
        IInvocationOperation { TargetMethod: { IsStatic: true, Name: "FromResult" or "FromException" or "FromCanceled" } method }
            => SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Task),
        IPropertyReferenceOperation { Property: { IsStatic: true, Name: "CompletedTask" } property }
            => SymbolEqualityComparer.Default.Equals(property.ContainingType, symbols.Task),
        _ => false,
    };

    /// <summary><c>await Task.WhenAny(..)</c> returns a task that has completed.</summary>
    private static bool IsAwaitedWhenAny(IOperation? value, KnownSymbols symbols) =>
        value is IAwaitOperation { Operation: var awaited }
        && TaskWaits.UnwrapTask(awaited, symbols) is IInvocationOperation { TargetMethod.Name: "WhenAny" } whenAny
        && SymbolEqualityComparer.Default.Equals(whenAny.TargetMethod.ContainingType, symbols.Task);

    /// <summary>
    /// The dual-path pattern: a method of this compilation with a <c>bool async</c>-like parameter, called with a
    /// constant <c>false</c>, runs synchronously and returns a completed task.
    /// </summary>
    private static bool CompletesSynchronously(IOperation task)
    {
        if (task is not IInvocationOperation invocation || invocation.TargetMethod.Locations.IsEmpty || !invocation.TargetMethod.Locations[0].IsInSource)
        {
            return false;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { Type.SpecialType: SpecialType.System_Boolean } parameter
                && parameter.Name.IndexOf("async", StringComparison.OrdinalIgnoreCase) >= 0
                && argument.Value.ConstantValue is { HasValue: true, Value: false })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The antecedent passed to a <c>ContinueWith</c> continuation, or the element a lambda receives from a
    /// collection that an awaited <c>Task.WhenAll</c> completed (<c>tasks.Select(t =&gt; t.Result)</c>).
    /// </summary>
    private static bool IsCompletedLambdaParameter(IOperation reference, IParameterSymbol parameter, KnownSymbols symbols)
    {
        IOperation? current = reference;
        while (current is not null && !(current is IAnonymousFunctionOperation lambda && SymbolEqualityComparer.Default.Equals(lambda.Symbol, parameter.ContainingSymbol)))
        {
            current = current.Parent;
        }

        var argument = current?.Parent is IDelegateCreationOperation creation ? creation.Parent as IArgumentOperation : null;
        if (argument?.Parent is not IInvocationOperation invocation)
        {
            return false;
        }

        if (invocation.TargetMethod.Name == "ContinueWith" && parameter.Ordinal == 0 && symbols.IsTask(invocation.TargetMethod.ContainingType))
        {
            return true;
        }

        // An extension method's receiver is its first argument.
        var collection = invocation.Instance ?? (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
        var collectionVariable = collection is null ? null : VariableOf(Unconvert(collection));
        return collectionVariable is not null
            && LastEventBefore(Root(invocation), collectionVariable, invocation.Syntax.SpanStart, symbols).Event == Event.Proof;
    }

    private static bool IsForEachOverProvenCollection(IOperation root, ILocalSymbol local, IOperation site, KnownSymbols symbols)
    {
        return ProofIndex.For(root, symbols).LoopOf(local) is { } loop
            && VariableOf(Unconvert(loop.Collection)) is { } collection
            && LastEventBefore(root, collection, loop.Syntax.SpanStart, symbols).Event == Event.Proof;
    }

    private static IOperation Unconvert(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>The last proof or assignment of <paramref name="variable"/> that starts before <paramref name="position"/>, and its operation.</summary>
    private static (Event Event, IOperation? Operation) LastEventBefore(IOperation root, ISymbol variable, int position, KnownSymbols symbols)
    {
        var last = Event.None;
        IOperation? lastOperation = null;
        var lastPosition = -1;
        foreach (var operation in ProofIndex.For(root, symbols).EventsOf(variable))
        {
            var start = operation.Syntax.SpanStart;
            if (start >= position || start < lastPosition)
            {
                continue;
            }

            var found = Classify(operation, variable, root, symbols);
            if (found != Event.None)
            {
                last = found;
                lastOperation = operation;
                lastPosition = start;
            }
        }

        return (last, lastOperation);
    }

    private static Event Classify(IOperation operation, ISymbol variable, IOperation root, KnownSymbols symbols)
    {
        switch (operation)
        {
            case IAwaitOperation awaited when RefersTo(awaited.Operation, variable, symbols):
                return Event.Proof;

            case IAwaitOperation awaited when WhenAllOf(TaskWaits.UnwrapTask(awaited.Operation, symbols), ProofIndex.For(root, symbols), symbols) is { } whenAll
                && WhenAllIncludes(whenAll, variable, symbols):
                return Event.Proof;

            case IPropertyReferenceOperation property
                when Array.IndexOf(CompletionChecks, property.Property.Name) >= 0
                    && symbols.IsTask(property.Property.ContainingType)
                    && RefersTo(property.Instance, variable, symbols):
                return Event.Proof;

            case IInvocationOperation or IPropertyReferenceOperation
                when TaskWaits.TryMatch(operation, symbols, out var wait) && wait!.Tasks.Any(t => RefersTo(t, variable, symbols)):
                return Event.Proof;

            case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, variable):
                var initializer = declarator.Initializer?.Value ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer?.Value;
                return initializer is not null && IsCompletedValue(initializer, symbols) ? Event.Proof : Event.Assignment;

            case IAssignmentOperation assignment when RefersTo(assignment.Target, variable, symbols):
                return IsCompletedValue(assignment.Value, symbols) ? Event.Proof : Event.Assignment;

            // if (finished == download): compared with the task WhenAny returned, so it is that completed task.
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } comparison
                when (RefersTo(comparison.LeftOperand, variable, symbols) && symbols.IsTask(Unconvert(comparison.RightOperand).Type))
                    || (RefersTo(comparison.RightOperand, variable, symbols) && symbols.IsTask(Unconvert(comparison.LeftOperand).Type)):
                return Event.Proof;

            case IDeconstructionAssignmentOperation deconstruction
                when deconstruction.Target.DescendantsAndSelf().Any(t => SymbolEqualityComparer.Default.Equals(VariableOf(t), variable)):
                return Event.Assignment;

            case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument when RefersTo(argument.Value, variable, symbols):
                return Event.Assignment;

            default:
                return Event.None;
        }
    }

    /// <summary>The <c>Task.WhenAll(..)</c> an awaited expression is, directly or through a local it was stored in.</summary>
    private static IInvocationOperation? WhenAllOf(IOperation awaited, ProofIndex index, KnownSymbols symbols)
    {
        if (VariableOf(awaited) is ILocalSymbol local && index.InitializerOf(local) is { } value)
        {
            awaited = TaskWaits.UnwrapTask(value, symbols);
        }

        return awaited is IInvocationOperation { TargetMethod.Name: "WhenAll" } whenAll
            && SymbolEqualityComparer.Default.Equals(whenAll.TargetMethod.ContainingType, symbols.Task)
            ? whenAll
            : null;
    }

    /// <summary>
    /// What the proofs look up in one function tree, gathered in one walk and kept as long as the tree: for each
    /// variable, the operations <see cref="Classify"/> may call an event on it, in tree order (so a search for the last
    /// event before a wait reads only those, not the whole body, once per wait); each local's first initializer; the
    /// foreach loop of each loop variable. Without it a long method with many waits cost the cube of its length.
    /// </summary>
    private sealed class ProofIndex
    {
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IOperation, ProofIndex> Cache = new();

        private readonly System.Collections.Generic.Dictionary<ISymbol, System.Collections.Generic.List<IOperation>> _events = new(SymbolEqualityComparer.Default);
        private readonly System.Collections.Generic.Dictionary<ILocalSymbol, IOperation?> _initializers = new(SymbolEqualityComparer.Default);
        private readonly System.Collections.Generic.Dictionary<ILocalSymbol, IForEachLoopOperation> _loops = new(SymbolEqualityComparer.Default);

        private ProofIndex(IOperation root, KnownSymbols symbols)
        {
            foreach (var operation in root.Descendants())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when declarator.Symbol is { } declared && !_initializers.ContainsKey(declared):
                        _initializers.Add(declared, declarator.Initializer?.Value);
                        break;
                    case IForEachLoopOperation loop:
                        foreach (var local in loop.Locals)
                        {
                            if (!_loops.ContainsKey(local))
                            {
                                _loops.Add(local, loop);
                            }
                        }

                        break;
                }
            }

            foreach (var operation in root.Descendants())
            {
                Mentions(operation, symbols);
            }
        }

        /// <summary>The foreach loop that declares <paramref name="local"/>, or null (one lookup, not a scan of every loop per wait).</summary>
        public IForEachLoopOperation? LoopOf(ILocalSymbol local) => _loops.TryGetValue(local, out var loop) ? loop : null;

        /// <summary>The index of <paramref name="root"/>; two threads may build it at once, and one copy wins.</summary>
        public static ProofIndex For(IOperation root, KnownSymbols symbols) =>
            Cache.TryGetValue(root, out var index) ? index : Cache.GetValue(root, r => new ProofIndex(r, symbols));

        public System.Collections.Generic.IReadOnlyList<IOperation> EventsOf(ISymbol variable) =>
            _events.TryGetValue(variable, out var events) ? events : Array.Empty<IOperation>();

        /// <summary>The initializer of the first declarator of <paramref name="local"/>, or null.</summary>
        public IOperation? InitializerOf(ILocalSymbol local) => _initializers.TryGetValue(local, out var value) ? value : null;

        /// <summary>Files <paramref name="operation"/> under every variable <see cref="Classify"/> could find an event of in it.</summary>
        private void Mentions(IOperation operation, KnownSymbols symbols)
        {
            switch (operation)
            {
                case IAwaitOperation awaited:
                    Add(awaited.Operation, operation, symbols);
                    if (WhenAllOf(TaskWaits.UnwrapTask(awaited.Operation, symbols), this, symbols) is { } whenAll)
                    {
                        foreach (var task in TaskWaits.TaskArguments(whenAll, symbols))
                        {
                            Add(Unconvert(TaskWaits.UnwrapTask(task, symbols)), operation, symbols);
                        }
                    }

                    break;
                case IPropertyReferenceOperation or IInvocationOperation:
                    if (operation is IPropertyReferenceOperation { Instance: { } instance })
                    {
                        Add(instance, operation, symbols);
                    }

                    if (TaskWaits.TryMatch(operation, symbols, out var wait))
                    {
                        foreach (var task in wait!.Tasks)
                        {
                            Add(task, operation, symbols);
                        }
                    }

                    break;
                case IVariableDeclaratorOperation declarator:
                    File(declarator.Symbol, operation);
                    break;
                case IDeconstructionAssignmentOperation deconstruction:
                    foreach (var target in deconstruction.Target.DescendantsAndSelf())
                    {
                        File(VariableOf(target), operation);
                    }

                    break;
                case IAssignmentOperation assignment:
                    Add(assignment.Target, operation, symbols);
                    break;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } comparison:
                    Add(comparison.LeftOperand, operation, symbols);
                    Add(comparison.RightOperand, operation, symbols);
                    break;
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument:
                    Add(argument.Value, operation, symbols);
                    break;
            }
        }

        /// <summary>Files under the variable that <see cref="RefersTo"/> would match <paramref name="value"/> against.</summary>
        private void Add(IOperation? value, IOperation operation, KnownSymbols symbols)
        {
            if (value is not null)
            {
                File(VariableOf(TaskWaits.UnwrapTask(value, symbols)), operation);
            }
        }

        private void File(ISymbol? variable, IOperation operation)
        {
            if (variable is null)
            {
                return;
            }

            if (!_events.TryGetValue(variable, out var events))
            {
                _events.Add(variable, events = new System.Collections.Generic.List<IOperation>());
            }

            // One operation can mention a variable twice (x == x): keep it once, in tree order.
            if (events.Count == 0 || events[events.Count - 1] != operation)
            {
                events.Add(operation);
            }
        }
    }

    private static bool IsCompletedValue(IOperation value, KnownSymbols symbols) =>
        IsCompletedSource(TaskWaits.UnwrapTask(value, symbols), symbols) || IsAwaitedWhenAny(TaskWaits.UnwrapTask(value, symbols), symbols);

    /// <summary>True when <paramref name="variable"/> is one of the tasks, or the collection, that <c>Task.WhenAll</c> takes.</summary>
    private static bool WhenAllIncludes(IInvocationOperation whenAll, ISymbol variable, KnownSymbols symbols)
    {
        foreach (var task in TaskWaits.TaskArguments(whenAll, symbols))
        {
            if (SymbolEqualityComparer.Default.Equals(VariableOf(Unconvert(TaskWaits.UnwrapTask(task, symbols))), variable))
            {
                return true;
            }
        }

        return false;
    }
}
