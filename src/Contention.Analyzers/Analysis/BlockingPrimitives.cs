using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Analysis;

/// <summary>
/// Blocking synchronization calls that have no awaitable twin: wait handles, <c>Thread.Join</c>, <c>Monitor.Wait</c>,
/// <c>ManualResetEventSlim.Wait</c>, <c>CountdownEvent.Wait</c>, <c>Barrier.SignalAndWait</c>,
/// <c>BlockingCollection&lt;T&gt;.Take</c> and <c>SpinWait.SpinUntil</c>; each with the async alternative to name.
/// A constant zero timeout only polls, and is not blocking.
/// </summary>
public static class BlockingPrimitives
{
    public static ImmutableHashSet<string> TriggerNames { get; } =
        ImmutableHashSet.Create("WaitOne", "WaitAll", "WaitAny", "SignalAndWait", "Join", "Wait", "Take", "SpinUntil");

    /// <summary>The display name of the blocking call and the async alternative, or false when it is not one.</summary>
    public static bool TryMatch(IInvocationOperation invocation, KnownSymbols symbols, out string display, out string alternative)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType.OriginalDefinition;
        (display, alternative) = (method.Name, type) switch
        {
            ("WaitOne" or "WaitAll" or "WaitAny" or "SignalAndWait", _) when Is(type, symbols.WaitHandle)
                => ($"WaitHandle.{method.Name}", "await a 'TaskCompletionSource' or 'SemaphoreSlim.WaitAsync' instead"),
            ("Join", _) when Is(type, symbols.Thread)
                => ("Thread.Join", "run the work as a 'Task' and await it instead"),
            ("Wait", _) when Is(type, symbols.Monitor)
                => ("Monitor.Wait", "signal with a 'TaskCompletionSource' or 'SemaphoreSlim.WaitAsync' instead"),
            ("Wait", _) when Is(type, symbols.ManualResetEventSlim)
                => ("ManualResetEventSlim.Wait", "await a 'TaskCompletionSource' instead"),
            ("Wait", _) when Is(type, symbols.CountdownEvent)
                => ("CountdownEvent.Wait", "await 'Task.WhenAll(..)' over the work instead"),
            ("SignalAndWait", _) when Is(type, symbols.Barrier)
                => ("Barrier.SignalAndWait", "await 'Task.WhenAll(..)' for each phase instead"),
            ("Take", _) when Is(type, symbols.BlockingCollectionOfT)
                => ("BlockingCollection.Take", "use a 'Channel<T>' and await 'ReadAsync' instead"),
            ("SpinUntil", _) when Is(type, symbols.SpinWait)
                => ("SpinWait.SpinUntil", "await a 'TaskCompletionSource', or poll with 'await Task.Delay(..)'"),
            _ => (string.Empty, string.Empty),
        };

        return display.Length > 0 && !HasZeroTimeout(invocation, symbols);
    }

    private static bool Is(INamedTypeSymbol type, INamedTypeSymbol? known) =>
        known is not null && SymbolEqualityComparer.Default.Equals(type, known);

    /// <summary>A constant zero timeout: the call polls and returns at once.</summary>
    public static bool HasZeroTimeout(IInvocationOperation invocation, KnownSymbols symbols)
    {
        foreach (var argument in invocation.Arguments)
        {
            var value = argument.Value;
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            if (argument.Parameter?.Name is "millisecondsTimeout" or "timeout"
                && (value.ConstantValue is { HasValue: true, Value: 0 }
                    || (value is IFieldReferenceOperation { Field.Name: "Zero" } zero && SymbolEqualityComparer.Default.Equals(zero.Field.ContainingType, symbols.TimeSpan))))
            {
                return true;
            }
        }

        return false;
    }
}
