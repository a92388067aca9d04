namespace Contention.Analyzers;

/// <summary>The three hazard families; each maps to one ID range.</summary>
public static class DiagnosticCategories
{
    public const string Async = "Contention.Async";
    public const string SharedState = "Contention.SharedState";
    public const string Locking = "Contention.Locking";
}
