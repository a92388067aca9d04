using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Async;

/// <summary>
/// CTN1005: async code calls a synchronous method of the same compilation that blocks, directly or through up to
/// <c>contention.CTN1005.max_depth</c> calls, or a method declared blocking. Calls from async code are gathered as the
/// compiler analyzes each block; at compilation end each callee's body is bound and summarized on demand (a callee can
/// live anywhere), so the synchronous methods async code never reaches are never bound.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CTN1005BlockingViaSyncCallAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CTN1005BlockingViaSyncCall);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var symbols = KnownSymbols.For(start.Compilation);
            if (symbols.Task is null)
            {
                return;
            }

            var twins = AsyncTwin.For(start.Compilation);
            var options = ContentionOptions.CreateCache(start.Compilation, start.Options);
            var summaries = new MethodSummaries(start.Compilation, symbols, twins, options, start.Options);
            var calls = new ConcurrentBag<AsyncCall>();
            // Only async code is bound here; a callee's body is bound when a call from async code asks about it.
            CodeBlocks.Register(
                start,
                static (facts, owner) => facts.MayContainAsyncCode(owner),
                block => CollectAsyncCalls(block.OwningSymbol, block.OperationBlocks, twins, options(block.SyntaxTree), calls));
            start.RegisterCompilationEndAction(end =>
            {
                foreach (var call in calls)
                {
                    end.CancellationToken.ThrowIfCancellationRequested();
                    var path = call.DeclaredBlocking
                        ? new BlockingPath(ImmutableArray.Create(call.Callee.ContainingType.Name + "." + call.Callee.Name), call.Location)
                        : summaries.Blocks(call.Callee, call.MaxDepth, end.CancellationToken);
                    if (path is not null)
                    {
                        end.ReportDiagnostic(Diagnostic.Create(
                            Descriptors.CTN1005BlockingViaSyncCall,
                            call.Location,
                            ImmutableArray.Create(path.Site),
                            call.Function,
                            path.Display));
                    }
                }
            });
        });
    }

    /// <summary>Calls from async code to synchronous methods of this compilation, or to methods declared blocking.</summary>
    private static void CollectAsyncCalls(
        ISymbol owner, ImmutableArray<IOperation> blocks, AsyncTwin twins, ContentionOptions options, ConcurrentBag<AsyncCall> calls)
    {
        if (options.IsInExcludedType(owner))
        {
            return;
        }

        foreach (var block in blocks)
        {
            foreach (var operation in CodeBlock.Walk(block))
            {
                if (operation is not IInvocationOperation invocation
                    || !AsyncContext.IsInAsyncCode(invocation, owner, out var function))
                {
                    continue;
                }

                var callee = invocation.TargetMethod;
                var declared = MethodSummaries.IsDeclaredBlocking(callee, options);
                if ((declared || MethodSummaries.IsSummarized(callee))
                    && twins.Find(invocation, function) is null // CTN1003 reports this call already
                    && !options.ExcludedMethods(DiagnosticIds.CTN1005BlockingViaSyncCall).Matches(callee))
                {
                    calls.Add(new AsyncCall(callee.OriginalDefinition, invocation.Syntax.GetLocation(), AsyncContext.Describe(function!), options.MaxDepth, declared));
                }
            }
        }
    }

    private sealed class AsyncCall
    {
        public AsyncCall(IMethodSymbol callee, Location location, string function, int maxDepth, bool declaredBlocking)
        {
            Callee = callee;
            Location = location;
            Function = function.Length > 0 ? char.ToUpperInvariant(function[0]) + function.Substring(1) : function;
            MaxDepth = maxDepth;
            DeclaredBlocking = declaredBlocking;
        }

        public IMethodSymbol Callee { get; }

        public Location Location { get; }

        public string Function { get; }

        public int MaxDepth { get; }

        public bool DeclaredBlocking { get; }
    }
}
