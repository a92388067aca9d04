using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Benchmarks.Analysis;

/// <summary>
/// The work our rules share, done once before any rule runs, so that a rule's execution time is its own: every code
/// block bound through the driver's semantic model, its operations listed (<see cref="CodeBlock.Walk"/>), its
/// <see cref="CodeFacts"/> read, the lock dataflow (<see cref="LockFlow"/>, with Roslyn's control-flow graph under it)
/// built for every function that names an acquisition, and the <see cref="DeclarationIndex"/>. It runs in the
/// compilation start action, which the driver finishes before any code block action of any analyzer starts; the
/// models it binds with are the driver's (<c>Compilation.GetSemanticModel</c> on the analysis compilation), so the
/// rules find the same operation trees and hit the caches. Used only to split the per-rule times; it binds every
/// block, where our rules bind about one in six, so the run it is in is never used for our total cost.
/// </summary>
/// <remarks>Instantiated by the benchmarks only, never loaded by a compiler.</remarks>
#pragma warning disable RS1036, RS1038, RS1041, RS1001
public sealed class SharedWorkAnalyzer : DiagnosticAnalyzer
#pragma warning restore RS1036, RS1038, RS1041, RS1001
{
    public const string Name = "shared work";

#pragma warning disable RS2008, RS1017 // No release tracking for a benchmark-only descriptor.
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(new DiagnosticDescriptor(
        "BENCH0SHARED", "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true));
#pragma warning restore RS2008, RS1017

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
#pragma warning disable RS1012 // It registers nothing on purpose: the work is the point.
        context.RegisterCompilationStartAction(static start => Warm(start.Compilation, start.CancellationToken));
#pragma warning restore RS1012
    }

    /// <summary>How long the last run's shared work took, in three parts (one compilation at a time is analyzed here).</summary>
    public static SharedWorkTimes Last { get; private set; } = new(0, 0, 0);

    private static void Warm(Compilation compilation, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var symbols = KnownSymbols.For(compilation);
        DeclarationIndex.For(compilation, cancellationToken);
        var withLocks = new List<IReadOnlyList<IOperation>>();
        foreach (var tree in compilation.SyntaxTrees)
        {
#pragma warning disable RS1030 // On purpose: the analysis compilation's model is the driver's, shared with the rules.
            var model = compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
            var root = tree.GetRoot(cancellationToken);
            foreach (var (node, owner) in CodeBlocksOf(root, model, cancellationToken))
            {
                var mentionsAcquisition = CodeFacts.Of(node).MentionsAny(LockCalls.AcquisitionNames);
                foreach (var operation in CodeBlock.Bind(node, owner, model, cancellationToken))
                {
                    var walk = CodeBlock.Walk(operation);
                    if (mentionsAcquisition)
                    {
                        withLocks.Add(walk);
                    }
                }
            }
        }

        // Roslyn's control-flow graphs alone, built once more (and dropped) only to tell their cost from our dataflow's.
        var bound = Stopwatch.GetTimestamp();
        foreach (var walk in withLocks)
        {
            _ = walk[0] switch
            {
                IMethodBodyOperation body => ControlFlowGraph.Create(body, cancellationToken),
                IConstructorBodyOperation body => ControlFlowGraph.Create(body, cancellationToken),
                IBlockOperation body => ControlFlowGraph.Create(body, cancellationToken),
                _ => null,
            };
        }

        var graphs = Stopwatch.GetTimestamp();
        foreach (var walk in withLocks)
        {
            LockFlow.For(walk[0], symbols, cancellationToken);
            foreach (var function in walk.OfType<IAnonymousFunctionOperation>())
            {
                LockFlow.For(function.Body, symbols, cancellationToken);
            }

            foreach (var function in walk.OfType<ILocalFunctionOperation>())
            {
                if (function.Body is { } body)
                {
                    LockFlow.For(body, symbols, cancellationToken);
                }
            }
        }

        var flows = Stopwatch.GetTimestamp();
        Last = new SharedWorkTimes(
            Stopwatch.GetElapsedTime(started, bound).TotalMilliseconds,
            Stopwatch.GetElapsedTime(bound, graphs).TotalMilliseconds,
            Math.Max(0, Stopwatch.GetElapsedTime(graphs, flows).TotalMilliseconds - Stopwatch.GetElapsedTime(bound, graphs).TotalMilliseconds));
    }

    /// <summary>The code blocks the driver hands to code block actions, with their owners, and every type declaration's facts.</summary>
    private static IEnumerable<(SyntaxNode Node, ISymbol Owner)> CodeBlocksOf(SyntaxNode root, SemanticModel model, CancellationToken cancellationToken)
    {
        if (root is CompilationUnitSyntax { Members: var members } unit && members.Any(m => m is GlobalStatementSyntax)
            && model.GetDeclaredSymbol(unit, cancellationToken) is { } program)
        {
            yield return (unit, program);
        }

        foreach (var node in root.DescendantNodes(static n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax
                     or BasePropertyDeclarationSyntax or AccessorListSyntax))
        {
            switch (node)
            {
                case TypeDeclarationSyntax type:
                    CodeFacts.Of(type);
                    break;
                case BaseMethodDeclarationSyntax or AccessorDeclarationSyntax when model.GetDeclaredSymbol(node, cancellationToken) is { } method:
                    yield return (node, method);
                    break;
                case ArrowExpressionClauseSyntax { Parent: BasePropertyDeclarationSyntax property } arrow
                    when model.GetDeclaredSymbol(property, cancellationToken) is IPropertySymbol { GetMethod: { } getter }:
                    yield return (arrow, getter);
                    break;
                case PropertyDeclarationSyntax { Initializer: not null } property when model.GetDeclaredSymbol(property, cancellationToken) is { } initialized:
                    yield return (property, initialized);
                    break;
                case BaseFieldDeclarationSyntax field:
                    foreach (var variable in field.Declaration.Variables)
                    {
                        if (variable.Initializer is not null && model.GetDeclaredSymbol(variable, cancellationToken) is { } declared)
                        {
                            yield return (field, declared);
                        }
                    }

                    break;
            }
        }
    }
}

/// <summary>
/// The parts of <see cref="SharedWorkAnalyzer"/>'s work: binding (with operation lists, text facts and the declarations
/// index), Roslyn's control-flow graphs, and our lock dataflow over them (its time with the graphs, minus the graphs').
/// </summary>
public sealed record SharedWorkTimes(double BindingMs, double GraphsMs, double LockFlowMs);
