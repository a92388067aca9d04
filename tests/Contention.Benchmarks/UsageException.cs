using System;

namespace Contention.Benchmarks;

/// <summary>A bad command line or a missing input: printed as one <c>error: ...</c> line, exit code 2.</summary>
public sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }
}
