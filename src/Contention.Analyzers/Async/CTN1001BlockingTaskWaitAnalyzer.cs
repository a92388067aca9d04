using System.Collections.Immutable;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Async;

/// <summary>CTN1001: <c>.Result</c>, <c>.Wait()</c>, <c>.GetAwaiter().GetResult()</c>, <c>Task.WaitAll/WaitAny</c> in async code.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CTN1001BlockingTaskWaitAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CTN1001BlockingTaskWait);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        TaskWaitSites.Register(context, Report);
    }

    private static void Report(OperationContext context, TaskWait wait, IMethodSymbol? function, ContentionOptions options)
    {
        var symbols = KnownSymbols.For(context.Compilation);
        if (function is not { IsAsync: true })
        {
            return;
        }

        var fixKind = ConsumesValueTaskVariable(wait, symbols) ? null : FixKind(wait);
        var properties = fixKind is null
            ? ImmutableDictionary<string, string?>.Empty
            : ImmutableDictionary<string, string?>.Empty.Add(PropertyNames.FixKind, fixKind);
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CTN1001BlockingTaskWait,
            TaskWaitSites.Location(wait),
            properties,
            wait.Display,
            AsyncContext.Describe(function)));
    }

    /// <summary>A value task may be awaited only once; one held in a variable may have been consumed already.</summary>
    private static bool ConsumesValueTaskVariable(TaskWait wait, KnownSymbols symbols)
    {
        foreach (var task in wait.Tasks)
        {
            if (symbols.IsValueTask(task.Type) && TaskWaits.UnwrapTask(task, symbols) is ILocalReferenceOperation or IParameterReferenceOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Only rewrites that keep the meaning: a timed or cancellable wait returns or throws differently.</summary>
    private static string? FixKind(TaskWait wait)
    {
        var invocation = wait.Operation as IInvocationOperation;
        return wait.Kind switch
        {
            TaskWaitKind.Result or TaskWaitKind.GetResult => PropertyNames.FixAwait,
            TaskWaitKind.Wait when invocation!.Arguments.IsEmpty => PropertyNames.FixAwait,
            TaskWaitKind.WaitAll when invocation!.TargetMethod.Parameters.Length == 1 => PropertyNames.FixAwaitWhenAll,
            TaskWaitKind.WaitAny when invocation!.TargetMethod.Parameters.Length == 1 && invocation.Parent is IExpressionStatementOperation
                => PropertyNames.FixAwaitWhenAny,
            _ => null,
        };
    }
}
