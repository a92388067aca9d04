using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Analysis;

/// <summary>A lock taken by an explicit call and still held at some point: its identity, kind and first acquisition.</summary>
public readonly struct FlowLock
{
    public FlowLock(LockIdentity identity, LockCallKind kind, SyntaxNode acquisition)
    {
        Identity = identity;
        Kind = kind;
        Acquisition = acquisition;
    }

    public LockIdentity Identity { get; }

    public LockCallKind Kind { get; }

    /// <summary>The call that took it (the first one in the function, when several take the same lock).</summary>
    public SyntaxNode Acquisition { get; }
}

/// <summary>
/// Which locks taken by explicit calls (<see cref="LockCalls"/>, and <c>Lock.EnterScope()</c> until its scope is
/// disposed) are held at each point of a function, worked out on Roslyn's control-flow graph. It is a must-analysis:
/// a lock counts as held only when it is held on every path that reaches the point, so an acquisition on one branch,
/// a <c>TryEnter</c> whose result is unchecked, or code after a <c>finally</c> that may have released it count as not
/// held. Checked results are followed: <c>if (Monitor.TryEnter(o))</c>, <c>var ok = sem.Wait(0); if (!ok) return;</c>,
/// <c>Enter(o, ref taken)</c> with <c>if (taken)</c>. A <c>catch</c> or <c>finally</c> starts with the locks held
/// everywhere in its <c>try</c>. <c>lock</c> statements are lexical and left to <see cref="LockScope"/>.
/// Graphs are built only for functions that mention an acquisition, once per function, and cached.
/// </summary>
public sealed class LockFlow
{
    /// <summary>A loop over the graph that has not settled after this many passes is given up on (nothing held).</summary>
    private const int MaxPasses = 64;

    private static readonly ConditionalWeakTable<IOperation, RootFlows> Cache = new();

    private readonly ControlFlowGraph _graph;
    private readonly KnownSymbols _symbols;
    private readonly Dictionary<SyntaxNode, (BasicBlock Block, int Index)> _points = new();
    private readonly Dictionary<SyntaxNode, (BasicBlock Block, int Index)> _implicitPoints = new();
    private readonly Dictionary<CaptureId, IOperation> _captures = new();
    private readonly Dictionary<ILocalSymbol, (LockIdentity Identity, bool TakenWhen)> _flags = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<object, LockIdentity> _scopes = new();
    private readonly Dictionary<LockIdentity, FlowLock> _locks = new();
    private readonly ImmutableHashSet<LockIdentity>?[] _in;
    private readonly ImmutableHashSet<LockIdentity>?[] _out;
    private readonly ImmutableHashSet<LockIdentity>[]?[] _statesBefore;

    /// <summary>Per block, what its calls do to the locks held, in order; computed once, so a pass over the graph never walks operations.</summary>
    private readonly Effect[][] _effects;

    private LockFlow(ControlFlowGraph graph, KnownSymbols symbols, CancellationToken cancellationToken)
    {
        _graph = graph;
        _symbols = symbols;
        _in = new ImmutableHashSet<LockIdentity>?[graph.Blocks.Length];
        _out = new ImmutableHashSet<LockIdentity>?[graph.Blocks.Length];
        _statesBefore = new ImmutableHashSet<LockIdentity>[]?[graph.Blocks.Length];
        _effects = new Effect[graph.Blocks.Length][];
        Index();
        if (_locks.Count > 0)
        {
            Solve(cancellationToken);
        }
    }

    /// <summary>The explicit locks held on every path to <paramref name="operation"/>, in its own function.</summary>
    public static ImmutableArray<FlowLock> HeldAt(IOperation operation, KnownSymbols symbols, CancellationToken cancellationToken = default)
    {
        var flow = For(operation, symbols, cancellationToken);
        return flow is null ? ImmutableArray<FlowLock>.Empty : flow.Held(operation);
    }

    /// <summary>The flow of the function <paramref name="operation"/> runs in, or null when it takes no explicit lock.</summary>
    public static LockFlow? For(IOperation operation, KnownSymbols symbols, CancellationToken cancellationToken = default)
    {
        var root = operation;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        if (root.SemanticModel is null)
        {
            return null;
        }

        var flows = Cache.GetValue(root, static r => new RootFlows(r));
        return flows.Mentions ? flows.Get(EnclosingFunction(operation), symbols, cancellationToken) : null;
    }

    /// <summary>The explicit locks held on every path to <paramref name="operation"/>, which must be in this flow's function.</summary>
    public ImmutableArray<FlowLock> Held(IOperation operation)
    {
        if (_locks.Count == 0 || !TryFindPoint(operation.Syntax, out var block, out var index) || _in[block.Ordinal] is not { } state)
        {
            return ImmutableArray<FlowLock>.Empty;
        }

        if (index > 0)
        {
            state = StatesBefore(block, state)[Math.Min(index, block.Operations.Length)];
        }

        if (state.IsEmpty)
        {
            return ImmutableArray<FlowLock>.Empty;
        }

        var builder = ImmutableArray.CreateBuilder<FlowLock>(state.Count);
        foreach (var identity in state)
        {
            if (_locks.TryGetValue(identity, out var held))
            {
                builder.Add(held);
            }
        }

        // Set order varies; callers name the first one, so make it the same on every run.
        builder.Sort((x, y) => x.Acquisition.SpanStart.CompareTo(y.Acquisition.SpanStart));
        return builder.ToImmutable();
    }

    /// <summary>
    /// The state before each operation of <paramref name="block"/> (and after its last), computed once per block: a
    /// long straight-line body asked about at every call would otherwise replay the block from its start each time.
    /// Built by whichever thread asks first; a copy built at the same time by another thread is equal.
    /// </summary>
    private ImmutableHashSet<LockIdentity>[] StatesBefore(BasicBlock block, ImmutableHashSet<LockIdentity> entry)
    {
        if (Volatile.Read(ref _statesBefore[block.Ordinal]) is { } cached)
        {
            return cached;
        }

        var states = new ImmutableHashSet<LockIdentity>[block.Operations.Length + 1];
        states[0] = entry;
        var effects = _effects[block.Ordinal];
        var next = 0;
        for (var i = 0; i < block.Operations.Length; i++)
        {
            var state = states[i];
            for (; next < effects.Length && effects[next].Operation == i; next++)
            {
                state = effects[next].Apply(state);
            }

            states[i + 1] = state;
        }

        return Interlocked.CompareExchange(ref _statesBefore[block.Ordinal], states, null) ?? states;
    }

    /// <summary>The lambda, local function or member whose body <paramref name="operation"/> runs in.</summary>
    private static IOperation EnclosingFunction(IOperation operation)
    {
        var body = LockScope.FunctionBody(operation);
        return body.Parent ?? body;
    }

    /// <summary>
    /// Where <paramref name="syntax"/> starts running: its own node, else the first node inside it that runs (a
    /// <c>lock</c> statement starts with its locked expression), else the nearest node around it that does.
    /// </summary>
    private bool TryFindPoint(SyntaxNode syntax, out BasicBlock block, out int index)
    {
        if (!TryGetPoint(syntax, out block, out index))
        {
            foreach (var node in syntax.DescendantNodes())
            {
                if (TryGetPoint(node, out block, out index))
                {
                    return true;
                }
            }

            for (var node = syntax.Parent; node is not null; node = node.Parent)
            {
                if (TryGetPoint(node, out block, out index))
                {
                    return true;
                }
            }

            return false;
        }

        return true;
    }

    private bool TryGetPoint(SyntaxNode node, out BasicBlock block, out int index)
    {
        if (_points.TryGetValue(node, out var point) || _implicitPoints.TryGetValue(node, out point))
        {
            block = point.Block;
            index = point.Index;
            return true;
        }

        block = null!;
        index = 0;
        return false;
    }

    /// <summary>One pass over the graph: where each syntax node is evaluated, flow captures, lock flags, acquisitions.</summary>
    private void Index()
    {
        var flagWrites = new Dictionary<ILocalSymbol, int>(SymbolEqualityComparer.Default);
        var invocations = new List<(int Operation, IInvocationOperation Invocation)>[_graph.Blocks.Length];
        foreach (var block in _graph.Blocks)
        {
            var calls = invocations[block.Ordinal] = new List<(int, IInvocationOperation)>();
            var count = block.Operations.Length + (block.BranchValue is null ? 0 : 1);
            for (var i = 0; i < count; i++)
            {
                var root = i < block.Operations.Length ? block.Operations[i] : block.BranchValue!;
                foreach (var operation in root.DescendantsAndSelf())
                {
                    // Where code is written, it is found where it runs; compiler-made code (a lock statement's own
                    // Enter, a using's Dispose) stands for syntax that has no code of its own, at its first use.
                    var points = operation.IsImplicit ? _implicitPoints : _points;
                    if (!points.ContainsKey(operation.Syntax))
                    {
                        points.Add(operation.Syntax, (block, i));
                    }

                    switch (operation)
                    {
                        case IFlowCaptureOperation capture:
                            _captures[capture.Id] = capture.Value;
                            break;
                        case IInvocationOperation invocation:
                            calls.Add((i, invocation));
                            if (!invocation.IsImplicit)
                            {
                                IndexAcquisition(invocation, flagWrites);
                            }

                            break;
                        case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } assignment:
                            IndexFlagWrite(local.Local, assignment.Value, flagWrites);
                            break;
                    }
                }
            }
        }

        // A flag also written with anything but false or one acquisition's result says nothing for sure.
        foreach (var pair in flagWrites)
        {
            if (pair.Value < 0)
            {
                _flags.Remove(pair.Key);
            }
        }

        // Scopes are all known now: what each call does to the held locks.
        var effects = new List<Effect>();
        foreach (var block in _graph.Blocks)
        {
            effects.Clear();
            foreach (var (operation, invocation) in invocations[block.Ordinal])
            {
                if (EffectOf(invocation) is { } effect)
                {
                    effects.Add(new Effect(operation, effect.Identity, effect.Takes));
                }
            }

            _effects[block.Ordinal] = effects.ToArray();
        }
    }

    private void IndexAcquisition(IInvocationOperation invocation, Dictionary<ILocalSymbol, int> flagWrites)
    {
        if (LockCalls.Acquisition(invocation, _symbols) is { } acquisition)
        {
            Remember(acquisition.Identity, acquisition.Kind, invocation.Syntax);
            if (LockCalls.LockTakenArgument(invocation) is ILocalReferenceOperation taken)
            {
                AddFlag(taken.Local, (acquisition.Identity, true), flagWrites);
            }
        }
        else if (LockCalls.ScopeAcquisition(invocation, _symbols) is { } scope)
        {
            Remember(scope, LockCallKind.Lock, invocation.Syntax);
            switch (invocation.Parent)
            {
                case IFlowCaptureOperation capture:
                    _scopes[capture.Id] = scope;
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local }:
                    _scopes[local.Local] = scope;
                    break;
            }
        }
    }

    private void Remember(LockIdentity identity, LockCallKind kind, SyntaxNode syntax)
    {
        if (!_locks.ContainsKey(identity))
        {
            _locks.Add(identity, new FlowLock(identity, kind, syntax));
        }
    }

    private void IndexFlagWrite(ILocalSymbol local, IOperation value, Dictionary<ILocalSymbol, int> flagWrites)
    {
        if (local.Type.SpecialType != SpecialType.System_Boolean)
        {
            return;
        }

        if (value.ConstantValue is { HasValue: true, Value: false })
        {
            return; // bool taken = false;
        }

        if (Condition(value) is { } condition)
        {
            AddFlag(local, condition, flagWrites);
        }
        else
        {
            flagWrites[local] = -1;
        }
    }

    private void AddFlag(ILocalSymbol local, (LockIdentity Identity, bool TakenWhen) condition, Dictionary<ILocalSymbol, int> flagWrites)
    {
        flagWrites.TryGetValue(local, out var writes);
        if (writes < 0 || writes > 0 && !_flags[local].Equals(condition))
        {
            flagWrites[local] = -1;
            return;
        }

        _flags[local] = condition;
        flagWrites[local] = writes + 1;
    }

    /// <summary>A value that tells whether a lock was taken: a <c>Try*</c> call, a timed wait, a flag, or its negation.</summary>
    private (LockIdentity Identity, bool TakenWhen)? Condition(IOperation value)
    {
        var polarity = true;
        for (var depth = 0; depth < 8; depth++)
        {
            switch (value)
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    polarity = !polarity;
                    value = not.Operand;
                    continue;
                case IConversionOperation { IsImplicit: true } conversion:
                    value = conversion.Operand;
                    continue;
                case IFlowCaptureReferenceOperation reference when _captures.TryGetValue(reference.Id, out var captured):
                    value = captured;
                    continue;
                case IAwaitOperation awaited:
                    value = awaited.Operation is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured } ? configured : awaited.Operation;
                    if (value is IInvocationOperation { TargetMethod.Name: "WaitAsync" } waitAsync && LockCalls.ReturnsWhetherTaken(waitAsync)
                        && LockCalls.Acquisition(waitAsync, _symbols) is { } awaitedAcquisition)
                    {
                        return (awaitedAcquisition.Identity, polarity);
                    }

                    return null;
                case IInvocationOperation invocation when LockCalls.ReturnsWhetherTaken(invocation) && invocation.TargetMethod.Name != "WaitAsync":
                    return LockCalls.Acquisition(invocation, _symbols) is { } acquisition ? (acquisition.Identity, polarity) : null;
                case ILocalReferenceOperation local when _flags.TryGetValue(local.Local, out var flag):
                    return (flag.Identity, flag.TakenWhen == polarity);
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>What one call does to the held locks: unconditional acquisitions take, releases give back; null for anything else.</summary>
    private (LockIdentity Identity, bool Takes)? EffectOf(IInvocationOperation invocation)
    {
        if (invocation.IsImplicit)
        {
            // Compiler-made calls: a lock statement's own Enter/Exit (lexical, not ours), or a using's Dispose.
            return invocation.TargetMethod.Name == "Dispose" && ScopeOf(invocation.Instance) is { } implicitlyDisposed ? (implicitlyDisposed, false) : null;
        }

        if (LockCalls.Acquisition(invocation, _symbols) is { } acquisition)
        {
            return LockCalls.IsConditional(invocation) ? null : (acquisition.Identity, true);
        }

        if (LockCalls.ScopeAcquisition(invocation, _symbols) is { } scope)
        {
            return (scope, true);
        }

        if (LockCalls.Released(invocation, _symbols) is { } released)
        {
            return (released, false);
        }

        return invocation.TargetMethod.Name == "Dispose" && ScopeOf(invocation.Instance) is { } disposed ? (disposed, false) : null;
    }

    private LockIdentity? ScopeOf(IOperation? instance)
    {
        while (instance is IConversionOperation conversion)
        {
            instance = conversion.Operand;
        }

        return instance switch
        {
            IFlowCaptureReferenceOperation capture when _scopes.TryGetValue(capture.Id, out var scope) => scope,
            ILocalReferenceOperation local when _scopes.TryGetValue(local.Local, out var scope) => scope,
            _ => null,
        };
    }

    /// <summary>
    /// Forward must-analysis to a fixed point: a block starts with what every way into it holds. Passes go over the
    /// blocks in order but visit only blocks whose inputs changed, so a long body costs a pass or two over its blocks
    /// plus one more short pass per loop, not a full pass per loop.
    /// </summary>
    private void Solve(CancellationToken cancellationToken)
    {
        var blocks = _graph.Blocks;
        var dependents = Dependents();
        var dirty = new bool[blocks.Length];
        dirty[0] = true;
        _in[0] = ImmutableHashSet<LockIdentity>.Empty;
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var any = false;
            foreach (var block in blocks)
            {
                if (!dirty[block.Ordinal])
                {
                    continue;
                }

                dirty[block.Ordinal] = false;
                any = true;
                var entry = block.Ordinal == 0 ? _in[0] : Entry(block);
                if (entry is null)
                {
                    continue;
                }

                var exit = entry;
                foreach (var effect in _effects[block.Ordinal])
                {
                    exit = effect.Apply(exit);
                }

                if (!SetEquals(_in[block.Ordinal], entry) || !SetEquals(_out[block.Ordinal], exit))
                {
                    _in[block.Ordinal] = entry;
                    _out[block.Ordinal] = exit;
                    foreach (var dependent in dependents[block.Ordinal])
                    {
                        dirty[dependent] = true;
                    }
                }
            }

            if (!any)
            {
                return;
            }
        }

        // No fixed point within the bound: claim nothing.
        System.Array.Clear(_in, 0, _in.Length);
    }

    /// <summary>
    /// For each block, the blocks whose entry reads its state: its successors, the destinations of branches that run
    /// a finally it ends, and the handlers of try regions it is in.
    /// </summary>
    private List<int>[] Dependents()
    {
        var blocks = _graph.Blocks;
        var dependents = new List<int>[blocks.Length];
        for (var i = 0; i < dependents.Length; i++)
        {
            dependents[i] = new List<int>();
        }

        foreach (var block in blocks)
        {
            foreach (var branch in block.Predecessors)
            {
                dependents[branch.Source.Ordinal].Add(block.Ordinal);
                foreach (var finallyRegion in branch.FinallyRegions)
                {
                    dependents[finallyRegion.LastBlockOrdinal].Add(block.Ordinal);
                }
            }

            if (HandlerTry(block) is { } tryRegion)
            {
                for (var ordinal = tryRegion.FirstBlockOrdinal; ordinal <= tryRegion.LastBlockOrdinal; ordinal++)
                {
                    dependents[ordinal].Add(block.Ordinal);
                }
            }
        }

        return dependents;
    }

    private ImmutableHashSet<LockIdentity>? Entry(BasicBlock block)
    {
        ImmutableHashSet<LockIdentity>? entry = null;
        foreach (var branch in block.Predecessors)
        {
            entry = Meet(entry, Along(branch));
        }

        if (HandlerTry(block) is { } tryRegion)
        {
            // An exception can leave the try anywhere: only what is held all through it is held here.
            for (var ordinal = tryRegion.FirstBlockOrdinal; ordinal <= tryRegion.LastBlockOrdinal; ordinal++)
            {
                entry = Meet(entry, _in[ordinal]);
                entry = Meet(entry, _out[ordinal]);
            }
        }

        return entry;
    }

    /// <summary>What is held both ways; a way not reached yet (null) says nothing.</summary>
    private static ImmutableHashSet<LockIdentity>? Meet(ImmutableHashSet<LockIdentity>? entry, ImmutableHashSet<LockIdentity>? state) =>
        state is null ? entry : entry is null ? state : ReferenceEquals(entry, state) || entry.IsEmpty ? entry : entry.Intersect(state);

    /// <summary>What <paramref name="branch"/> carries into its destination, or null when its source is not reached yet.</summary>
    private ImmutableHashSet<LockIdentity>? Along(ControlFlowBranch branch)
    {
        var source = branch.Source;
        if (_out[source.Ordinal] is not { } state)
        {
            return null;
        }

        if (source.BranchValue is { } value && source.ConditionKind != ControlFlowConditionKind.None && Condition(value) is { } condition)
        {
            var valueOnBranch = branch.IsConditionalSuccessor == (source.ConditionKind == ControlFlowConditionKind.WhenTrue);
            state = valueOnBranch == condition.TakenWhen ? state.Add(condition.Identity) : state.Remove(condition.Identity);
        }

        foreach (var finallyRegion in branch.FinallyRegions)
        {
            // The finally runs on the way: keep only what it leaves held (it starts from what the whole try held).
            if (_out[finallyRegion.LastBlockOrdinal] is { } afterFinally)
            {
                state = state.Intersect(afterFinally);
            }
        }

        return state;
    }

    /// <summary>The try region whose handler (catch, filter or finally) starts at <paramref name="block"/>, if any.</summary>
    private static ControlFlowRegion? HandlerTry(BasicBlock block)
    {
        for (var region = block.EnclosingRegion; region is not null && region.FirstBlockOrdinal == block.Ordinal; region = region.EnclosingRegion)
        {
            if (region.Kind is ControlFlowRegionKind.Catch or ControlFlowRegionKind.Filter or ControlFlowRegionKind.Finally or ControlFlowRegionKind.FilterAndHandler
                && region.EnclosingRegion is { } owner
                && owner.NestedRegions.Length > 0
                && owner.NestedRegions[0] is { Kind: ControlFlowRegionKind.Try } tryRegion)
            {
                return tryRegion;
            }
        }

        return null;
    }

    private static bool SetEquals(ImmutableHashSet<LockIdentity>? left, ImmutableHashSet<LockIdentity> right) =>
        left is not null && left.SetEquals(right);

    /// <summary>What one call in a block does to the held locks: the operation of the block it is in, the lock, and whether it takes or releases it.</summary>
    private readonly struct Effect
    {
        public Effect(int operation, LockIdentity identity, bool takes)
        {
            Operation = operation;
            Identity = identity;
            Takes = takes;
        }

        /// <summary>The index in the block's operations (the branch value comes last).</summary>
        public int Operation { get; }

        public LockIdentity Identity { get; }

        public bool Takes { get; }

        public ImmutableHashSet<LockIdentity> Apply(ImmutableHashSet<LockIdentity> state) => Takes ? state.Add(Identity) : state.Remove(Identity);
    }

    /// <summary>The flows of one operation tree: its member and the lambdas and local functions in it, built on demand.</summary>
    private sealed class RootFlows
    {
        private readonly IOperation _root;
        private readonly Dictionary<IOperation, LockFlow?> _flows = new();
        private readonly Dictionary<ControlFlowGraph, Dictionary<SyntaxNode, IFlowAnonymousFunctionOperation>> _lambdas = new();

        public RootFlows(IOperation root)
        {
            _root = root;
            Mentions = CodeFacts.Of(root.Syntax).MentionsAny(LockCalls.AcquisitionNames);
        }

        public bool Mentions { get; }

        public LockFlow? Get(IOperation function, KnownSymbols symbols, CancellationToken cancellationToken)
        {
            lock (_flows)
            {
                return GetLocked(function, symbols, cancellationToken);
            }
        }

        private LockFlow? GetLocked(IOperation function, KnownSymbols symbols, CancellationToken cancellationToken)
        {
            if (_flows.TryGetValue(function, out var known))
            {
                return known;
            }

            ControlFlowGraph? graph = null;
            if (function == _root)
            {
                graph = Create(_root, cancellationToken);
            }
            else if (GetLocked(EnclosingFunction(function.Parent!), symbols, cancellationToken) is { } outer)
            {
                graph = function switch
                {
                    ILocalFunctionOperation local => FindLocalFunction(outer._graph, local.Symbol, cancellationToken),
                    _ => FindLambda(outer._graph, function.Syntax, cancellationToken),
                };
            }

            var flow = graph is null ? null : new LockFlow(graph, symbols, cancellationToken);
            _flows[function] = flow;
            return flow;
        }

        private static ControlFlowGraph? Create(IOperation root, CancellationToken cancellationToken) => root switch
        {
            IMethodBodyOperation body => ControlFlowGraph.Create(body, cancellationToken),
            IConstructorBodyOperation body => ControlFlowGraph.Create(body, cancellationToken),
            IBlockOperation body => ControlFlowGraph.Create(body, cancellationToken),
            IFieldInitializerOperation initializer => ControlFlowGraph.Create(initializer, cancellationToken),
            IPropertyInitializerOperation initializer => ControlFlowGraph.Create(initializer, cancellationToken),
            _ => null,
        };

        private static ControlFlowGraph? FindLocalFunction(ControlFlowGraph outer, IMethodSymbol symbol, CancellationToken cancellationToken)
        {
            foreach (var local in outer.LocalFunctions)
            {
                if (SymbolEqualityComparer.Default.Equals(local, symbol))
                {
                    return outer.GetLocalFunctionControlFlowGraph(local, cancellationToken);
                }
            }

            return null;
        }

        /// <summary>
        /// The graph of the lambda written at <paramref name="syntax"/> inside <paramref name="outer"/>. The lambdas of a
        /// graph are indexed on the first request: one scan of the graph, not one per lambda.
        /// </summary>
        private ControlFlowGraph? FindLambda(ControlFlowGraph outer, SyntaxNode syntax, CancellationToken cancellationToken)
        {
            if (!_lambdas.TryGetValue(outer, out var lambdas))
            {
                lambdas = new Dictionary<SyntaxNode, IFlowAnonymousFunctionOperation>();
                foreach (var block in outer.Blocks)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    foreach (var operation in block.Operations)
                    {
                        Index(operation, lambdas);
                    }

                    if (block.BranchValue is { } branch)
                    {
                        Index(branch, lambdas);
                    }
                }

                _lambdas.Add(outer, lambdas);
            }

            return lambdas.TryGetValue(syntax, out var found) ? outer.GetAnonymousFunctionControlFlowGraph(found, cancellationToken) : null;

            static void Index(IOperation operation, Dictionary<SyntaxNode, IFlowAnonymousFunctionOperation> lambdas)
            {
                foreach (var descendant in operation.DescendantsAndSelf())
                {
                    if (descendant is IFlowAnonymousFunctionOperation lambda && !lambdas.ContainsKey(lambda.Syntax))
                    {
                        lambdas.Add(lambda.Syntax, lambda);
                    }
                }
            }
        }
    }
}
