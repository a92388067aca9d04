using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Analysis;

/// <summary>How a delegate is started on other threads, and whether several runs of it overlap.</summary>
public sealed class ConcurrentStart
{
    private readonly ImmutableArray<IOperation> _siblings;

    internal ConcurrentStart(string description, IOperation start, IOperation perRun, ImmutableArray<IOperation> siblings = default)
    {
        Description = description;
        Start = start;
        PerRun = perRun;
        _siblings = siblings;
    }

    /// <summary>
    /// Whether a variable or member named like <paramref name="symbol"/> may be used by a run that overlaps this one.
    /// Always, for code started many times at once; for a <c>Parallel.Invoke</c> action, which runs once, only when
    /// another action of the same call mentions the name (or is a method group, which may use anything).
    /// </summary>
    public bool MayOverlapOn(ISymbol symbol)
    {
        if (_siblings.IsDefault)
        {
            return true;
        }

        foreach (var sibling in _siblings)
        {
            if (sibling is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation })
            {
                return true;
            }

            foreach (var token in sibling.Syntax.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == symbol.Name)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>"a Parallel.For body", "a Task.Run delegate started in a loop", "a new Thread started in a loop".</summary>
    public string Description { get; }

    /// <summary>The call, constructor or event subscription that starts it.</summary>
    public IOperation Start { get; }

    /// <summary>
    /// What each run has to itself: the delegate for one started many times at once (<c>Parallel.For</c>), the loop
    /// body for one started once per pass of a loop. A variable declared inside it is not shared between runs.
    /// </summary>
    public IOperation PerRun { get; }

    /// <summary>True when <paramref name="symbol"/> (a local or parameter) is declared outside <see cref="PerRun"/>.</summary>
    public bool IsShared(ISymbol symbol) => !IsDeclaredWithin(symbol, PerRun);

    /// <summary>
    /// Whether the object <paramref name="instance"/> evaluates to is the same in every run: <c>this</c>, a static
    /// member's receiver (null), a variable declared outside <see cref="PerRun"/>, or a field of one of those.
    /// </summary>
    public bool IsSharedInstance(IOperation? instance) => instance switch
    {
        null => true,
        IInstanceReferenceOperation => true,
        ILocalReferenceOperation local => IsShared(local.Local),
        IParameterReferenceOperation parameter => IsShared(parameter.Parameter),
        IFieldReferenceOperation field => IsSharedInstance(field.Instance),
        IConversionOperation conversion => IsSharedInstance(conversion.Operand),
        _ => false,
    };

    /// <summary>True when <paramref name="symbol"/> (a local or parameter) is declared inside <paramref name="scope"/>.</summary>
    public static bool IsDeclaredWithin(ISymbol symbol, IOperation scope)
    {
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == scope.Syntax.SyntaxTree && scope.Syntax.Span.Contains(reference.Span))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// The methods of one type that run concurrently with themselves, collected while the type is analyzed (symbol
/// start to end): given as a delegate to something that runs it concurrently (<c>Parallel.For(0, n, Work)</c>), or
/// called on <c>this</c> from a lambda that runs concurrently. Feed it every method reference and invocation. In a type
/// marked with an attribute named <c>ThreadSafeAttribute</c> (or derived from one), every method that is not private,
/// a constructor, a finalizer or a <c>Dispose</c> counts too.
/// </summary>
public sealed class ConcurrentBlocks
{
    private readonly HashSet<int> _namedByStarters;
    private readonly INamedTypeSymbol _type;
    private readonly bool _all;

    private ConcurrentBlocks(HashSet<int> namedByStarters, INamedTypeSymbol type, bool all)
    {
        _namedByStarters = namedByStarters;
        _type = type;
        _all = all;
    }

    /// <summary>
    /// The blocks of <paramref name="type"/> that can hold code that runs concurrently, going by tokens; null when the
    /// type has none: it starts nothing concurrently and is not marked <c>[ThreadSafe]</c>.
    /// </summary>
    public static ConcurrentBlocks? For(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var all = ConcurrentMethods.IsMarkedThreadSafe(type);
        var namedByStarters = new HashSet<int>();
        var starters = 0;
        void Consider(SyntaxNode member)
        {
            var facts = CodeFacts.Of(member);
            if (ConcurrencyContext.MayStartConcurrently(facts, type, cancellationToken))
            {
                // A starter that may spell any name (a Unicode escape) may name any method of the type.
                all |= !facts.AddWordsTo(namedByStarters);
                starters++;
            }
        }

        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            switch (reference.GetSyntax(cancellationToken))
            {
                case TypeDeclarationSyntax declaration:
                    foreach (var member in declaration.Members)
                    {
                        if (member is not BaseTypeDeclarationSyntax)
                        {
                            Consider(member);
                        }
                    }

                    break;
                case CompilationUnitSyntax unit:
                    // The Program of top-level statements: the statements are one code block.
                    Consider(unit);
                    break;
            }
        }

        return all || starters > 0 ? new ConcurrentBlocks(namedByStarters, type, all) : null;
    }

    /// <summary>
    /// True for a block that may start concurrent code, a method such a block names (given as a delegate or called
    /// on <c>this</c>, as <see cref="ConcurrentMethods"/> looks for), or any block of a <c>[ThreadSafe]</c> type.
    /// </summary>
    public bool MayRunConcurrently(CodeBlock block)
    {
        if (_all || ConcurrencyContext.MayStartConcurrently(block.Facts, _type, block.CancellationToken))
        {
            return true;
        }

        return block.OwningSymbol is IMethodSymbol method && _namedByStarters.Contains(CodeFacts.HashOf(method.Name));
    }
}

/// <summary>
/// The methods of one type that run concurrently (see <see cref="ConcurrentBlocks"/> for the cheap first question).
/// </summary>
public sealed class ConcurrentMethods
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<IMethodSymbol, string> _methods = new(SymbolEqualityComparer.Default);
    private readonly INamedTypeSymbol _type;
    private readonly KnownSymbols _symbols;

    private readonly bool _threadSafe;

    public ConcurrentMethods(INamedTypeSymbol type, KnownSymbols symbols)
    {
        _type = type;
        _symbols = symbols;
        _threadSafe = IsMarkedThreadSafe(type);
    }

    /// <summary>
    /// True when <paramref name="type"/> or a base type carries an attribute named <c>ThreadSafeAttribute</c> (any
    /// namespace): the author says instances are used from several threads at once.
    /// </summary>
    public static bool IsMarkedThreadSafe(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (ThreadSafetyContracts.HasAttribute(current, ThreadSafetyContracts.ThreadSafe))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Records the method <paramref name="operation"/> (a method reference or invocation) makes concurrent, if any.</summary>
    public void Observe(IOperation operation)
    {
        switch (operation)
        {
            case IMethodReferenceOperation reference when IsOwnMethod(reference.Method, reference.Instance)
                && ConcurrencyContext.StartOf(reference, _symbols) is { } start:
                _methods.TryAdd(reference.Method.OriginalDefinition, $"'{reference.Method.Name}', which runs as {start.Description}");
                break;
            case IInvocationOperation call when IsOwnMethod(call.TargetMethod, call.Instance)
                && ConcurrencyContext.Enclosing(call, _symbols, out _) is { } caller:
                _methods.TryAdd(call.TargetMethod.OriginalDefinition, $"'{call.TargetMethod.Name}', which is called from {caller.Description}");
                break;
        }
    }

    /// <summary>How <paramref name="method"/> runs concurrently ("'Work', which runs as a Parallel.For body"); false when it is not known to. Ask at symbol end.</summary>
    public bool TryGet(IMethodSymbol method, out string how)
    {
        if (method.MethodKind is MethodKind.Constructor or MethodKind.StaticConstructor)
        {
            how = string.Empty;
            return false;
        }

        if (_methods.TryGetValue(method.OriginalDefinition, out how!))
        {
            return true;
        }

        // Any method callers outside the type can reach on a [ThreadSafe] type may run on several threads at once,
        // except code that tears the object down. A private helper runs as its callers do, perhaps under their lock.
        if (_threadSafe && method.DeclaredAccessibility != Accessibility.Private && !ThreadSafetyContracts.IsTeardown(method)
            && SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, _type.OriginalDefinition))
        {
            how = $"'{method.Name}' of the [ThreadSafe] type '{_type.Name}', which callers may run on several threads at once";
            return true;
        }

        how = string.Empty;
        return false;
    }

    /// <summary>True for a member reached through <c>this</c> or statically, or through a chain of such fields: the same object in every run.</summary>
    public static bool IsOwnState(IOperation? instance) => instance switch
    {
        null or IInstanceReferenceOperation => true,
        IFieldReferenceOperation field => IsOwnState(field.Instance),
        _ => false,
    };

    /// <summary>A method of this type called or referenced on <c>this</c> (or static): every run uses the same object.</summary>
    private bool IsOwnMethod(IMethodSymbol method, IOperation? instance) =>
        SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, _type.OriginalDefinition)
        && method.MethodKind == MethodKind.Ordinary
        && (instance is null || instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance });
}

/// <summary>
/// Does code run on several threads at once? Delegates given to <c>Parallel.For/ForEach/ForEachAsync/Invoke</c>,
/// PLINQ operators, <c>System.Threading.Timer</c> callbacks and <c>System.Timers.Timer.Elapsed</c> handlers run many
/// times at once; async lambdas projected with <c>Select</c> and awaited together under <c>Task.WhenAll/WhenAny</c>
/// interleave; a delegate given to <c>Task.Run</c>, <c>Task.Factory.StartNew</c>, <c>new Thread</c> or
/// <c>ThreadPool.(Unsafe)QueueUserWorkItem</c> runs once, beside its caller, and overlaps itself only when it is
/// started in a loop (or in a lambda run once per element). Anything else is not known to be concurrent.
/// </summary>
public static class ConcurrencyContext
{
    /// <summary>
    /// Names one of which code must mention to start anything concurrently (<see cref="StartOf"/>): the prefilter of
    /// the rules about concurrent code.
    /// </summary>
    private static readonly ImmutableHashSet<string> Starters = ImmutableHashSet.Create(
        "Parallel", "AsParallel", "ParallelQuery", "ParallelEnumerable", "ForAll", "StartNew", "ThreadPool", "Thread", "Timer", "Elapsed");

    private static readonly ImmutableHashSet<string> CreatedStarters = ImmutableHashSet.Create("Thread", "Timer");

    private static readonly ImmutableHashSet<string> TogetherNames = ImmutableHashSet.Create("WhenAll", "WhenAny");

    /// <summary>
    /// True when a code block may start concurrent code (<see cref="StartOf"/>), going by its tokens:
    /// <c>Parallel.*</c>, PLINQ, <c>Task.Run</c>, <c>StartNew</c>, <c>ThreadPool</c>, a <c>Thread</c> or a timer, or
    /// <c>Select</c> with <c>WhenAll</c>/<c>WhenAny</c>.
    /// </summary>
    public static bool MayStartConcurrently(CodeFacts facts) =>
        facts.MentionsAny(Starters)
        || (facts.Mentions("Run") && facts.Mentions("Task"))
        || (facts.Mentions("Select") && facts.MentionsAny(TogetherNames));

    /// <summary>
    /// As above, and also a target-typed <c>new(...)</c> in a type that names <c>Thread</c> or <c>Timer</c>
    /// (<c>_timer = new(_ => Tick(), null, 0, 100)</c> names neither where it starts the timer).
    /// </summary>
    public static bool MayStartConcurrently(CodeFacts facts, INamedTypeSymbol? type, CancellationToken cancellationToken) =>
        MayStartConcurrently(facts)
        || (facts.HasTargetTypedNew && type is not null && CodeFacts.OfTypeAny(type, static t => t.MentionsAny(CreatedStarters), cancellationToken));

    /// <summary>
    /// The innermost lambda or anonymous method around <paramref name="operation"/> when it runs concurrently with
    /// other runs of itself, with how it is started; null when the code is not known to overlap itself.
    /// </summary>
    public static ConcurrentStart? Enclosing(IOperation operation, KnownSymbols symbols, out IAnonymousFunctionOperation? function)
    {
        function = null;
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is ILocalFunctionOperation)
            {
                return null;
            }

            if (current is IAnonymousFunctionOperation lambda)
            {
                function = lambda;
                return StartOf(lambda, symbols);
            }
        }

        return null;
    }

    /// <summary>
    /// How the delegate <paramref name="target"/> (a lambda or a method reference) is started, when several runs of it
    /// may overlap; null otherwise.
    /// </summary>
    public static ConcurrentStart? StartOf(IOperation target, KnownSymbols symbols)
    {
        var value = DelegateValue(target);
        switch (value.Parent)
        {
            case IArgumentOperation { Parent: IInvocationOperation invocation } argument:
                return FromInvocation(invocation, argument, target, symbols);
            case IArgumentOperation { Parent: IObjectCreationOperation creation }:
                if (KnownSymbols.InheritsFrom(creation.Type, symbols.Thread))
                {
                    return Once("a new Thread", creation);
                }

                return KnownSymbols.InheritsFrom(creation.Type, symbols.ThreadingTimer)
                    ? new ConcurrentStart("a Timer callback", creation, target)
                    : null;
            case IEventAssignmentOperation { Adds: true, EventReference: IEventReferenceOperation reference } when reference.Event.Name == "Elapsed"
                && KnownSymbols.InheritsFrom(reference.Event.ContainingType, symbols.TimersTimer):
                return new ConcurrentStart("a Timer.Elapsed handler", value.Parent, target);
            default:
                return null;
        }
    }

    /// <summary>
    /// The value a lambda or method reference is passed as: through its delegate creation and conversions, and the
    /// array a <c>params</c> parameter collects it in (<c>Parallel.Invoke(params Action[] actions)</c>).
    /// </summary>
    private static IOperation DelegateValue(IOperation target)
    {
        var value = target;
        while (value.Parent is IDelegateCreationOperation or IConversionOperation or IArrayInitializerOperation or IArrayCreationOperation)
        {
            value = value.Parent;
        }

        return value;
    }

    private static ConcurrentStart? FromInvocation(IInvocationOperation invocation, IArgumentOperation argument, IOperation target, KnownSymbols symbols)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType?.OriginalDefinition;
        if (Is(type, symbols.Parallel) && method.Name == "Invoke")
        {
            return new ConcurrentStart("a Parallel.Invoke action", invocation, target, Siblings(target));
        }

        if (Is(type, symbols.Parallel) && method.Name is "For" or "ForEach" or "ForEachAsync")
        {
            var part = argument.Parameter?.Name switch
            {
                "localInit" => " localInit",
                "localFinally" => " localFinally",
                _ => " body",
            };
            return new ConcurrentStart($"a Parallel.{method.Name}{part}", invocation, target);
        }

        if (Is(type, symbols.ParallelEnumerable))
        {
            return new ConcurrentStart($"a PLINQ {method.Name} delegate", invocation, target);
        }

        if (Is(type, symbols.Task) && method.Name == "Run")
        {
            return Once("a Task.Run delegate", invocation);
        }

        if ((Is(type, symbols.TaskFactory) || Is(type, symbols.TaskFactoryOfT)) && method.Name == "StartNew")
        {
            return Once("a Task.Factory.StartNew delegate", invocation);
        }

        if (Is(type, symbols.ThreadPool) && method.Name is "QueueUserWorkItem" or "UnsafeQueueUserWorkItem")
        {
            return Once($"a ThreadPool.{method.Name} callback", invocation);
        }

        if (Is(type, symbols.Enumerable) && method.Name == "Select" && target is IAnonymousFunctionOperation { Symbol.IsAsync: true }
            && IsAwaitedTogether(invocation, symbols))
        {
            return new ConcurrentStart("an async lambda awaited together under Task.WhenAll", invocation, target);
        }

        return null;
    }

    /// <summary>The other actions of the <c>params</c> array a <c>Parallel.Invoke</c> action is written in; default when it is not.</summary>
    private static ImmutableArray<IOperation> Siblings(IOperation target)
    {
        var value = target;
        while (value.Parent is IDelegateCreationOperation or IConversionOperation)
        {
            value = value.Parent;
        }

        if (value.Parent is not IArrayInitializerOperation initializer)
        {
            return default;
        }

        var siblings = ImmutableArray.CreateBuilder<IOperation>();
        foreach (var element in initializer.ElementValues)
        {
            if (element != value)
            {
                siblings.Add(element);
            }
        }

        return siblings.ToImmutable();
    }

    /// <summary>A delegate started once per call: concurrent with itself only when the call runs in a loop.</summary>
    private static ConcurrentStart? Once(string description, IOperation start)
    {
        for (var current = start; current.Parent is { } parent; current = parent)
        {
            switch (parent)
            {
                case ILoopOperation loop when loop.Body == current:
                    return new ConcurrentStart(description + " started in a loop", start, current);
                case IAnonymousFunctionOperation lambda:
                    // Started from a lambda run once per element of a sequence: each element starts one.
                    return DelegateValue(lambda).Parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "Select" or "ForEach" } }
                        ? new ConcurrentStart(description + " started once per element", start, lambda)
                        : null;
                case ILocalFunctionOperation:
                    return null;
            }
        }

        return null;
    }

    /// <summary>
    /// <c>Task.WhenAll(xs.Select(async x => ..))</c>, also through <c>ToList()</c>/<c>ToArray()</c> or a local holding the
    /// projection that is passed to <c>Task.WhenAll</c>/<c>WhenAny</c> in the same function.
    /// </summary>
    private static bool IsAwaitedTogether(IInvocationOperation select, KnownSymbols symbols)
    {
        IOperation current = select;
        while (true)
        {
            var parent = current.Parent;
            while (parent is IConversionOperation or IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "ToList" or "ToArray" } })
            {
                current = parent;
                parent = current.Parent;
            }

            switch (parent)
            {
                case IInvocationOperation { TargetMethod.Name: "ToList" or "ToArray" } materialize:
                    current = materialize;
                    continue;
                case IArgumentOperation { Parent: IInvocationOperation whenAll }:
                    return IsWhenAllOrAny(whenAll, symbols);
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    return PassedToWhenAll(declarator.Symbol, select, symbols);
                default:
                    return false;
            }
        }
    }

    private static bool PassedToWhenAll(ILocalSymbol local, IOperation near, KnownSymbols symbols)
    {
        var root = near;
        while (root.Parent is { } parent && parent is not IAnonymousFunctionOperation && parent is not ILocalFunctionOperation)
        {
            root = parent;
        }

        foreach (var descendant in root.Descendants())
        {
            if (descendant is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                IOperation current = reference;
                while (current.Parent is IConversionOperation
                    or IInvocationOperation { TargetMethod.Name: "ToList" or "ToArray" }
                    or IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "ToList" or "ToArray" } })
                {
                    current = current.Parent;
                }

                if (current.Parent is IArgumentOperation { Parent: IInvocationOperation whenAll } && IsWhenAllOrAny(whenAll, symbols))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsWhenAllOrAny(IInvocationOperation invocation, KnownSymbols symbols) =>
        Is(invocation.TargetMethod.ContainingType?.OriginalDefinition, symbols.Task) && invocation.TargetMethod.Name is "WhenAll" or "WhenAny";

    private static bool Is(ITypeSymbol? type, INamedTypeSymbol? known) =>
        known is not null && SymbolEqualityComparer.Default.Equals(type, known);
}
