using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Locking;

/// <summary>
/// CTN3006: in async code, a thread-affine lock (<c>Monitor</c>, <c>Mutex</c>, <c>ReaderWriterLockSlim</c>,
/// <c>SpinLock</c>) whose acquisition reaches an <c>await</c> with the lock still held on every path
/// (<see cref="LockFlow"/>); a lock held on some paths only, or whose identity is unknown, is left alone.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CTN3006LockAcrossAwaitAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CTN3006LockAcrossAwait);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var symbols = KnownSymbols.For(start.Compilation);
            var options = ContentionOptions.CreateCache(start.Compilation, start.Options);
            CodeBlocks.Register(start, static (facts, owner) => facts.MayContainAsyncCode(owner) && facts.MentionsAny(LockCalls.AcquisitionNames), block =>
            {
                if (!options(block.SyntaxTree).IsInExcludedType(block.OwningSymbol))
                {
                    block.RegisterOperationAction(ctx => Analyze(ctx, symbols), OperationKind.Invocation);
                }
            });
        });
    }

    private static void Analyze(OperationContext context, KnownSymbols symbols)
    {
        var acquire = (IInvocationOperation)context.Operation;
        if (LockCalls.Acquisition(acquire, symbols) is not { IsThreadAffine: true, Kind: not LockCallKind.Lock } held
            || !AsyncContext.IsInAsyncCode(acquire, context.ContainingSymbol, out var function))
        {
            return;
        }

        // The first await, in the same function, that every path from here reaches with this lock still held
        // (another acquisition of the same lock in between answers for itself, so the search ends there).
        var body = LockScope.FunctionBody(acquire);
        var index = BodyIndex.For(body, symbols);
        var again = index.NextAcquisition(held.Identity, acquire);
        IAwaitOperation? firstAwait = null;
        foreach (var awaited in index.AwaitsAfter(acquire.Syntax.SpanStart))
        {
            if (awaited.Syntax.SpanStart > again)
            {
                break;
            }

            if (IsHeldAt(held.Identity, awaited, symbols, context.CancellationToken))
            {
                firstAwait = awaited;
                break;
            }
        }

        if (firstAwait is null)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CTN3006LockAcrossAwait,
            acquire.Syntax.GetLocation(),
            ImmutableArray.Create(firstAwait.Syntax.GetLocation()),
            held.Display,
            AsyncContext.Describe(function!)));
    }

    private static bool IsHeldAt(LockIdentity identity, IOperation operation, KnownSymbols symbols, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var flowLock in LockFlow.HeldAt(operation, symbols, cancellationToken))
        {
            if (flowLock.Identity.Equals(identity))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The awaits and lock acquisitions written directly in one function body (not in lambdas there), in source order,
    /// gathered once per body however many acquisitions it has.
    /// </summary>
    private sealed class BodyIndex
    {
        private static readonly ConditionalWeakTable<IOperation, BodyIndex> Cache = new();

        private readonly List<IAwaitOperation> _awaits = new();
        private readonly List<(int Start, IInvocationOperation Call, LockIdentity Identity)> _acquisitions = new();

        private BodyIndex(IOperation body, KnownSymbols symbols)
        {
            foreach (var operation in body.Descendants())
            {
                if (operation is IAwaitOperation awaited && LockScope.IsDirectlyIn(operation, body))
                {
                    _awaits.Add(awaited);
                }
                else if (operation is IInvocationOperation call && LockCalls.Acquisition(call, symbols) is { } acquisition && LockScope.IsDirectlyIn(operation, body))
                {
                    _acquisitions.Add((call.Syntax.SpanStart, call, acquisition.Identity));
                }
            }

            _awaits.Sort((x, y) => x.Syntax.SpanStart.CompareTo(y.Syntax.SpanStart));
            _acquisitions.Sort((x, y) => x.Start.CompareTo(y.Start));
        }

        public static BodyIndex For(IOperation body, KnownSymbols symbols) =>
            Cache.TryGetValue(body, out var index) ? index : Cache.GetValue(body, b => new BodyIndex(b, symbols));

        /// <summary>The awaits that start after <paramref name="position"/>, in source order.</summary>
        public IEnumerable<IAwaitOperation> AwaitsAfter(int position)
        {
            for (var i = FirstAfter(_awaits, a => a.Syntax.SpanStart, position); i < _awaits.Count; i++)
            {
                yield return _awaits[i];
            }
        }

        /// <summary>Where the next acquisition of <paramref name="identity"/> after <paramref name="acquire"/> starts; int.MaxValue when none.</summary>
        public int NextAcquisition(LockIdentity identity, IOperation acquire)
        {
            for (var i = FirstAfter(_acquisitions, a => a.Start, acquire.Syntax.SpanStart); i < _acquisitions.Count; i++)
            {
                if (_acquisitions[i].Call != acquire && _acquisitions[i].Identity.Equals(identity))
                {
                    return _acquisitions[i].Start;
                }
            }

            return int.MaxValue;
        }

        private static int FirstAfter<T>(List<T> items, System.Func<T, int> start, int position)
        {
            int low = 0, high = items.Count;
            while (low < high)
            {
                var middle = (low + high) / 2;
                if (start(items[middle]) <= position)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return low;
        }
    }
}
