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

    private static void Report(OperationAnalysisContext context, TaskWait wait, IMethodSymbol? function, KnownSymbols symbols)
    {
        if (function is not { IsAsync: true })
        {
            return;
        }

        var fixKind = FixKind(wait);
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
