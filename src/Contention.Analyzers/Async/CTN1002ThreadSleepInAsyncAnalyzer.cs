using System.Collections.Immutable;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Async;

/// <summary>CTN1002: <c>Thread.Sleep</c> inside async code blocks the thread the continuation runs on.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CTN1002ThreadSleepInAsyncAnalyzer : DiagnosticAnalyzer
{
    private static readonly ImmutableHashSet<string> TriggerNames = ImmutableHashSet.Create("Sleep");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CTN1002ThreadSleepInAsync);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var symbols = KnownSymbols.For(start.Compilation);
            if (symbols.ThreadSleep.IsEmpty)
            {
                return;
            }

            var options = ContentionOptions.CreateCache(start.Compilation, start.Options);
            CodeBlocks.Register(start, static (facts, owner) => facts.MentionsAny(TriggerNames) && facts.MayContainAsyncCode(owner), block =>
            {
                if (!options(block.SyntaxTree).IsInExcludedType(block.OwningSymbol))
                {
                    block.RegisterOperationAction(ctx => AnalyzeInvocation(ctx, symbols), OperationKind.Invocation);
                }
            });
        });
    }

    private static void AnalyzeInvocation(OperationContext context, KnownSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!KnownSymbols.IsOneOf(invocation.TargetMethod, symbols.ThreadSleep)
            || IsZeroDelay(invocation)
            || !AsyncContext.IsInAsyncCode(invocation, context.ContainingSymbol, out var function))
        {
            return;
        }

        var token = CancellationTokens.FindInScope(invocation, symbols);
        var properties = token is null
            ? ImmutableDictionary<string, string?>.Empty
            : ImmutableDictionary<string, string?>.Empty.Add(PropertyNames.CancellationToken, token.Name);

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CTN1002ThreadSleepInAsync,
            invocation.Syntax.GetLocation(),
            properties,
            AsyncContext.Describe(function!)));
    }

    /// <summary><c>Thread.Sleep(0)</c> only yields the time slice; it does not hold the thread.</summary>
    private static bool IsZeroDelay(IInvocationOperation invocation)
    {
        if (invocation.Arguments.Length != 1)
        {
            return false;
        }

        var value = invocation.Arguments[0].Value.ConstantValue;
        return value.HasValue && value.Value is int milliseconds && milliseconds == 0;
    }
}
