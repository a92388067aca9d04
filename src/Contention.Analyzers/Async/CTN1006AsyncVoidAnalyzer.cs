using System.Collections.Concurrent;
using System.Collections.Immutable;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Contention.Analyzers.Async;

/// <summary>
/// CTN1006: <c>async void</c> methods and local functions that are not event handlers, and async lambdas converted to
/// void-returning delegates. An event handler is a method of <c>(sender, EventArgs)</c> shape or one the type
/// subscribes to an event; overrides and interface implementations cannot choose their return type.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CTN1006AsyncVoidAnalyzer : DiagnosticAnalyzer
{
    private const string ReturnTask = "return 'Task' instead";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CTN1006AsyncVoid);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var symbols = KnownSymbols.For(start.Compilation);
            var options = ContentionOptions.CreateCache(start.Compilation, start.Options);
            bool Excluded(ISymbol symbol, SyntaxTree? tree) => tree is not null && options(tree).IsInExcludedType(symbol);
            CodeBlocks.RegisterTypeAction(
                start,
                typeStart =>
                {
                    if (!Excluded(typeStart.Symbol, typeStart.Symbol.Locations.Length > 0 ? typeStart.Symbol.Locations[0].SourceTree : null))
                    {
                        AnalyzeType(typeStart, symbols);
                    }
                });
            // An async lambda or local function has the keyword.
            CodeBlocks.Register(start, static (facts, _) => facts.HasAsyncOrAwait, block =>
            {
                if (Excluded(block.OwningSymbol, block.SyntaxTree))
                {
                    return;
                }

                block.RegisterOperationAction(ctx => AnalyzeLambda(ctx, symbols), OperationKind.AnonymousFunction);
                block.RegisterOperationAction(ctx => AnalyzeLocalFunction(ctx, symbols), OperationKind.LocalFunction);
            });
        });
    }

    /// <summary>Methods are judged at the end of their type, once every event subscription in it has been seen.</summary>
    private static void AnalyzeType(TypeScope context, KnownSymbols symbols)
    {
        var type = (INamedTypeSymbol)context.Symbol;

        // An async void method spells both keywords in its declaration: most types are turned away by their text.
        if (!CodeFacts.OfTypeAny(type, static facts => facts.Mentions("async") && facts.Mentions("void"), context.CancellationToken)
            || !HasAsyncVoidMethod(type))
        {
            return;
        }

        var subscribed = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
        CodeBlocks.Register(context, block =>
        {
            // Subscribing a method takes '+=' and its name.
            if (block.Facts.HasCompoundAssignment)
            {
                block.RegisterOperationAction(
                    ctx =>
                    {
                        if (((IEventAssignmentOperation)ctx.Operation).HandlerValue is IDelegateCreationOperation { Target: IMethodReferenceOperation handler })
                        {
                            subscribed.TryAdd(handler.Method.OriginalDefinition, true);
                        }
                    },
                    OperationKind.EventAssignment);
            }
        });
        context.RegisterSymbolEndAction(end =>
        {
            foreach (var member in type.GetMembers())
            {
                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsAsync: true, ReturnsVoid: true, IsOverride: false } method
                    && !subscribed.ContainsKey(method)
                    && !IsEventHandlerShaped(method, symbols)
                    && !ImplementsInterface(method)
                    && !method.Locations.IsEmpty)
                {
                    end.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.CTN1006AsyncVoid, method.Locations[0], $"'{method.Name}'", ReturnTask));
                }
            }
        });
    }

    private static void AnalyzeLocalFunction(OperationContext context, KnownSymbols symbols)
    {
        var function = ((ILocalFunctionOperation)context.Operation).Symbol;
        if (function is { IsAsync: true, ReturnsVoid: true } && !IsEventHandlerShaped(function, symbols)
            && context.Operation.Syntax is LocalFunctionStatementSyntax syntax)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CTN1006AsyncVoid, syntax.Identifier.GetLocation(), $"local function '{function.Name}'", ReturnTask));
        }
    }

    private static void AnalyzeLambda(OperationContext context, KnownSymbols symbols)
    {
        var lambda = (IAnonymousFunctionOperation)context.Operation;
        if (lambda.Symbol is not { IsAsync: true, ReturnsVoid: true }
            || lambda.Parent is not IDelegateCreationOperation { Type: INamedTypeSymbol { DelegateInvokeMethod: { } invoke } delegateType } creation
            || creation.Parent is IEventAssignmentOperation
            || IsEventHandlerShaped(invoke, symbols))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CTN1006AsyncVoid,
            HeaderLocation(lambda.Syntax),
            $"this async lambda, converted to '{delegateType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}',",
            "pass it where a 'Func<Task>'-like delegate is accepted, or make it synchronous"));
    }

    private static bool HasAsyncVoidMethod(INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is IMethodSymbol { IsAsync: true, ReturnsVoid: true })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>(object sender, XxxEventArgs e)</c>: two parameters, the second an <c>EventArgs</c> or named like one.</summary>
    private static bool IsEventHandlerShaped(IMethodSymbol method, KnownSymbols symbols) =>
        method.Parameters.Length == 2
        && (KnownSymbols.InheritsFrom(method.Parameters[1].Type, symbols.EventArgs)
            || method.Parameters[1].Type.Name.EndsWith("EventArgs", System.StringComparison.Ordinal));

    private static bool ImplementsInterface(IMethodSymbol method)
    {
        if (!method.ExplicitInterfaceImplementations.IsEmpty)
        {
            return true;
        }

        foreach (var @interface in method.ContainingType.AllInterfaces)
        {
            foreach (var member in @interface.GetMembers(method.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(member), method))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>From <c>async</c> to <c>=&gt;</c> (or the end of <c>delegate(..)</c>): the part a user reads as the signature.</summary>
    private static Location HeaderLocation(SyntaxNode syntax)
    {
        var end = syntax switch
        {
            LambdaExpressionSyntax lambda => lambda.ArrowToken.Span.End,
            AnonymousMethodExpressionSyntax method => method.ParameterList?.Span.End ?? method.DelegateKeyword.Span.End,
            _ => syntax.Span.End,
        };
        return Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(syntax.SpanStart, end));
    }
}
