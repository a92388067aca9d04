using System.Collections.Immutable;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.Analyzers.Locking;

/// <summary>
/// CTN3001: a type that locks <c>this</c>, or one of its own non-private fields or properties, shares its
/// monitor with every piece of code that can reach that object.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CTN3001LockOnReachableObjectAnalyzer : DiagnosticAnalyzer
{
    private static readonly ImmutableDictionary<string, string?> ThisProperties =
        ImmutableDictionary<string, string?>.Empty.Add(PropertyNames.LockTarget, PropertyNames.LockTargetThis);

    private static readonly ImmutableDictionary<string, string?> MemberProperties =
        ImmutableDictionary<string, string?>.Empty.Add(PropertyNames.LockTarget, PropertyNames.LockTargetMember);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CTN3001LockOnReachableObject);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start => LockSites.Register(start, Analyze));
    }

    private static void Analyze(OperationContext context, IOperation lockedValue, Location location)
    {
        var target = LockTargets.Unwrap(lockedValue);
        if (LockTargets.IsThis(target))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CTN3001LockOnReachableObject, location, ThisProperties, "'this'", target.Type!.Name));
            return;
        }

        var type = context.ContainingSymbol.ContainingType;
        if (type is null || target.Type is not { IsReferenceType: true } targetType || HasWeakIdentity(targetType))
        {
            return;
        }

        var member = LockTargets.OwnMember(target, type);
        if (member is null || !LockTargets.IsReachableFromOutside(member) || IsSyncRoot(member))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CTN3001LockOnReachableObject,
            location,
            MemberProperties,
            LockTargets.Describe(member),
            member.ContainingType.Name));
    }

    /// <summary><c>SyncRoot</c> is published on purpose so that callers can synchronize with the collection.</summary>
    private static bool IsSyncRoot(ISymbol member) => member is IPropertySymbol { Name: "SyncRoot" };

    /// <summary>Objects shared process-wide whatever their accessibility are CTN3002's hazard, not this one.</summary>
    private static bool HasWeakIdentity(ITypeSymbol type) => CTN3002LockOnWeakIdentityAnalyzer.WhyWeak(type) is not null;
}
