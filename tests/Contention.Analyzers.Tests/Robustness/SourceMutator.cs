using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Contention.Analyzers.Tests.Robustness;

/// <summary>A broken copy of a corpus file: which one, how it was broken, and its text.</summary>
internal sealed record Variant(int Index, string File, string Description, string Text);

/// <summary>
/// Breaks real source files the ways half-typed code is broken, reproducibly: variant <c>i</c> of a run depends only on
/// the seed, the variant count and <c>i</c>. One variant in seven is a truncation, spread so that each file is cut at
/// every N-th token (N chosen from the count); the others delete or duplicate tokens, remove or add a brace, rename
/// an identifier to a symbol that does not exist, or combine several of these.
/// </summary>
internal sealed class SourceMutator
{
    private const int Kinds = 7;

    private readonly IReadOnlyList<RobustnessCorpus.CorpusFile> _files;
    private readonly IReadOnlyList<IReadOnlyList<SyntaxToken>> _tokens;
    private readonly int _seed;
    private readonly int _count;

    public SourceMutator(IReadOnlyList<RobustnessCorpus.CorpusFile> files, int seed, int count)
    {
        _files = files;
        _tokens = files.Select(f => Tokens(f.Text)).ToArray();
        _seed = seed;
        _count = count;
    }

    public Variant Create(int index)
    {
        var random = new Random(unchecked((_seed * 1_000_003) + index));
        var kind = index % Kinds;
        if (kind == 0)
        {
            return Truncate(index);
        }

        var fileIndex = random.Next(_files.Count);
        var file = _files[fileIndex];
        var (description, text) = kind switch
        {
            1 => DeleteTokens(random, file.Text),
            2 => DuplicateTokens(random, file.Text),
            3 => RemoveBrace(random, file.Text),
            4 => AddBrace(random, file.Text),
            5 => RenameIdentifier(random, file.Text),
            _ => Combine(random, file.Text),
        };
        return new Variant(index, file.Name, description, text);
    }

    private static IReadOnlyList<SyntaxToken> Tokens(string text) =>
        CSharpSyntaxTree.ParseText(text, RobustnessCorpus.ParseOptions).GetRoot()
            .DescendantTokens()
            .Where(t => !t.IsKind(SyntaxKind.EndOfFileToken) && t.Span.Length > 0)
            .ToArray();

    /// <summary>The j-th truncation cuts file j mod F after token phase + (j div F)·N, N = tokens / truncations per file.</summary>
    private Variant Truncate(int index)
    {
        var truncation = index / Kinds;
        var truncations = Math.Max(1, (_count + Kinds - 1) / Kinds);
        var fileIndex = truncation % _files.Count;
        var perFile = Math.Max(1, (truncations + _files.Count - 1) / _files.Count);
        var tokens = _tokens[fileIndex];
        var stride = Math.Max(1, tokens.Count / perFile);
        var phase = new Random(unchecked((_seed * 31) + fileIndex)).Next(stride);
        var cut = Math.Min(tokens.Count - 1, phase + ((truncation / _files.Count) * stride));
        var file = _files[fileIndex];
        return new Variant(
            index,
            file.Name,
            $"truncated after token {cut} of {tokens.Count} ('{tokens[cut].Text}' at {Position(tokens[cut])}), every {stride}th token",
            file.Text.Substring(0, tokens[cut].Span.End));
    }

    private static (string, string) DeleteTokens(Random random, string text)
    {
        var tokens = Tokens(text);
        if (tokens.Count == 0)
        {
            return ("nothing left to change", text);
        }

        var first = random.Next(tokens.Count);
        var last = Math.Min(tokens.Count - 1, first + random.Next(3));
        return (
            $"deleted tokens {first}..{last} ({Quote(tokens, first, last)}) at {Position(tokens[first])}",
            text.Remove(tokens[first].Span.Start, tokens[last].Span.End - tokens[first].Span.Start));
    }

    private static (string, string) DuplicateTokens(Random random, string text)
    {
        var tokens = Tokens(text);
        if (tokens.Count == 0)
        {
            return ("nothing left to change", text);
        }

        var first = random.Next(tokens.Count);
        var last = Math.Min(tokens.Count - 1, first + random.Next(3));
        var start = tokens[first].Span.Start;
        var end = tokens[last].Span.End;
        return (
            $"duplicated tokens {first}..{last} ({Quote(tokens, first, last)}) at {Position(tokens[first])}",
            text.Insert(end, " " + text.Substring(start, end - start)));
    }

    private static (string, string) RemoveBrace(Random random, string text)
    {
        var braces = Tokens(text).Where(t => t.IsKind(SyntaxKind.OpenBraceToken) || t.IsKind(SyntaxKind.CloseBraceToken)).ToArray();
        if (braces.Length == 0)
        {
            return AddBrace(random, text);
        }

        var brace = braces[random.Next(braces.Length)];
        return ($"removed '{brace.Text}' at {Position(brace)}", text.Remove(brace.Span.Start, brace.Span.Length));
    }

    private static (string, string) AddBrace(Random random, string text)
    {
        var tokens = Tokens(text);
        if (tokens.Count == 0)
        {
            return ("nothing left to change", text);
        }

        var before = tokens[random.Next(tokens.Count)];
        var brace = random.Next(2) == 0 ? "{" : "}";
        return ($"added '{brace}' before '{before.Text}' at {Position(before)}", text.Insert(before.Span.Start, brace + " "));
    }

    /// <summary>One occurrence, or every occurrence, of an identifier becomes a name nothing declares.</summary>
    private static (string, string) RenameIdentifier(Random random, string text)
    {
        var identifiers = Tokens(text).Where(t => t.IsKind(SyntaxKind.IdentifierToken)).ToArray();
        if (identifiers.Length == 0)
        {
            return DeleteTokens(random, text);
        }

        var chosen = identifiers[random.Next(identifiers.Length)];
        var missing = "Missing" + random.Next(1000);
        var targets = random.Next(2) == 0
            ? new[] { chosen }
            : identifiers.Where(t => t.ValueText == chosen.ValueText).ToArray();
        var builder = new StringBuilder(text);
        foreach (var token in targets.OrderByDescending(t => t.SpanStart))
        {
            builder.Remove(token.Span.Start, token.Span.Length).Insert(token.Span.Start, missing);
        }

        var which = targets.Length == 1 ? $"'{chosen.Text}' at {Position(chosen)}" : $"all {targets.Length} '{chosen.Text}'";
        return ($"renamed {which} to '{missing}'", builder.ToString());
    }

    private static (string, string) Combine(Random random, string text)
    {
        var steps = new List<string>();
        var mutations = 2 + random.Next(3);
        for (var i = 0; i < mutations; i++)
        {
            var (description, mutated) = random.Next(5) switch
            {
                0 => DeleteTokens(random, text),
                1 => DuplicateTokens(random, text),
                2 => RemoveBrace(random, text),
                3 => AddBrace(random, text),
                _ => RenameIdentifier(random, text),
            };
            steps.Add(description);
            text = mutated;
        }

        return (string.Join(", then ", steps), text);
    }

    private static string Position(SyntaxToken token)
    {
        var position = token.GetLocation().GetLineSpan().StartLinePosition;
        return $"line {position.Line + 1} col {position.Character + 1}";
    }

    private static string Quote(IReadOnlyList<SyntaxToken> tokens, int first, int last) =>
        string.Join(" ", Enumerable.Range(first, last - first + 1).Select(i => "'" + tokens[i].Text + "'"));
}
