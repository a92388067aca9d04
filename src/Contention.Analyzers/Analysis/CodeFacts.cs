using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Contention.Analyzers.Analysis;

/// <summary>
/// What a code block's text says, for the syntactic prefilters: the words it uses (identifiers and keywords, also in
/// comments and strings: a prefilter may say yes too often, never too rarely) and whether it has <c>async</c> or
/// <c>await</c>, a <c>lock</c>, <c>++</c>/<c>--</c>, a compound assignment, a loop or <c>null</c>. Computed once per
/// block, on first request, by one pass over the source characters: no syntax node or token is created and no
/// string is allocated; words are kept as 32-bit hashes.
/// </summary>
public sealed class CodeFacts
{
    private const int ChunkSize = 4096;

    private static readonly ConditionalWeakTable<SyntaxNode, CodeFacts> Cache = new();
    private static readonly ConditionalWeakTable<SyntaxNode, CodeFacts>.CreateValueCallback Create = node => new CodeFacts(node);
    private static readonly ConditionalWeakTable<ImmutableHashSet<string>, int[]> SetHashes = new();

    private static readonly int Async = HashOf("async");
    private static readonly int Await = HashOf("await");
    private static readonly int Lock = HashOf("lock");
    private static readonly int While = HashOf("while");
    private static readonly int For = HashOf("for");
    private static readonly int ForEach = HashOf("foreach");
    private static readonly int Goto = HashOf("goto");
    private static readonly int Null = HashOf("null");
    private static readonly int New = HashOf("new");

    [ThreadStatic]
    private static char[]? t_buffer;

    [ThreadStatic]
    private static WordTable? t_scratch;

    [ThreadStatic]
    private static WeakReference<SyntaxNode>? t_lastNode;

    [ThreadStatic]
    private static CodeFacts? t_lastFacts;

    /// <summary>The hashes of the block's words, as an open-addressed table (see <see cref="WordTable"/>).</summary>
    private readonly int[] _words;
    private bool _mentionsAnything;

    private CodeFacts(SyntaxNode node)
    {
        var text = node.SyntaxTree.GetText();
        var span = node.Span;
        var buffer = t_buffer ??= new char[ChunkSize];
        var words = t_scratch ??= new WordTable();
        words.Clear(); // empty unless a block before this one failed halfway
        var hash = 0;
        var inWord = false;
        var afterNew = false;
        char previous = '\0', beforePrevious = '\0';
        for (var offset = 0; offset < span.Length; offset += ChunkSize)
        {
            var length = Math.Min(ChunkSize, span.Length - offset);
            text.CopyTo(span.Start + offset, buffer, 0, length);
            for (var i = 0; i < length; i++)
            {
                var c = buffer[i];
                bool isWordChar;
                if (c < 128)
                {
                    isWordChar = AsciiWordChars[c];

                    // A Unicode escape can spell any identifier (Sl\u0065ep): such a block mentions everything.
                    _mentionsAnything |= (c | 0x20) == 'u' && previous == '\\';
                }
                else if (char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
                {
                    // The compiler drops formatting characters from an identifier's name.
                    continue;
                }
                else
                {
                    isWordChar = char.IsSurrogate(c) || SyntaxFacts.IsIdentifierPartCharacter(c);
                }

                if (isWordChar)
                {
                    hash = inWord ? Step(hash, c) : Step(Seed, c);
                    inWord = true;
                    afterNew = false;
                }
                else
                {
                    if (inWord)
                    {
                        AddWord(words, hash);
                        inWord = false;
                        afterNew = hash == New;
                    }

                    if (afterNew && !char.IsWhiteSpace(c))
                    {
                        // new(...): a target-typed creation, whose type the block need not name.
                        HasTargetTypedNew |= c == '(';
                        afterNew = false;
                    }

                    if (c is '+' or '-' or '=')
                    {
                        Operator(beforePrevious, previous, c);
                    }
                }

                beforePrevious = previous;
                previous = c;
            }
        }

        if (inWord)
        {
            AddWord(words, hash);
        }

        _words = words.ToTableAndClear();
    }

    /// <summary>The block has the <c>async</c> or <c>await</c> keyword (its own modifier included).</summary>
    public bool HasAsyncOrAwait { get; private set; }

    /// <summary>The block has a <c>lock</c> statement.</summary>
    public bool HasLock { get; private set; }

    /// <summary>The block has the <c>null</c> keyword.</summary>
    public bool HasNull { get; private set; }

    /// <summary>The block has a target-typed <c>new(...)</c>.</summary>
    public bool HasTargetTypedNew { get; private set; }

    /// <summary>The block has <c>++</c> or <c>--</c>.</summary>
    public bool HasIncrement { get; private set; }

    /// <summary>The block has a compound assignment: <c>+=</c>, <c>|=</c>, <c>??=</c> and the like.</summary>
    public bool HasCompoundAssignment { get; private set; }

    /// <summary>The block has a loop (<c>while</c>, <c>do</c>, <c>for</c>, <c>foreach</c>) or a <c>goto</c>.</summary>
    public bool HasLoop { get; private set; }

    /// <summary>
    /// The facts of <paramref name="node"/>'s text, computed on first request. The driver usually runs every rule's
    /// code block action on a block one after the other on one thread, so each thread remembers the block it last
    /// asked about (weakly: a finished compilation's trees are not kept alive by a pool thread) and answers again
    /// without the table lookup.
    /// </summary>
    public static CodeFacts Of(SyntaxNode node)
    {
        var last = t_lastNode ??= new WeakReference<SyntaxNode>(node);
        if (t_lastFacts is { } lastFacts && last.TryGetTarget(out var lastNode) && ReferenceEquals(lastNode, node))
        {
            return lastFacts;
        }

        var facts = Cache.GetValue(node, Create);
        last.SetTarget(node);
        t_lastFacts = facts;
        return facts;
    }

    /// <summary>
    /// True when any declaration of <paramref name="type"/> (nested types included) passes <paramref name="test"/>:
    /// the prefilter of the rules that judge a type as a whole.
    /// </summary>
    public static bool OfTypeAny(INamedTypeSymbol type, Func<CodeFacts, bool> test, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (test(Of(reference.GetSyntax(cancellationToken))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The hash a word is kept as (FNV-1a over its characters).</summary>
    public static int HashOf(string word)
    {
        var hash = Seed;
        foreach (var c in word)
        {
            hash = Step(hash, c);
        }

        return hash;
    }

    public bool Mentions(string name) => _mentionsAnything || WordTable.Contains(_words, HashOf(name));

    public bool MentionsAny(ImmutableHashSet<string> names)
    {
        if (_mentionsAnything)
        {
            return names.Count > 0;
        }

        foreach (var hash in SetHashes.GetValue(names, static set =>
        {
            var hashes = new int[set.Count];
            var i = 0;
            foreach (var name in set)
            {
                hashes[i++] = HashOf(name);
            }

            return hashes;
        }))
        {
            if (WordTable.Contains(_words, hash))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the block has a word with one of these hashes (see <see cref="HashOf"/>).</summary>
    public bool MentionsAny(int[] hashes)
    {
        if (_mentionsAnything)
        {
            return hashes.Length > 0;
        }

        foreach (var hash in hashes)
        {
            if (WordTable.Contains(_words, hash))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Adds the hash of every word of the block to <paramref name="hashes"/> (see <see cref="HashOf"/>); false when the
    /// block may spell any word (a Unicode escape), so that no list of its words is complete.
    /// </summary>
    public bool AddWordsTo(HashSet<int> hashes)
    {
        if (_mentionsAnything)
        {
            return false;
        }

        foreach (var key in _words)
        {
            if (key != WordTable.Empty)
            {
                WordTable.AddOriginals(key, hashes);
            }
        }

        return true;
    }

    /// <summary>
    /// True when the block can contain async code at all: the member is async, or the block has an <c>async</c>
    /// lambda or local function or an <c>await</c> (top-level statements are async without the keyword).
    /// </summary>
    public bool MayContainAsyncCode(ISymbol owningSymbol) =>
        owningSymbol is IMethodSymbol { IsAsync: true } || HasAsyncOrAwait;

    private const int Seed = unchecked((int)2166136261);

    private static int Step(int hash, char c) => unchecked((hash ^ c) * 16777619);

    /// <summary>The ASCII characters an identifier or keyword is made of: letters, digits and the underscore.</summary>
    private static readonly bool[] AsciiWordChars = CreateAsciiWordChars();

    private static bool[] CreateAsciiWordChars()
    {
        var chars = new bool[128];
        for (var c = 0; c < chars.Length; c++)
        {
            chars[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        }

        return chars;
    }

    private void AddWord(WordTable words, int hash)
    {
        if (!words.Add(hash))
        {
            return;
        }

        if (hash == Async || hash == Await)
        {
            HasAsyncOrAwait = true;
        }
        else if (hash == Lock)
        {
            HasLock = true;
        }
        else if (hash == Null)
        {
            HasNull = true;
        }
        else if (hash == While || hash == For || hash == ForEach || hash == Goto)
        {
            HasLoop = true;
        }
    }

    private void Operator(char beforePrevious, char previous, char c)
    {
        if ((c == '+' && previous == '+') || (c == '-' && previous == '-'))
        {
            HasIncrement = true;
        }
        else if (c == '=' && previous is '+' or '-' or '*' or '/' or '%' or '&' or '|' or '^'
            || (c == '=' && previous is '<' or '>' or '?' && beforePrevious == previous))
        {
            // x += 1, x <<= 1, x >>= 1, x ??= y; but not x <= 1, x >= 1 or x == 1.
            HasCompoundAssignment = true;
        }
    }
}

/// <summary>
/// A set of word hashes with no per-word allocation: built in a scratch table reused by the thread, then copied into
/// an exact-size open-addressed array (linear probing, at most half full) that the block's facts keep. Zero marks an
/// empty slot, so the hash zero is kept as <see cref="ZeroStandIn"/>: both <see cref="Add"/> and
/// <see cref="Contains"/> map it, which can only make a word look present, never absent.
/// </summary>
internal sealed class WordTable
{
    public const int Empty = 0;
    private const int ZeroStandIn = 1;

    private static readonly int[] NoWords = new int[1];

    private int[] _slots = new int[1024];
    private int[] _used = new int[512];
    private int _count;

    /// <summary>Adds <paramref name="hash"/>; false when it was there already.</summary>
    public bool Add(int hash)
    {
        var key = Key(hash);
        var i = Find(_slots, key);
        if (_slots[i] == key)
        {
            return false;
        }

        if (_count == _used.Length)
        {
            Array.Resize(ref _used, _used.Length * 2);
        }

        _slots[i] = key;
        _used[_count++] = i;
        if (_count * 2 > _slots.Length)
        {
            Grow();
        }

        return true;
    }

    /// <summary>Empties the scratch table: a no-op after <see cref="ToTableAndClear"/>, which empties it too.</summary>
    public void Clear()
    {
        for (var n = 0; n < _count; n++)
        {
            _slots[_used[n]] = Empty;
        }

        _count = 0;
    }

    /// <summary>The words as a table for <see cref="Contains"/>, at most half full; the scratch table is left empty.</summary>
    public int[] ToTableAndClear()
    {
        if (_count == 0)
        {
            return NoWords;
        }

        var size = 4;
        while (size < _count * 2)
        {
            size *= 2;
        }

        var table = new int[size];
        for (var n = 0; n < _count; n++)
        {
            var key = _slots[_used[n]];
            _slots[_used[n]] = Empty;
            table[Find(table, key)] = key;
        }

        _count = 0;
        return table;
    }

    public static bool Contains(int[] table, int hash) => table[Find(table, Key(hash))] != Empty;

    /// <summary>Adds the hashes a slot may stand for: the stand-in is both itself and zero.</summary>
    public static void AddOriginals(int key, HashSet<int> hashes)
    {
        hashes.Add(key);
        if (key == ZeroStandIn)
        {
            hashes.Add(Empty);
        }
    }

    private static int Key(int hash) => hash == Empty ? ZeroStandIn : hash;

    /// <summary>The slot of <paramref name="key"/> in <paramref name="table"/>, or the empty slot where it would go (a table is never full).</summary>
    private static int Find(int[] table, int key)
    {
        var mask = table.Length - 1;
        var i = (int)(((uint)key * 2654435769u) >> 7) & mask;
        while (table[i] != Empty && table[i] != key)
        {
            i = (i + 1) & mask;
        }

        return i;
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new int[old.Length * 2];
        for (var n = 0; n < _count; n++)
        {
            var key = old[_used[n]];
            var i = Find(_slots, key);
            _slots[i] = key;
            _used[n] = i;
        }
    }
}
