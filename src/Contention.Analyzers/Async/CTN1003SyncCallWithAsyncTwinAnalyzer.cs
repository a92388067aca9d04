using System.Collections.Immutable;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Contention.Analyzers.Async;

/// <summary>
/// CTN1003: in async code, a synchronous call that has an awaitable twin (see <see cref="AsyncTwin"/>), or a
/// synchronous <c>using</c> of an <c>IAsyncDisposable</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CTN1003SyncCallWithAsyncTwinAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CTN1003SyncCallWithAsyncTwin);

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
            var asyncDisposable = symbols.AsyncDisposable;
            CodeBlocks.Register(start, static (facts, owner) => facts.MayContainAsyncCode(owner), block =>
            {
                block.RegisterOperationAction(ctx => AnalyzeInvocation(ctx, twins, symbols, options), OperationKind.Invocation);
                if (asyncDisposable is not null)
                {
                    block.RegisterOperationAction(ctx => AnalyzeUsing(ctx, asyncDisposable, options), OperationKind.Using, OperationKind.UsingDeclaration);
                }
            });
        });
    }

    private static void AnalyzeInvocation(OperationContext context, AsyncTwin twins, KnownSymbols symbols, System.Func<SyntaxTree, ContentionOptions> options)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!AsyncContext.IsInAsyncCode(invocation, context.ContainingSymbol, out var function)
            || BlockingPrimitives.HasZeroTimeout(invocation, symbols)
            || twins.Find(invocation, function) is not { } twin)
        {
            return;
        }

        var treeOptions = options(invocation.Syntax.SyntaxTree);
        if (treeOptions.ExcludedMethods(DiagnosticIds.CTN1003SyncCallWithAsyncTwin).Matches(invocation.TargetMethod)
            || treeOptions.IsInExcludedType(context.ContainingSymbol))
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(PropertyNames.FixKind, PropertyNames.FixAwaitTwin)
            .Add(PropertyNames.TwinName, twin.Name);
        if (AsyncTwin.TakesExtraToken(invocation.TargetMethod, twin))
        {
            // A token in scope, or CancellationToken.None where the twin requires one.
            var token = CancellationTokens.FindInScope(invocation, symbols)?.Name;
            if (token is null && !twin.Parameters[twin.Parameters.Length - 1].IsOptional)
            {
                token = "global::System.Threading.CancellationToken.None";
            }

            if (token is not null)
            {
                properties = properties.Add(PropertyNames.CancellationToken, token);
            }
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CTN1003SyncCallWithAsyncTwin,
            NameToEnd(invocation.Syntax),
            properties,
            Display(invocation.TargetMethod),
            AsyncContext.Describe(function!),
            "await " + Display(twin)));
    }

    private static void AnalyzeUsing(OperationContext context, INamedTypeSymbol asyncDisposable, System.Func<SyntaxTree, ContentionOptions> options)
    {
        if (options(context.Operation.Syntax.SyntaxTree).IsInExcludedType(context.ContainingSymbol))
        {
            return;
        }

        var (isAsynchronous, resources, keyword) = context.Operation switch
        {
            IUsingOperation statement => (statement.IsAsynchronous, statement.Resources, (statement.Syntax as UsingStatementSyntax)?.UsingKeyword),
            IUsingDeclarationOperation declaration => (declaration.IsAsynchronous, (IOperation)declaration.DeclarationGroup, (declaration.Syntax as LocalDeclarationStatementSyntax)?.UsingKeyword),
            _ => (true, null!, null),
        };
        if (isAsynchronous || keyword is null || ResourceType(resources) is not { } type
            || !Implements(type, asyncDisposable) || AsyncTwin.IsSynchronousDisposable(type)
            || !AsyncContext.IsInAsyncCode(context.Operation, context.ContainingSymbol, out var function))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CTN1003SyncCallWithAsyncTwin,
            keyword.Value.GetLocation(),
            ImmutableDictionary<string, string?>.Empty.Add(PropertyNames.FixKind, PropertyNames.FixAwaitUsing),
            $"using' of '{type.Name}",
            AsyncContext.Describe(function!),
            "await using"));
    }

    /// <summary><c>File.ReadAllText</c>; an extension method by its name alone (<c>ToList</c>), since its class says little.</summary>
    private static string Display(IMethodSymbol method) =>
        method.IsExtensionMethod ? method.Name : method.ContainingType.Name + "." + method.Name;

    private static ITypeSymbol? ResourceType(IOperation resources)
    {
        if (resources is IVariableDeclarationGroupOperation group)
        {
            foreach (var declaration in group.Declarations)
            {
                foreach (var declarator in declaration.Declarators)
                {
                    return declarator.Symbol.Type;
                }
            }

            return null;
        }

        return resources is IConversionOperation conversion ? conversion.Operand.Type : resources.Type;
    }

    private static bool Implements(ITypeSymbol type, INamedTypeSymbol @interface)
    {
        if (SymbolEqualityComparer.Default.Equals(type, @interface))
        {
            return true;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented, @interface))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>From the method name to the end of the call: <c>ReadAllText(path)</c> in <c>File.ReadAllText(path)</c>.</summary>
    private static Location NameToEnd(SyntaxNode syntax)
    {
        if (syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation)
        {
            return Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(access.Name.SpanStart, invocation.Span.End));
        }

        return syntax.GetLocation();
    }
}
