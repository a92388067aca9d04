using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Security;

namespace Contention.Harness;

/// <summary>
/// A report file the command line asked for (<c>--json</c>, <c>--markdown</c>). It is created before anything runs,
/// so a bad path fails at once and not after the runs, and disposing it deletes it unless <see cref="Keep"/> was
/// called: a failed run leaves no half-written or empty file that looks like a result.
/// </summary>
internal sealed class ReportFile : IDisposable
{
    private readonly FileStream _stream;
    private readonly Action<Stream, IReadOnlyList<VariantResult>> _write;
    private bool _keep;

    private ReportFile(string path, string format, FileStream stream, Action<Stream, IReadOnlyList<VariantResult>> write)
    {
        Path = path;
        Format = format;
        _stream = stream;
        _write = write;
    }

    public string Path { get; }

    /// <summary>What the file holds, for error messages: <c>JSON</c>, <c>Markdown</c>.</summary>
    public string Format { get; }

    /// <summary>Creates (or truncates) <paramref name="path"/>; <paramref name="write"/> fills it once the runs are done.</summary>
    public static bool TryOpen(
        string path,
        string format,
        Action<Stream, IReadOnlyList<VariantResult>> write,
        [NotNullWhen(true)] out ReportFile? file,
        [NotNullWhen(false)] out string? error)
    {
        try
        {
            file = new ReportFile(path, format, new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read), write);
            error = null;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or SecurityException)
        {
            file = null;
            error = CannotWrite(format, path, e);
            return false;
        }
    }

    public bool TryWrite(IReadOnlyList<VariantResult> results, [NotNullWhen(false)] out string? error)
    {
        try
        {
            _write(_stream, results);
            _stream.Flush();
            error = null;
            return true;
        }
        catch (IOException e)
        {
            error = CannotWrite(Format, Path, e);
            return false;
        }
    }

    /// <summary>The run succeeded: keep the file when it is disposed.</summary>
    public void Keep() => _keep = true;

    public void Dispose()
    {
        try
        {
            _stream.Dispose();
        }
        catch (IOException)
        {
            // Nothing is left to write (TryWrite flushed), and a failed run deletes the file anyway.
        }

        if (!_keep)
        {
            TryDelete(Path);
        }
    }

    private static string CannotWrite(string format, string path, Exception e) => $"cannot write {format} to '{path}': {e.Message}";

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The error already reported matters more than the leftover file.
        }
    }
}
