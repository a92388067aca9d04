using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Analysis;

/// <summary>The ways code waits synchronously for a task.</summary>
public enum TaskWaitKind
{
    /// <summary><c>task.Result</c></summary>
    Result,

    /// <summary><c>task.Wait(..)</c></summary>
    Wait,

    /// <summary><c>task.GetAwaiter().GetResult()</c>, also through <c>ConfigureAwait(..)</c></summary>
    GetResult,

    /// <summary><c>Task.WaitAll(..)</c></summary>
    WaitAll,

    /// <summary><c>Task.WaitAny(..)</c></summary>
    WaitAny,
}

/// <summary>A synchronous wait on one or more tasks: what waits, on which tasks, and how to name it.</summary>
public sealed class TaskWait
{
    public TaskWait(TaskWaitKind kind, IOperation operation, ImmutableArray<IOperation> tasks)
    {
        Kind = kind;
        Operation = operation;
        Tasks = tasks;
    }

    public TaskWaitKind Kind { get; }

    /// <summary>The property reference or invocation that blocks.</summary>
    public IOperation Operation { get; }

    /// <summary>The task expressions waited on (one, or the elements of a WaitAll/WaitAny).</summary>
    public ImmutableArray<IOperation> Tasks { get; }

    /// <summary>How a message names the wait.</summary>
    public string Display => Kind switch
    {
        TaskWaitKind.Result => ".Result",
        TaskWaitKind.Wait => Operation is IInvocationOperation { Arguments.IsEmpty: true } ? ".Wait()" : ".Wait(..)",
        TaskWaitKind.GetResult => ".GetAwaiter().GetResult()",
        TaskWaitKind.WaitAll => "Task.WaitAll",
        _ => "Task.WaitAny",
    };
}

/// <summary>Recognizes synchronous waits on tasks.</summary>
public static class TaskWaits
{
    /// <summary>Identifiers one of which any task wait mentions; the syntactic prefilter of the rules that use this.</summary>
    public static ImmutableHashSet<string> TriggerNames { get; } =
        ImmutableHashSet.Create("Result", "Wait", "GetResult", "WaitAll", "WaitAny");

    public static bool TryMatch(IOperation operation, KnownSymbols symbols, out TaskWait? wait)
    {
        wait = operation switch
        {
            IPropertyReferenceOperation { Property.Name: "Result", Instance: { } task } property
                when symbols.IsTaskLike(property.Property.ContainingType)
                => new TaskWait(TaskWaitKind.Result, operation, ImmutableArray.Create(task)),
            IInvocationOperation invocation => MatchInvocation(invocation, symbols),
            _ => null,
        };
        return wait is not null;
    }

    /// <summary>The task behind an expression, looking through conversions, parentheses and <c>ConfigureAwait(..)</c>.</summary>
    public static IOperation UnwrapTask(IOperation operation, KnownSymbols symbols)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation { IsImplicit: true } conversion:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                case IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } instance } invocation
                    when symbols.IsConfiguredAwaitable(invocation.Type):
                    operation = instance;
                    break;
                default:
                    return operation;
            }
        }
    }

    private static TaskWait? MatchInvocation(IInvocationOperation invocation, KnownSymbols symbols)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "Wait" when invocation.Instance is { } task && symbols.IsTask(method.ContainingType):
                return new TaskWait(TaskWaitKind.Wait, invocation, ImmutableArray.Create(task));

            case "GetResult" when invocation.Instance is IInvocationOperation { TargetMethod.Name: "GetAwaiter", Instance: { } awaitable }
                && (symbols.IsTaskLike(awaitable.Type) || symbols.IsConfiguredAwaitable(awaitable.Type)):
                return new TaskWait(TaskWaitKind.GetResult, invocation, ImmutableArray.Create(UnwrapTask(awaitable, symbols)));

            case "WaitAll" or "WaitAny" when method.IsStatic && SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Task):
                return new TaskWait(
                    method.Name == "WaitAll" ? TaskWaitKind.WaitAll : TaskWaitKind.WaitAny,
                    invocation,
                    TaskArguments(invocation, symbols));

            default:
                return null;
        }
    }

    /// <summary>
    /// The tasks a WaitAll/WaitAny/WhenAll call takes: the elements of a params array, span or collection
    /// expression, or the one collection argument itself.
    /// </summary>
    public static ImmutableArray<IOperation> TaskArguments(IInvocationOperation invocation, KnownSymbols symbols)
    {
        if (invocation.Arguments.Length == 0)
        {
            return ImmutableArray<IOperation>.Empty;
        }

        var tasks = invocation.Arguments[0].Value;
        if (tasks is IArrayCreationOperation { Initializer: { } initializer })
        {
            return initializer.ElementValues;
        }

        // A params span or collection expression (IOperation kinds newer than the Roslyn floor): its task-typed children.
        var elements = ImmutableArray.CreateBuilder<IOperation>();
        foreach (var child in tasks.Descendants())
        {
            var parent = child.Parent is IConversionOperation { IsImplicit: true } conversion ? conversion.Parent : child.Parent;
            if (parent == tasks && child is not IConversionOperation && symbols.IsTaskLike(child.Type))
            {
                elements.Add(child);
            }
        }

        return elements.Count > 0 ? elements.ToImmutable() : ImmutableArray.Create(tasks);
    }
}
