using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Contention.Benchmarks.Analysis;

/// <summary>
/// Floors below any IOperation-based package: what the driver costs once an analyzer asks for operations, and once
/// there are as many analyzers as we have rules, and the floor of
/// what our rules register instead of operation actions (a code block action). <c>--floors</c> adds them to the quick run.
/// </summary>
public static class FloorAnalyzers
{
    /// <summary>The empty IOperation analyzer: what binding every member again costs, the floor under any rule that looks at it.</summary>
    public static AnalyzerSet BindingFloor { get; } = AnalyzerSet.Floor("empty IOperation analyzer", new[] { new EmptyOperationAnalyzer(0, codeBlocks: false) });

    public static IEnumerable<AnalyzerSet> Sets()
    {
        yield return BindingFloor;
        yield return AnalyzerSet.Floor("29 empty IOperation analyzers", Enumerable.Range(0, 29).Select(i => new EmptyOperationAnalyzer(i, codeBlocks: false)));
        yield return AnalyzerSet.Floor("29 empty code block analyzers", Enumerable.Range(0, 29).Select(i => new EmptyOperationAnalyzer(i, codeBlocks: true)));
        yield return AnalyzerSet.Floor("29 code block analyzers reading CodeFacts", Enumerable.Range(0, 29).Select(i => new EmptyOperationAnalyzer(i, codeBlocks: true, facts: true)));
        yield return AnalyzerSet.Floor("29 code block analyzers, 8 of them per type", Enumerable.Range(0, 29).Select(i => new EmptyOperationAnalyzer(i, codeBlocks: true, perType: i < 8)));
        yield return AnalyzerSet.Floor("29 code block analyzers, 8 with a type symbol action", Enumerable.Range(0, 29).Select(i => new EmptyOperationAnalyzer(i, codeBlocks: true, typeAction: i < 8)));
    }

    /// <remarks>Instantiated by the benchmarks only, never loaded by a compiler.</remarks>
#pragma warning disable RS1036, RS1038, RS1041, RS1001
    private sealed class EmptyOperationAnalyzer : DiagnosticAnalyzer
#pragma warning restore RS1036, RS1038, RS1041, RS1001
    {
        private readonly bool _codeBlocks;
        private readonly bool _facts;

        private readonly bool _perType;
        private readonly bool _typeAction;

        public EmptyOperationAnalyzer(int index, bool codeBlocks, bool facts = false, bool perType = false, bool typeAction = false)
        {
            _typeAction = typeAction;
            _perType = perType;
            _codeBlocks = codeBlocks;
            _facts = facts;
#pragma warning disable RS2008, RS1017 // No release tracking for a benchmark-only descriptor.
            SupportedDiagnostics = ImmutableArray.Create(new DiagnosticDescriptor(
                "BENCH1" + index.ToString("000", System.Globalization.CultureInfo.InvariantCulture), "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true));
#pragma warning restore RS2008, RS1017
        }

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            if (_codeBlocks)
            {
                // What our rules register instead of operation actions: a code block action.
                if (_typeAction)
                {
                    context.RegisterCompilationStartAction(static start =>
                    {
                        start.RegisterCodeBlockAction(static _ => { });
                        start.RegisterSymbolAction(static type => CodeFacts.OfTypeAny((INamedTypeSymbol)type.Symbol, static _ => false, type.CancellationToken), SymbolKind.NamedType);
                    });
                }
                else if (_perType)
                {
                    // What our rules that judge a whole type register: a symbol start, code blocks inside it, a symbol end.
                    context.RegisterCompilationStartAction(static start => start.RegisterSymbolStartAction(
                        static type =>
                        {
                            type.RegisterCodeBlockAction(static _ => { });
                            type.RegisterSymbolEndAction(static _ => { });
                        },
                        SymbolKind.NamedType));
                }
                else if (_facts)
                {
                    // The token scan every block gets once, shared by the rules (Contention.Analyzers.Analysis.CodeFacts).
                    context.RegisterCompilationStartAction(static start => start.RegisterCodeBlockAction(static block => CodeFacts.Of(block.CodeBlock)));
                }
                else
                {
                    context.RegisterCompilationStartAction(static start => start.RegisterCodeBlockAction(static _ => { }));
                }
            }
            else
            {
                context.RegisterOperationAction(static _ => { }, OperationKind.Invocation);
            }
        }
    }
}
