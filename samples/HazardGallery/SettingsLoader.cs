using System.Collections.Generic;
using System.Threading;

namespace HazardGallery;

/// <summary>Loads settings once, on first use, from whichever thread gets there first.</summary>
public sealed class SettingsLoader
{
    private static readonly Lock s_gate = new();
    private static SettingsLoader? s_current;

    private readonly Dictionary<string, string> _values = new() { ["region"] = "eu-west" };

    public static SettingsLoader Current
    {
        get
        {
            if (s_current == null)
            {
                lock (s_gate)
                {
                    if (s_current == null)
                    {
                        s_current = new SettingsLoader();
                    }
                }
            }

            return s_current;
        }
    }

    public string this[string key] => _values[key];
}
