using System.Collections.Immutable;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Contention.Analyzers.Async;

/// <summary>CTN1007: blocking on a task that is not proven complete, in synchronous code other than <c>Main</c>.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CTN1007SyncOverAsyncAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CTN1007SyncOverAsync);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        TaskWaitSites.Register(context, Report);
    }

    private static void Report(OperationContext context, TaskWait wait, IMethodSymbol? function, ContentionOptions options)
    {
        // No enclosing function: a field or property initializer, which runs in a constructor.
        if ((function is not null && (function.IsAsync || IsEntryPoint(function)))
            || options.ExcludedMethods(DiagnosticIds.CTN1007SyncOverAsync).Matches(context.ContainingSymbol))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CTN1007SyncOverAsync,
            TaskWaitSites.Location(wait),
            wait.Display,
            function is null ? $"the initializer of '{context.ContainingSymbol.Name}'" : Describe(function)));
    }

    /// <summary><c>Main</c> has no caller to make async and no context to deadlock.</summary>
    private static bool IsEntryPoint(IMethodSymbol function) =>
        function.Name == WellKnownMemberNames.TopLevelStatementsEntryPointMethodName
        || (function.IsStatic && function.Name == WellKnownMemberNames.EntryPointMethodName);

    private static string Describe(IMethodSymbol function) => function.MethodKind switch
    {
        MethodKind.AnonymousFunction => "a synchronous lambda",
        MethodKind.LocalFunction => $"synchronous local function '{function.Name}'",
        MethodKind.Constructor or MethodKind.StaticConstructor => $"the constructor of '{function.ContainingType.Name}'",
        MethodKind.PropertyGet or MethodKind.PropertySet => $"the accessor of '{function.AssociatedSymbol?.Name}'",
        _ => $"synchronous method '{function.Name}'",
    };
}
