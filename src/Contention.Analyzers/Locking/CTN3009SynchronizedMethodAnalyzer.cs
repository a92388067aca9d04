using System.Collections.Immutable;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Contention.Analyzers.Locking;

/// <summary>CTN3009: <c>[MethodImpl(MethodImplOptions.Synchronized)]</c> locks <c>this</c> or the type object.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CTN3009SynchronizedMethodAnalyzer : DiagnosticAnalyzer
{
    /// <summary><c>MethodImplOptions.Synchronized</c>.</summary>
    public const int SynchronizedFlag = 0x20;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CTN3009SynchronizedMethod);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var options = ContentionOptions.CreateCache(start.Compilation, start.Options);
            start.RegisterSymbolAction(ctx => Analyze(ctx, options), SymbolKind.Method);
        });
    }

    /// <summary>True when <paramref name="method"/> runs under its object's (or type's) monitor.</summary>
    public static bool IsSynchronized(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (IsSynchronized(attribute))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsSynchronized(AttributeData attribute) =>
        attribute.AttributeClass is { Name: "MethodImplAttribute" }
        && attribute.ConstructorArguments.Length == 1
        && attribute.ConstructorArguments[0].Value is { } value
        && (System.Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) & SynchronizedFlag) != 0;

    private static void Analyze(SymbolAnalysisContext context, System.Func<SyntaxTree, ContentionOptions> options)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (method.IsAsync)
        {
            return; // the compiler rejects it already (CS4015)
        }

        foreach (var attribute in method.GetAttributes())
        {
            if (!IsSynchronized(attribute)
                || attribute.ApplicationSyntaxReference is not { } reference
                || options(reference.SyntaxTree).IsInExcludedType(method))
            {
                continue;
            }

            var target = method.IsStatic ? $"the Type object of '{method.ContainingType.Name}'" : "this instance";
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CTN3009SynchronizedMethod,
                Location.Create(reference.SyntaxTree, reference.Span),
                method.Name,
                target));
        }
    }
}
