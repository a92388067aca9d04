namespace Contention.Analyzers;

/// <summary>
/// Every diagnostic ID Contention reports. IDs are never reused: a retired ID stays here as a comment.
/// CTN1xxx blocking inside async code, CTN2xxx unsynchronized shared state, CTN3xxx lock misuse.
/// </summary>
public static class DiagnosticIds
{
    public const string CTN1002ThreadSleepInAsync = "CTN1002";

    public const string CTN3001LockOnReachableObject = "CTN3001";
}
