using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Analysis;

/// <summary>
/// Answers "does this operation run as part of async code": the innermost function that contains it
/// (method, local function, lambda or anonymous method, top-level statements) is <c>async</c>.
/// A synchronous lambda inside an async method is synchronous code: it runs wherever its caller runs it.
/// </summary>
public static partial class AsyncContext
{
    /// <summary>
    /// The innermost function containing <paramref name="operation"/>. <paramref name="containingSymbol"/>
    /// is the symbol the operation action reports as containing (the member whose body is analyzed).
    /// </summary>
    public static IMethodSymbol? GetEnclosingFunction(IOperation operation, ISymbol containingSymbol)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation lambda:
                    return lambda.Symbol;
                case ILocalFunctionOperation localFunction:
                    return localFunction.Symbol;
            }
        }

        return containingSymbol as IMethodSymbol;
    }

    /// <summary>True when the innermost function containing <paramref name="operation"/> is async.</summary>
    public static bool IsInAsyncCode(IOperation operation, ISymbol containingSymbol, out IMethodSymbol? function)
    {
        function = GetEnclosingFunction(operation, containingSymbol);
        return function is { IsAsync: true };
    }

    /// <summary>How a message names an async function: "async method 'LoadAsync'", "an async lambda", ...</summary>
    public static string Describe(IMethodSymbol function)
    {
        switch (function.MethodKind)
        {
            case MethodKind.AnonymousFunction:
                return "an async lambda";
            case MethodKind.LocalFunction:
                return $"async local function '{function.Name}'";
        }

        if (function.Name == WellKnownMemberNames.TopLevelStatementsEntryPointMethodName)
        {
            return "async top-level statements";
        }

        return $"async method '{function.Name}'";
    }
}
