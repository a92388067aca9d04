using System;

namespace HazardGallery;

/// <summary>Per-thread request state for the logger: a nesting depth and a default culture.</summary>
public static class RequestContext
{
    [ThreadStatic]
    private static string? t_culture = "en-GB";

    public static string Culture => t_culture ?? "invariant";

    public static void Use(string culture) => t_culture = culture;
}
