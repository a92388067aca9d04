namespace Contention.Analyzers;

/// <summary>Keys of <see cref="Microsoft.CodeAnalysis.Diagnostic.Properties"/> the analyzers hand to the fixers.</summary>
public static class PropertyNames
{
    /// <summary>Name of a <c>CancellationToken</c> parameter or local in scope at the diagnostic (CTN1002).</summary>
    public const string CancellationToken = nameof(CancellationToken);

    /// <summary>What a lock targets: <see cref="LockTargetThis"/> or <see cref="LockTargetMember"/> (CTN3001).</summary>
    public const string LockTarget = nameof(LockTarget);

    public const string LockTargetThis = "this";
    public const string LockTargetMember = "member";
}
