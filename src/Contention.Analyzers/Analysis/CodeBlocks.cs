using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Analysis;

/// <summary>
/// Operation blocks bound only where a rule can find something. One operation action anywhere makes the compiler
/// bind every method body again and build its IOperation tree, which on ordinary code costs more than all our rules'
/// own work. A code block action hands over the syntax first: each rule asks a cheap syntactic question of
/// <see cref="CodeBlock.Facts"/> and only the blocks that pass are bound (<see cref="CodeBlock.OperationBlocks"/>).
/// The semantic model is the driver's, shared by every analyzer, so a block bound for one rule is not bound again
/// for the next.
/// </summary>
public static class CodeBlocks
{

    /// <summary>Runs <paramref name="action"/> on every code block of the compilation (generated code aside).</summary>
    public static void Register(CompilationStartAnalysisContext start, Action<CodeBlock> action) =>
        start.RegisterCodeBlockAction(context => Run(context, action));

    /// <summary>Runs <paramref name="action"/> on every code block of the symbol's members.</summary>
    public static void Register(SymbolStartAnalysisContext start, Action<CodeBlock> action) =>
        start.RegisterCodeBlockAction(context => Run(context, action));

    /// <summary>Runs <paramref name="action"/> on each operation of one of <paramref name="kinds"/> in the symbol's members.</summary>
    public static void RegisterOperationAction(SymbolStartAnalysisContext start, Action<OperationContext> action, params OperationKind[] kinds) =>
        Register(start, block => block.RegisterOperationAction(action, kinds));

    /// <summary>As above, in the blocks that pass <paramref name="gate"/> only.</summary>
    public static void RegisterOperationAction(SymbolStartAnalysisContext start, Func<CodeBlock, bool> gate, Action<OperationContext> action, params OperationKind[] kinds) =>
        Register(start, block =>
        {
            if (gate(block))
            {
                block.RegisterOperationAction(action, kinds);
            }
        });

    private static void Run(CodeBlockAnalysisContext context, Action<CodeBlock> action)
    {
        var block = new CodeBlock(context);
        action(block);
        block.Dispatch();
    }
}

/// <summary>
/// One code block (a method, accessor, constructor, field or property initializer, or the top-level statements),
/// as the syntax first. Like an operation block start: a rule registers operation actions on it, which run on the
/// block's operations, lambdas and local functions included, once the rule's callback returns.
/// </summary>
public sealed class CodeBlock
{
    private readonly CodeBlockAnalysisContext _context;
    private ImmutableArray<IOperation> _operationBlocks;
    private List<(Action<OperationContext> Action, OperationKind[] Kinds)>? _actions;

    internal CodeBlock(CodeBlockAnalysisContext context)
    {
        _context = context;
    }

    /// <summary>The member (or the field, for a field initializer) the block belongs to.</summary>
    public ISymbol OwningSymbol => _context.OwningSymbol;

    /// <summary>The block's declaration syntax.</summary>
    public SyntaxNode Syntax => _context.CodeBlock;

    public SyntaxTree SyntaxTree => _context.CodeBlock.SyntaxTree;

    public SemanticModel SemanticModel => _context.SemanticModel;

    public Compilation Compilation => _context.SemanticModel.Compilation;

    public AnalyzerOptions Options => _context.Options;

    public CancellationToken CancellationToken => _context.CancellationToken;

    /// <summary>What the block's tokens say, computed once per block and shared by every rule.</summary>
    public CodeFacts Facts => CodeFacts.Of(_context.CodeBlock);

    /// <summary>
    /// The block's operations, bound on first use: for a method its body (with a constructor's initializer), for a
    /// field or property its initializer. Empty when the block has nothing executable (an abstract member).
    /// </summary>
    public ImmutableArray<IOperation> OperationBlocks
    {
        get
        {
            if (_operationBlocks.IsDefault)
            {
                _operationBlocks = Bind(_context.CodeBlock, _context.OwningSymbol, _context.SemanticModel, _context.CancellationToken);
            }

            return _operationBlocks;
        }
    }

    /// <summary>Runs <paramref name="action"/> on each operation of one of <paramref name="kinds"/> in the block.</summary>
    public void RegisterOperationAction(Action<OperationContext> action, params OperationKind[] kinds)
    {
        (_actions ??= new List<(Action<OperationContext>, OperationKind[])>()).Add((action, kinds));
    }

    public void ReportDiagnostic(Diagnostic diagnostic) => _context.ReportDiagnostic(diagnostic);

    internal void Dispatch()
    {
        if (_actions is null)
        {
            return;
        }

        foreach (var root in OperationBlocks)
        {
            var operations = Walk(root);
            for (var i = 0; i < operations.Count; i++)
            {
                var operation = operations[i];
                _context.CancellationToken.ThrowIfCancellationRequested();
                foreach (var (action, kinds) in _actions)
                {
                    if (Array.IndexOf(kinds, operation.Kind) >= 0)
                    {
                        action(new OperationContext(operation, this));
                    }
                }
            }
        }
    }

    /// <summary>
    /// Every operation of a block, as the compiler's operation actions visit them: a constructor's initializer
    /// without the implicit statement around it, and no implicit <c>base()</c> call. The list is built once per
    /// block and shared: twenty rules walking the same tree each on their own cost more than their own work.
    /// </summary>
    public static IReadOnlyList<IOperation> Walk(IOperation root) => Walks.GetValue(root, CreateWalk);

    private static readonly ConditionalWeakTable<IOperation, IOperation[]> Walks = new();
    private static readonly ConditionalWeakTable<IOperation, IOperation[]>.CreateValueCallback CreateWalk = Flatten;

    private static IOperation[] Flatten(IOperation root)
    {
        var parts = new List<IOperation>();
        if (root is not IConstructorBodyOperation constructor)
        {
            parts.AddRange(root.DescendantsAndSelf());
            return parts.ToArray();
        }

        parts.Add(constructor);
        var initializer = constructor.Initializer is IExpressionStatementOperation { IsImplicit: true } statement
            ? statement.Operation
            : constructor.Initializer;
        if (initializer is { IsImplicit: false })
        {
            parts.AddRange(initializer.DescendantsAndSelf());
        }

        if (constructor.BlockBody is { IsImplicit: false } body)
        {
            parts.AddRange(body.DescendantsAndSelf());
        }

        if (constructor.ExpressionBody is { } expressionBody)
        {
            parts.AddRange(expressionBody.DescendantsAndSelf());
        }

        return parts.ToArray();
    }

    /// <summary>The operation blocks of a code block's syntax, as the compiler's operation actions would see them.</summary>
    public static ImmutableArray<IOperation> Bind(SyntaxNode codeBlock, ISymbol owner, SemanticModel model, CancellationToken cancellationToken)
    {
        var builder = ImmutableArray.CreateBuilder<IOperation>();
        foreach (var node in ExecutableParts(codeBlock, owner))
        {
            if (model.GetOperation(node, cancellationToken) is { } operation)
            {
                builder.Add(operation);
            }
        }

        return builder.ToImmutable();
    }

    private static bool Declares(ISymbol owner, SyntaxNode variable)
    {
        foreach (var reference in owner.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == variable.SyntaxTree && reference.Span == variable.Span)
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<SyntaxNode> ExecutableParts(SyntaxNode codeBlock, ISymbol owner)
    {
        switch (codeBlock)
        {
            case BaseMethodDeclarationSyntax method:
                // Default values first, then the body operation (IMethodBodyOperation, IConstructorBodyOperation),
                // which holds the body, the expression body and a constructor's initializer.
                foreach (var parameter in method.ParameterList.Parameters)
                {
                    if (parameter.Default is { } value)
                    {
                        yield return value;
                    }
                }

                yield return method;
                break;
            case AccessorDeclarationSyntax or ArrowExpressionClauseSyntax or CompilationUnitSyntax:
                yield return codeBlock;
                break;
            case BaseFieldDeclarationSyntax field:
                foreach (var variable in field.Declaration.Variables)
                {
                    if (variable.Initializer is { } initializer && Declares(owner, variable))
                    {
                        yield return initializer;
                    }
                }

                break;
            case PropertyDeclarationSyntax { Initializer: { } propertyInitializer }:
                yield return propertyInitializer;
                break;
            case EnumMemberDeclarationSyntax { EqualsValue: { } value }:
                yield return value;
                break;
            case TypeDeclarationSyntax when owner is IMethodSymbol { MethodKind: MethodKind.Constructor }:
                // A primary constructor: its call of the base constructor.
                yield return codeBlock;
                break;
        }
    }
}

/// <summary>One operation of a <see cref="CodeBlock"/>, handed to the rule's operation action.</summary>
public readonly struct OperationContext
{
    private readonly CodeBlock _block;

    internal OperationContext(IOperation operation, CodeBlock block)
    {
        Operation = operation;
        _block = block;
    }

    public IOperation Operation { get; }

    /// <summary>The block's owning symbol: the member, never a lambda or local function inside it.</summary>
    public ISymbol ContainingSymbol => _block.OwningSymbol;

    public Compilation Compilation => _block.Compilation;

    public AnalyzerOptions Options => _block.Options;

    public CancellationToken CancellationToken => _block.CancellationToken;

    public void ReportDiagnostic(Diagnostic diagnostic) => _block.ReportDiagnostic(diagnostic);
}

/// <summary>
/// What a code block's text says, for the syntactic prefilters: the words it uses (identifiers and keywords, also in
/// comments and strings: a prefilter may say yes too often, never too rarely) and whether it has <c>async</c> or
/// <c>await</c>, a <c>lock</c>, <c>++</c>/<c>--</c>, a compound assignment, a loop or <c>null</c>. Computed once per
/// block, on first request, by one pass over the source characters: no syntax node or token is created and no
/// string is allocated; words are kept as 32-bit hashes.
/// </summary>
public sealed class CodeFacts
{
    private const int ChunkSize = 4096;

    private static readonly ConditionalWeakTable<SyntaxNode, CodeFacts> Cache = new();
    private static readonly ConditionalWeakTable<SyntaxNode, CodeFacts>.CreateValueCallback Create = node => new CodeFacts(node);
    private static readonly ConditionalWeakTable<ImmutableHashSet<string>, int[]> SetHashes = new();

    private static readonly int Async = HashOf("async");
    private static readonly int Await = HashOf("await");
    private static readonly int Lock = HashOf("lock");
    private static readonly int While = HashOf("while");
    private static readonly int For = HashOf("for");
    private static readonly int ForEach = HashOf("foreach");
    private static readonly int Goto = HashOf("goto");
    private static readonly int Null = HashOf("null");
    private static readonly int New = HashOf("new");

    [ThreadStatic]
    private static char[]? t_buffer;

    private readonly HashSet<int> _words = new();
    private bool _mentionsAnything;

    private CodeFacts(SyntaxNode node)
    {
        var text = node.SyntaxTree.GetText();
        var span = node.Span;
        var buffer = t_buffer ??= new char[ChunkSize];
        var hash = 0;
        var inWord = false;
        var afterNew = false;
        char previous = '\0', beforePrevious = '\0';
        for (var offset = 0; offset < span.Length; offset += ChunkSize)
        {
            var length = Math.Min(ChunkSize, span.Length - offset);
            text.CopyTo(span.Start + offset, buffer, 0, length);
            for (var i = 0; i < length; i++)
            {
                var c = buffer[i];
                if (c >= 128 && char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
                {
                    // The compiler drops formatting characters from an identifier's name.
                    continue;
                }

                if (c == 'u' || c == 'U')
                {
                    // A Unicode escape can spell any identifier (Sl\u0065ep): such a block mentions everything.
                    _mentionsAnything |= previous == '\\';
                }

                if (IsWordChar(c))
                {
                    hash = inWord ? Step(hash, c) : Step(Seed, c);
                    inWord = true;
                    afterNew = false;
                }
                else
                {
                    if (inWord)
                    {
                        AddWord(hash);
                        inWord = false;
                        afterNew = hash == New;
                    }

                    if (afterNew && !char.IsWhiteSpace(c))
                    {
                        // new(...): a target-typed creation, whose type the block need not name.
                        HasTargetTypedNew |= c == '(';
                        afterNew = false;
                    }

                    Operator(beforePrevious, previous, c);
                }

                beforePrevious = previous;
                previous = c;
            }
        }

        if (inWord)
        {
            AddWord(hash);
        }
    }

    /// <summary>The block has the <c>async</c> or <c>await</c> keyword (its own modifier included).</summary>
    public bool HasAsyncOrAwait { get; private set; }

    /// <summary>The block has a <c>lock</c> statement.</summary>
    public bool HasLock { get; private set; }

    /// <summary>The block has the <c>null</c> keyword.</summary>
    public bool HasNull { get; private set; }

    /// <summary>The block has a target-typed <c>new(...)</c>.</summary>
    public bool HasTargetTypedNew { get; private set; }

    /// <summary>The block has <c>++</c> or <c>--</c>.</summary>
    public bool HasIncrement { get; private set; }

    /// <summary>The block has a compound assignment: <c>+=</c>, <c>|=</c>, <c>??=</c> and the like.</summary>
    public bool HasCompoundAssignment { get; private set; }

    /// <summary>The block has a loop (<c>while</c>, <c>do</c>, <c>for</c>, <c>foreach</c>) or a <c>goto</c>.</summary>
    public bool HasLoop { get; private set; }

    public static CodeFacts Of(SyntaxNode node) => Cache.GetValue(node, Create);

    /// <summary>
    /// True when any declaration of <paramref name="type"/> (nested types included) passes <paramref name="test"/>:
    /// the prefilter of the rules that judge a type as a whole.
    /// </summary>
    public static bool OfTypeAny(INamedTypeSymbol type, Func<CodeFacts, bool> test, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (test(Of(reference.GetSyntax(cancellationToken))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The hash a word is kept as (FNV-1a over its characters).</summary>
    public static int HashOf(string word)
    {
        var hash = Seed;
        foreach (var c in word)
        {
            hash = Step(hash, c);
        }

        return hash;
    }

    public bool Mentions(string name) => _mentionsAnything || _words.Contains(HashOf(name));

    public bool MentionsAny(ImmutableHashSet<string> names)
    {
        if (_mentionsAnything)
        {
            return names.Count > 0;
        }

        foreach (var hash in SetHashes.GetValue(names, static set =>
        {
            var hashes = new int[set.Count];
            var i = 0;
            foreach (var name in set)
            {
                hashes[i++] = HashOf(name);
            }

            return hashes;
        }))
        {
            if (_words.Contains(hash))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Adds the hash of every word of the block to <paramref name="hashes"/> (see <see cref="HashOf"/>).</summary>
    public void AddWordsTo(HashSet<int> hashes) => hashes.UnionWith(_words);

    /// <summary>
    /// True when the block can contain async code at all: the member is async, or the block has an <c>async</c>
    /// lambda or local function or an <c>await</c> (top-level statements are async without the keyword).
    /// </summary>
    public bool MayContainAsyncCode(ISymbol owningSymbol) =>
        owningSymbol is IMethodSymbol { IsAsync: true } || HasAsyncOrAwait;

    private const int Seed = unchecked((int)2166136261);

    private static int Step(int hash, char c) => unchecked((hash ^ c) * 16777619);

    private static bool IsWordChar(char c) =>
        c < 128
            ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
            : char.IsSurrogate(c) || SyntaxFacts.IsIdentifierPartCharacter(c);

    private void AddWord(int hash)
    {
        if (!_words.Add(hash))
        {
            return;
        }

        if (hash == Async || hash == Await)
        {
            HasAsyncOrAwait = true;
        }
        else if (hash == Lock)
        {
            HasLock = true;
        }
        else if (hash == Null)
        {
            HasNull = true;
        }
        else if (hash == While || hash == For || hash == ForEach || hash == Goto)
        {
            HasLoop = true;
        }
    }

    private void Operator(char beforePrevious, char previous, char c)
    {
        if ((c == '+' && previous == '+') || (c == '-' && previous == '-'))
        {
            HasIncrement = true;
        }
        else if (c == '=' && previous is '+' or '-' or '*' or '/' or '%' or '&' or '|' or '^'
            || (c == '=' && previous is '<' or '>' or '?' && beforePrevious == previous))
        {
            // x += 1, x <<= 1, x >>= 1, x ??= y; but not x <= 1, x >= 1 or x == 1.
            HasCompoundAssignment = true;
        }
    }
}
