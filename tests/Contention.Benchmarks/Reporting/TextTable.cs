using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Contention.Benchmarks;

/// <summary>A Markdown pipe table, aligned so it also reads as plain text.</summary>
public sealed class TextTable
{
    private readonly string[] _headers;
    private readonly List<string[]> _rows = new();
    private readonly bool[] _rightAligned;

    public TextTable(params string[] headers)
    {
        _headers = headers;
        _rightAligned = new bool[headers.Length];
    }

    /// <summary>Right-aligns the columns at <paramref name="columns"/> (numbers).</summary>
    public TextTable AlignRight(params int[] columns)
    {
        foreach (var column in columns)
        {
            _rightAligned[column] = true;
        }

        return this;
    }

    public void Add(params string[] cells)
    {
        if (cells.Length != _headers.Length)
        {
            throw new ArgumentException($"Expected {_headers.Length} cells, got {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells);
    }

    public string Render()
    {
        var widths = _headers.Select((h, i) => Math.Max(3, _rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        for (var i = 0; i < widths.Length; i++)
        {
            widths[i] = Math.Max(widths[i], _headers[i].Length);
        }

        var text = new StringBuilder();
        Row(text, _headers, widths, header: true);
        text.Append('|');
        for (var i = 0; i < widths.Length; i++)
        {
            text.Append(_rightAligned[i] ? new string('-', widths[i] + 1) + ":" : new string('-', widths[i] + 2)).Append('|');
        }

        text.Append('\n');
        foreach (var row in _rows)
        {
            Row(text, row, widths, header: false);
        }

        return text.ToString();
    }

    private void Row(StringBuilder text, string[] cells, int[] widths, bool header)
    {
        text.Append('|');
        for (var i = 0; i < cells.Length; i++)
        {
            var cell = _rightAligned[i] && !header ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]);
            text.Append(' ').Append(cell).Append(" |");
        }

        text.Append('\n');
    }
}
