namespace Contention.Analyzers;

/// <summary>Keys of <see cref="Microsoft.CodeAnalysis.Diagnostic.Properties"/> the analyzers hand to the fixers.</summary>
public static class PropertyNames
{
    /// <summary>
    /// The <c>CancellationToken</c> a fix passes (CTN1002, CTN1003): a parameter or local in scope, or for CTN1003 the
    /// expression <c>CancellationToken.None</c> where the twin requires a token.
    /// </summary>
    public const string CancellationToken = nameof(CancellationToken);

    /// <summary>Which rewrite a diagnostic gets (CTN1001, CTN1003): one of the <c>FixAwait*</c> values; absent when none is right.</summary>
    public const string FixKind = nameof(FixKind);

    /// <summary><c>t.Result</c>, <c>t.Wait()</c>, <c>t.GetAwaiter().GetResult()</c> → <c>await t</c>.</summary>
    public const string FixAwait = "Await";

    /// <summary><c>Task.WaitAll(..)</c> → <c>await Task.WhenAll(..)</c>.</summary>
    public const string FixAwaitWhenAll = "WhenAll";

    /// <summary><c>Task.WaitAny(..);</c> as a statement → <c>await Task.WhenAny(..);</c>.</summary>
    public const string FixAwaitWhenAny = "WhenAny";

    /// <summary>A call → <c>await</c> of its twin named by <see cref="TwinName"/> (CTN1003).</summary>
    public const string FixAwaitTwin = "Twin";

    /// <summary><c>using</c> → <c>await using</c> (CTN1003).</summary>
    public const string FixAwaitUsing = "AwaitUsing";

    /// <summary>The name of the awaitable twin a call is rewritten to (CTN1003).</summary>
    public const string TwinName = nameof(TwinName);

    /// <summary>What a lock targets: <see cref="LockTargetThis"/> or <see cref="LockTargetMember"/> (CTN3001).</summary>
    public const string LockTarget = nameof(LockTarget);

    public const string LockTargetThis = "this";
    public const string LockTargetMember = "member";

    /// <summary>Present when the locked field is reassigned outside constructors, so adding <c>readonly</c> would not compile (CTN3003).</summary>
    public const string Reassigned = nameof(Reassigned);

    /// <summary>The name of the lock a [GuardedBy] field or [RequiresLock] method names (CTN2009): the fix locks it.</summary>
    public const string LockName = nameof(LockName);
}
