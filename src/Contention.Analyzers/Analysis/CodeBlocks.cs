using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
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

    /// <summary>
    /// Runs <paramref name="action"/> on the code blocks that pass <paramref name="prefilter"/>, a syntactic question
    /// asked of the block's facts and its owning symbol. Most blocks fail a rule's prefilter; for those no
    /// <see cref="CodeBlock"/> is made at all (with 29 rules, that is most of the per-block work of the driver's
    /// callbacks).
    /// </summary>
    public static void Register(CompilationStartAnalysisContext start, Func<CodeFacts, ISymbol, bool> prefilter, Action<CodeBlock> action) =>
        Register(start, (facts, owner, _) => prefilter(facts, owner), action);

    /// <summary>As above, for a prefilter that may need the cancellation token (to read the type's other declarations, or the declarations index).</summary>
    public static void Register(CompilationStartAnalysisContext start, Func<CodeFacts, ISymbol, CancellationToken, bool> prefilter, Action<CodeBlock> action) =>
        start.RegisterCodeBlockAction(context =>
        {
            if (prefilter(CodeFacts.Of(context.CodeBlock), context.OwningSymbol, context.CancellationToken))
            {
                Run(context, action);
            }
        });

    /// <summary>
    /// Runs <paramref name="action"/> once for each named type of the compilation (generated code aside), to judge it
    /// as a whole: a symbol start action's scope without the driver's per-symbol bookkeeping (see <see cref="TypeScope"/>).
    /// </summary>
    public static void RegisterTypeAction(CompilationStartAnalysisContext start, Action<TypeScope> action)
    {
        var models = new SemanticModels(start.Compilation);
        start.RegisterSymbolAction(context => TypeScope.Run(context, models, action), SymbolKind.NamedType);
    }

    /// <summary>Runs <paramref name="action"/> on every code block of the type's members.</summary>
    public static void Register(TypeScope scope, Action<CodeBlock> action) => scope.RegisterCodeBlockAction(action);

    /// <summary>Runs <paramref name="action"/> on each operation of one of <paramref name="kinds"/> in the type's members.</summary>
    public static void RegisterOperationAction(TypeScope scope, Action<OperationContext> action, params OperationKind[] kinds) =>
        Register(scope, block => block.RegisterOperationAction(action, kinds));

    /// <summary>As above, in the blocks that pass <paramref name="gate"/> only.</summary>
    public static void RegisterOperationAction(TypeScope scope, Func<CodeBlock, bool> gate, Action<OperationContext> action, params OperationKind[] kinds) =>
        Register(scope, block =>
        {
            if (gate(block))
            {
                block.RegisterOperationAction(action, kinds);
            }
        });

    private static void Run(in CodeBlockAnalysisContext context, Action<CodeBlock> action)
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
    private readonly Action<Diagnostic> _report;
    private ImmutableArray<IOperation> _operationBlocks;
    private List<(Action<OperationContext> Action, OperationKind[] Kinds)>? _actions;

    internal CodeBlock(in CodeBlockAnalysisContext context)
        : this(context.CodeBlock, context.OwningSymbol, context.SemanticModel, context.Options, context.ReportDiagnostic, context.CancellationToken)
    {
    }

    internal CodeBlock(SyntaxNode syntax, ISymbol owner, SemanticModel model, AnalyzerOptions options, Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        Syntax = syntax;
        OwningSymbol = owner;
        SemanticModel = model;
        Options = options;
        _report = report;
        CancellationToken = cancellationToken;
    }

    /// <summary>The member (or the field, for a field initializer) the block belongs to.</summary>
    public ISymbol OwningSymbol { get; }

    /// <summary>The block's declaration syntax.</summary>
    public SyntaxNode Syntax { get; }

    public SyntaxTree SyntaxTree => Syntax.SyntaxTree;

    public SemanticModel SemanticModel { get; }

    public Compilation Compilation => SemanticModel.Compilation;

    public AnalyzerOptions Options { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>What the block's tokens say, computed once per block and shared by every rule.</summary>
    public CodeFacts Facts => CodeFacts.Of(Syntax);

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
                _operationBlocks = Bind(Syntax, OwningSymbol, SemanticModel, CancellationToken);
            }

            return _operationBlocks;
        }
    }

    /// <summary>Runs <paramref name="action"/> on each operation of one of <paramref name="kinds"/> in the block.</summary>
    public void RegisterOperationAction(Action<OperationContext> action, params OperationKind[] kinds)
    {
        (_actions ??= new List<(Action<OperationContext>, OperationKind[])>()).Add((action, kinds));
    }

    public void ReportDiagnostic(Diagnostic diagnostic) => _report(diagnostic);

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
                CancellationToken.ThrowIfCancellationRequested();
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
