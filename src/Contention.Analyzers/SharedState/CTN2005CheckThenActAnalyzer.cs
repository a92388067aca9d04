using System.Collections.Immutable;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.SharedState;

/// <summary>
/// CTN2005: check-then-act on a <c>ConcurrentDictionary</c>. An <c>if</c> tests <c>ContainsKey(key)</c> or
/// <c>TryGetValue(key, out ..)</c> and then the same dictionary is written for the same key, with the indexer or
/// <c>TryAdd</c>, in one of the branches or (when the branch for a present key returns) after the <c>if</c>. Each call is
/// atomic, the pair is not. A lone <c>TryAdd</c>, <c>GetOrAdd</c> or <c>AddOrUpdate</c> is one call and is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CTN2005CheckThenActAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CTN2005CheckThenAct);

    private static readonly ImmutableHashSet<string> CheckNames = ImmutableHashSet.Create("ContainsKey", "TryGetValue");

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var dictionary = KnownSymbols.For(start.Compilation).ConcurrentDictionaryOfT;
            if (dictionary is null)
            {
                return;
            }

            var options = ContentionOptions.CreateCache(start.Compilation, start.Options);
            // A check on a ConcurrentDictionary: the block names the type, or a member declared as one.
            CodeBlocks.Register(start, static (facts, _) => facts.MentionsAny(CheckNames), block =>
            {
                if (!(block.Facts.Mentions("ConcurrentDictionary")
                        || block.Facts.MentionsAny(DeclarationIndex.For(block.Compilation, block.CancellationToken).ConcurrentDictionaryMembers)))
                {
                    return;
                }

                var blockOptions = options(block.SyntaxTree);
                if (blockOptions.Excludes(DiagnosticIds.CTN2005CheckThenAct, block.OwningSymbol))
                {
                    return;
                }

                block.RegisterOperationAction(ctx => Analyze(ctx, dictionary), OperationKind.Invocation);
            });
        });
    }

    private static void Analyze(OperationContext context, INamedTypeSymbol dictionary)
    {
        var check = (IInvocationOperation)context.Operation;
        if (Find(check, dictionary) is { } found)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CTN2005CheckThenAct,
                check.Syntax.GetLocation(),
                check.Instance!.Syntax.ToString(),
                check.TargetMethod.Name,
                found.Act is IInvocationOperation ? "TryAdd" : $"[{check.Arguments[0].Value.Syntax}] =",
                found.WhenPresent ? "AddOrUpdate" : "GetOrAdd"));
        }
    }

    /// <summary>The write that acts on the outcome of <paramref name="check"/>, and whether it runs when the key was found.</summary>
    public static (IOperation Act, IConditionalOperation Conditional, bool WhenPresent)? Find(IInvocationOperation check, INamedTypeSymbol dictionary)
    {
        if (check.TargetMethod.Name is not ("ContainsKey" or "TryGetValue")
            || check.Instance is not { } receiver
            || !SymbolEqualityComparer.Default.Equals(receiver.Type?.OriginalDefinition, dictionary)
            || check.Arguments.Length == 0)
        {
            return null;
        }

        IOperation current = check;
        var negated = false;
        while (current.Parent is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } or IConversionOperation)
        {
            negated ^= current.Parent is IUnaryOperation;
            current = current.Parent;
        }

        if (current.Parent is not IConditionalOperation { IsRef: false } conditional || conditional.Condition != current)
        {
            return null;
        }

        var key = check.Arguments[0].Value;
        var whenPresent = negated ? conditional.WhenFalse : conditional.WhenTrue;
        var whenAbsent = negated ? conditional.WhenTrue : conditional.WhenFalse;
        // A write where the key was found is an update (AddOrUpdate), whatever the other branch does.
        if (whenPresent is not null && FindWrite(whenPresent, receiver, key) is { } presentWrite)
        {
            return (presentWrite, conditional, true);
        }

        if (whenAbsent is not null && FindWrite(whenAbsent, receiver, key) is { } absentWrite)
        {
            return (absentWrite, conditional, false);
        }

        // if (d.TryGetValue(k, out var v)) return v; .. d[k] = v;
        if (whenAbsent is null && whenPresent is not null && EndsInReturn(whenPresent) && conditional.Parent is IBlockOperation block)
        {
            var index = block.Operations.IndexOf(conditional);
            for (var i = index + 1; i < block.Operations.Length; i++)
            {
                if (FindWrite(block.Operations[i], receiver, key) is { } laterWrite)
                {
                    return (laterWrite, conditional, false);
                }
            }
        }

        return null;
    }

    private static bool EndsInReturn(IOperation operation) => operation switch
    {
        IReturnOperation or IThrowOperation => true,
        IExpressionStatementOperation { Operation: IThrowOperation } => true,
        IBlockOperation { Operations.Length: > 0 } block => EndsInReturn(block.Operations[block.Operations.Length - 1]),
        _ => false,
    };

    /// <summary><c>d[k] = ..</c>, <c>d[k] op= ..</c> or <c>d.TryAdd(k, ..)</c> on the same dictionary and key.</summary>
    private static IOperation? FindWrite(IOperation scope, IOperation receiver, IOperation key)
    {
        foreach (var operation in scope.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer } assignment
                    when indexer.Instance is { } instance && SharedUpdates.SameVariable(instance, receiver) && SameKey(indexer.Arguments[0].Value, key):
                    return assignment;
                case IInvocationOperation { TargetMethod.Name: "TryAdd", Instance: { } instance, Arguments.Length: > 0 } tryAdd
                    when SharedUpdates.SameVariable(instance, receiver) && SameKey(tryAdd.Arguments[0].Value, key):
                    return tryAdd;
            }
        }

        return null;
    }

    private static bool SameKey(IOperation a, IOperation b)
    {
        a = SharedUpdates.WithoutConversions(a);
        b = SharedUpdates.WithoutConversions(b);
        return a.ConstantValue.HasValue && b.ConstantValue.HasValue
            ? Equals(a.ConstantValue.Value, b.ConstantValue.Value)
            : SharedUpdates.SameVariable(a, b);
    }

}
