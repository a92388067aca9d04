using System.Collections.Generic;

namespace HazardGallery;

/// <summary>An in-memory audit log shared by the request handlers.</summary>
public sealed class AuditLog
{
    private readonly List<string> _lines = new();

    public void Write(string line)
    {
        // CTN3001: any code holding this AuditLog can take the same monitor and stall every writer.
        lock (this)
        {
            _lines.Add(line);
        }
    }

    public IReadOnlyList<string> Snapshot()
    {
        lock (_lines)
        {
            return _lines.ToArray();
        }
    }
}
