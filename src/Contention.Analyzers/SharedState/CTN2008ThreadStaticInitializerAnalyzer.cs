using System.Collections.Immutable;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Contention.Analyzers.SharedState;

/// <summary>
/// CTN2008: a static <c>[ThreadStatic]</c> field with an initializer. The initializer is part of the static
/// constructor, which runs once, on whichever thread first touches the type; every other thread starts with the
/// default value. An initializer that is itself the default (<c>0</c>, <c>null</c>, <c>false</c>, <c>default</c>)
/// changes nothing and is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CTN2008ThreadStaticInitializerAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CTN2008ThreadStaticInitializer);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var symbols = KnownSymbols.For(start.Compilation);
            if (symbols.ThreadStaticAttribute is null)
            {
                return;
            }

            var options = ContentionOptions.CreateCache(start.Compilation, start.Options);
            start.RegisterSymbolAction(ctx => Analyze(ctx, symbols, options), SymbolKind.Field);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, KnownSymbols symbols, System.Func<SyntaxTree, ContentionOptions> options)
    {
        var field = (IFieldSymbol)context.Symbol;
        if (!field.IsStatic || field.IsConst || !symbols.IsThreadStatic(field))
        {
            return;
        }

        foreach (var reference in field.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(context.CancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { IsMissing: false, ContainsDiagnostics: false } value } declarator
                && !options(declarator.SyntaxTree).IsInExcludedType(field)
                && !IsDefaultValue(value))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.CTN2008ThreadStaticInitializer,
                    declarator.GetLocation(),
                    field.Name,
                    DefaultText(field.Type)));
            }
        }
    }

    /// <summary><c>default</c>, <c>null</c>, <c>false</c> or a zero literal: what every thread sees anyway.</summary>
    private static bool IsDefaultValue(ExpressionSyntax value) => value switch
    {
        LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.NullLiteralExpression) || literal.IsKind(SyntaxKind.DefaultLiteralExpression) => true,
        LiteralExpressionSyntax literal => literal.Token.Value switch
        {
            bool flag => !flag,
            char character => character == '\0',
            int number => number == 0,
            long number => number == 0,
            uint number => number == 0,
            ulong number => number == 0,
            double number => number == 0,
            float number => number == 0,
            decimal number => number == 0,
            _ => false,
        },
        DefaultExpressionSyntax => true,
        CastExpressionSyntax cast => IsDefaultValue(cast.Expression),
        ParenthesizedExpressionSyntax parenthesized => IsDefaultValue(parenthesized.Expression),
        _ => false,
    };

    private static string DefaultText(ITypeSymbol type) => type switch
    {
        { IsReferenceType: true } => "null",
        { SpecialType: SpecialType.System_Boolean } => "false",
        { SpecialType: >= SpecialType.System_Char and <= SpecialType.System_Double } => "0",
        _ => "its default value",
    };
}
