using System.Collections.Immutable;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Locking;

/// <summary>
/// CTN3004: a lock on an object no other thread can hold: <c>lock (new object())</c>, a local created in the method
/// and used for nothing but locking, or a value type that <c>Monitor.Enter</c> boxes afresh on every call.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CTN3004LockOnFreshObjectAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CTN3004LockOnFreshObject);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var symbols = KnownSymbols.For(start.Compilation);
            LockSites.Register(start, (ctx, value, location) => Analyze(ctx, value, location, symbols));
        });
    }

    private static void Analyze(OperationContext context, IOperation lockedValue, Location location, KnownSymbols symbols)
    {
        var why = lockedValue switch
        {
            IConversionOperation { Operand.Type.IsValueType: true } boxing
                => $"'{boxing.Operand.Syntax}' is a value type that is boxed into a new object on every call",
            _ => Fresh(LockTargets.Unwrap(lockedValue), symbols),
        };
        if (why is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.CTN3004LockOnFreshObject, location, why));
        }
    }

    private static string? Fresh(IOperation target, KnownSymbols symbols)
    {
        switch (target)
        {
            case IObjectCreationOperation or IAnonymousObjectCreationOperation or IArrayCreationOperation:
                return $"'{target.Syntax}' creates a new object on every call";
            case ILocalReferenceOperation local when IsPrivateFreshLocal(local, symbols):
                return $"'{local.Local.Name}' is a new object created in this method and shared with no one";
            default:
                return null;
        }
    }

    /// <summary>A local initialized with a new object and used for nothing but locking in its method.</summary>
    private static bool IsPrivateFreshLocal(ILocalReferenceOperation reference, KnownSymbols symbols)
    {
        var root = reference;
        IOperation top = root;
        while (top.Parent is not null)
        {
            top = top.Parent;
        }

        var createdFresh = false;
        IOperation? declaredIn = null;
        foreach (var operation in top.Descendants())
        {
            if (operation is IVariableDeclaratorOperation found && SymbolEqualityComparer.Default.Equals(found.Symbol, reference.Local))
            {
                declaredIn = EnclosingFunction(found, top);
            }
        }

        foreach (var operation in top.Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, reference.Local):
                    var initializer = declarator.Initializer?.Value;
                    createdFresh = initializer is not null && LockTargets.Unwrap(initializer) is IObjectCreationOperation;
                    if (!createdFresh)
                    {
                        return false;
                    }

                    break;
                case ILocalReferenceOperation use when SymbolEqualityComparer.Default.Equals(use.Local, reference.Local)
                    && (!IsLockUse(use, symbols) || EnclosingFunction(use, top) != declaredIn):
                    // Used for something else, or locked in a lambda that many calls (threads) share: not fresh per call.
                    return false;
            }
        }

        return createdFresh;
    }

    private static bool IsLockUse(IOperation use, KnownSymbols symbols)
    {
        var parent = use.Parent is IConversionOperation conversion ? conversion.Parent : use.Parent;
        return parent is ILockOperation
            || (parent is IArgumentOperation { Parent: IInvocationOperation invocation } argument
                && invocation.Arguments.Length > 0 && invocation.Arguments[0] == argument
                && symbols.IsMonitorMethod(invocation.TargetMethod, "Enter", "TryEnter", "Exit", "Wait", "Pulse", "PulseAll", "IsEntered"));
    }

    /// <summary>The lambda or local function an operation runs in, or the method body (<paramref name="root"/>).</summary>
    private static IOperation EnclosingFunction(IOperation operation, IOperation root)
    {
        for (var current = operation.Parent; current is not null && current != root; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return current;
            }
        }

        return root;
    }
}
