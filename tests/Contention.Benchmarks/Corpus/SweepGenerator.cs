using System;
using System.Collections.Generic;
using System.Text;

namespace Contention.Benchmarks.Corpus;

/// <summary>What grows in the size sweep.</summary>
public enum SweepShape
{
    /// <summary>One async method of N lines: awaits, locks, task variables awaited and read, parallel loops.</summary>
    Method,

    /// <summary>One class of N lines: many methods sharing fields and locks, so per-type tables grow.</summary>
    Type,
}

/// <summary>
/// The size sweep: one file whose single method or single type grows to a given number of lines, built from the
/// same kinds of code as the corpus, with a hazard planted every few blocks so the expected counts grow with it.
/// </summary>
public static class SweepGenerator
{
    public static readonly IReadOnlyList<int> DefaultSizes = new[] { 1_000, 2_000, 4_000, 8_000, 16_000 };

    public static GeneratedCorpus Generate(SweepShape shape, int lines, int seed = CorpusGenerator.DefaultSeed)
    {
        var random = new Random(seed);
        var d = new Domain(random, 0);
        var expected = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var rule in HazardCode.RuleIds)
        {
            expected[rule] = 0;
        }

        var body = shape == SweepShape.Method ? MethodBody(d, lines, expected) : TypeBody(d, lines, expected);
        var text = new StringBuilder();
        text.Append(CorpusGenerator.Usings.Replace("Corpus.Contracts", "System.Numerics", StringComparison.Ordinal)).Append('\n');
        text.Append("namespace ").Append(d.Namespace).Append(";\n\n");
        text.Append(PlainCode.Model(d)).Append('\n');
        text.Append(Gateway(d)).Append('\n');
        text.Append(body);
        var name = shape == SweepShape.Method ? "one method" : "one type";
        var files = new[] { new CorpusFile($"Sweep/{shape}{lines}.cs", text.ToString()) };
        return new GeneratedCorpus($"{name}, {lines} lines", files, expected);
    }

    private static string Gateway(Domain d) => $$"""
        public interface I{{d.E}}Source
        {
            Task<{{d.E}}?> FetchAsync(int id, CancellationToken cancellationToken);
        }

        """;

    /// <summary>A class with one async method whose body is <paramref name="lines"/> lines of repeated blocks.</summary>
    private static string MethodBody(Domain d, int lines, IDictionary<string, int> expected)
    {
        var E = d.E;
        var blocks = new StringBuilder();
        var written = 40;
        for (var i = 0; written < lines; i++)
        {
            string block;
            switch (i % 8)
            {
                case 0:
                    block = $$"""
                                var item{{i}} = await _source.FetchAsync({{i}}, cancellationToken).ConfigureAwait(false);
                                if (item{{i}} is not null && item{{i}}.Amount > {{i % 100}})
                                {
                                    lock (_gate)
                                    {
                                        _total += item{{i}}.Total;
                                    }
                                }

                        """;
                    break;
                case 1:
                    block = $$"""
                                var pending{{i}} = _source.FetchAsync({{i}}, cancellationToken);
                                await pending{{i}};
                                quantity += pending{{i}}.Result?.Quantity ?? 0;

                        """;
                    break;
                case 2:
                    block = $$"""
                                await _throttle.WaitAsync(cancellationToken).ConfigureAwait(false);
                                try
                                {
                                    codes.Add("{{d.Lower}}-{{i}}");
                                }
                                finally
                                {
                                    _throttle.Release();
                                }

                        """;
                    break;
                case 3:
                    block = $$"""
                                if (quantity % {{(i % 7) + 2}} == 0)
                                {
                                    quantity += {{i}};
                                }
                                else
                                {
                                    quantity -= codes.Count;
                                }

                        """;
                    break;
                case 4:
                    block = $$"""
                                Parallel.For(0, codes.Count, j => Interlocked.Add(ref _scanned, codes[j].Length));

                        """;
                    break;
                case 5:
                    // A planted CTN1001 every 8 blocks: a task read before anything awaited it.
                    expected["CTN1001"]++;
                    block = $$"""
                                var late{{i}} = _source.FetchAsync({{i}}, cancellationToken);
                                quantity += late{{i}}.Result?.Quantity ?? 0;
                                await late{{i}}.ConfigureAwait(false);

                        """;
                    break;
                case 6:
                    block = $$"""
                                for (var k = 0; k < {{(i % 5) + 1}}; k++)
                                {
                                    codes.Add(string.Create(CultureInfo.InvariantCulture, $"{k}-{quantity}"));
                                }

                        """;
                    break;
                default:
                    block = $$"""
                                Monitor.Enter(_gate);
                                try
                                {
                                    _total -= {{i % 10}};
                                }
                                finally
                                {
                                    Monitor.Exit(_gate);
                                }

                        """;
                    break;
            }

            blocks.Append(block);
            written += CorpusGenerator.CountLines(block);
        }

        return $$"""
            public sealed class {{E}}Sweep
            {
                private readonly object _gate = new();
                private readonly SemaphoreSlim _throttle = new(4);
                private readonly I{{E}}Source _source;
                private decimal _total;
                private long _scanned;

                public {{E}}Sweep(I{{E}}Source source) => _source = source;

                public decimal Total
                {
                    get
                    {
                        lock (_gate)
                        {
                            return _total;
                        }
                    }
                }

                public long Scanned => Interlocked.Read(ref _scanned);

                public async Task<int> RunAsync(CancellationToken cancellationToken)
                {
                    var quantity = 0;
                    var codes = new List<string>();
            {{blocks}}        return quantity + codes.Count;
                }
            }

            """;
    }

    /// <summary>A class of <paramref name="lines"/> lines: methods sharing 7 fields and two locks taken in one order.</summary>
    private static string TypeBody(Domain d, int lines, IDictionary<string, int> expected)
    {
        var E = d.E;
        var members = new StringBuilder();
        var fields = new StringBuilder();
        const int FieldCount = 7;
        for (var f = 0; f < FieldCount; f++)
        {
            fields.Append("    private decimal _amount").Append(f).Append(";\n");
        }

        var written = 40 + FieldCount;
        for (var i = 0; written < lines; i++)
        {
            var field = "_amount" + (i % FieldCount);
            string member;
            switch (i % 6)
            {
                case 0:
                    member = $$"""
                            public void Add{{i}}(decimal amount)
                            {
                                lock (_gate)
                                {
                                    {{field}} += amount;
                                    _count++;
                                }
                            }

                        """;
                    break;
                case 1:
                    member = $$"""
                            public decimal Read{{i}}()
                            {
                                lock (_gate)
                                {
                                    return {{field}} * {{(i % 9) + 1}};
                                }
                            }

                        """;
                    break;
                case 2:
                    member = $$"""
                            public async Task<int> Load{{i}}Async(CancellationToken cancellationToken)
                            {
                                var item = await _source.FetchAsync({{i}}, cancellationToken).ConfigureAwait(false);
                                return item?.Quantity ?? 0;
                            }

                        """;
                    break;
                case 3:
                    member = $$"""
                            public void Move{{i}}(decimal amount)
                            {
                                lock (_gate)
                                {
                                    lock (_auditGate)
                                    {
                                        {{field}} -= amount;
                                        _audit.Add("{{i}}");
                                    }
                                }
                            }

                        """;
                    break;
                case 4:
                    member = $$"""
                            public void Scan{{i}}(IReadOnlyList<{{E}}> items)
                            {
                                Parallel.For(0, items.Count, j => Interlocked.Add(ref _scanned, items[j].Quantity));
                            }

                        """;
                    break;
                default:
                    if (i % 24 == 5)
                    {
                        // A planted CTN2004 every 24 members: a write of a field every other access locks.
                        expected["CTN2004"]++;
                        member = $$"""
                                public void Reset{{i}}()
                                {
                                    {{field}} = 0;
                                }

                            """;
                    }
                    else
                    {
                        member = $$"""
                                public static decimal Scale{{i}}(decimal amount, int factor)
                                {
                                    var scaled = amount;
                                    for (var k = 0; k < factor; k++)
                                    {
                                        scaled = Math.Round(scaled * 1.0{{i % 10}}m, 2);
                                    }

                                    return scaled;
                                }

                            """;
                    }

                    break;
            }

            members.Append(member);
            written += CorpusGenerator.CountLines(member);
        }

        return $$"""
            public sealed class {{E}}Ledger
            {
                private readonly Lock _gate = new();
                private readonly Lock _auditGate = new();
                private readonly List<string> _audit = new();
                private readonly I{{E}}Source _source;
                private long _scanned;
                private int _count;
            {{fields}}
                public {{E}}Ledger(I{{E}}Source source) => _source = source;

                public long Scanned => Interlocked.Read(ref _scanned);

            {{members}}}

            """;
    }
}
