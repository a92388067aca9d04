using System.Collections.Immutable;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Contention.Analyzers.Locking;

/// <summary>
/// CTN3002: a lock on a string, a <c>Type</c> or other reflection object, a <c>Thread</c> or a
/// <c>MarshalByRefObject</c>. Subclasses of <c>MarshalByRefObject</c> (streams, writers, components) are not
/// reported: on .NET they have no remoting identity and are ordinary objects.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CTN3002LockOnWeakIdentityAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CTN3002LockOnWeakIdentity);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start => LockSites.Register(start, Analyze));
    }

    private static void Analyze(OperationContext context, IOperation lockedValue, Location location)
    {
        var target = LockTargets.Unwrap(lockedValue);
        if (WhyWeak(target.Type) is { } reason)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CTN3002LockOnWeakIdentity, location, target.Syntax.ToString(), reason));
        }
    }

    /// <summary>Why locking an object of <paramref name="type"/> is shared with unrelated code, or null when it is not.</summary>
    public static string? WhyWeak(ITypeSymbol? type)
    {
        if (type is null)
        {
            return null;
        }

        if (type.SpecialType == SpecialType.System_String)
        {
            return "equal strings can be one interned object shared by the whole process";
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            var name = current.ContainingNamespace?.ToDisplayString() + "." + current.Name;
            switch (name)
            {
                case "System.Type":
                    return "the same Type object is handed to every piece of code in the process";
                case "System.Reflection.MemberInfo" or "System.Reflection.ParameterInfo":
                    return "reflection objects are cached and shared with any code that asks for them";
                case "System.Threading.Thread":
                    return "any code can get hold of the same Thread object";
            }
        }

        return type.ContainingNamespace?.ToDisplayString() == "System" && type.Name == "MarshalByRefObject"
            ? "a MarshalByRefObject may be a proxy whose identity is shared across domains"
            : null;
    }
}
