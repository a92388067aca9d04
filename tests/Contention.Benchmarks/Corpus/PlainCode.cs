using System;
using System.Collections.Generic;
using System.Text;

namespace Contention.Benchmarks.Corpus;

/// <summary>
/// Plain business logic, most of the corpus: records, rules, calculations, validation, in-memory repositories,
/// formatting and parsing. No threads, no locks, no tasks; every rule must stay silent on it.
/// </summary>
internal static class PlainCode
{
    /// <summary>The file's entity, its status enum and a small value type.</summary>
    public static string Model(Domain d)
    {
        var E = d.E;
        return $$"""
            public enum {{E}}Status
            {
                Draft,
                Active,
                Suspended,
                Closed,
                Archived,
            }

            /// <summary>A {{d.Lower}} as the {{d.Area.ToLowerInvariant()}} module stores it.</summary>
            public sealed record {{E}}(int Id, string Code, string Owner, decimal Amount, int Quantity, DateTime CreatedAt, {{E}}Status Status)
            {
                public decimal Total => Amount * Quantity;

                public bool IsOpen => Status is {{E}}Status.Draft or {{E}}Status.Active;

                public int AgeInDays(DateTime now) => (int)(now - CreatedAt).TotalDays;

                public {{E}} WithStatus({{E}}Status status) => this with { Status = status };

                public override string ToString() => $"{{E}} {Code} ({Status}) {Amount:0.00} x {Quantity}";
            }

            public readonly record struct {{E}}Key(string Region, int Id)
            {
                public static {{E}}Key Parse(string text)
                {
                    var separator = text.IndexOf(':');
                    if (separator <= 0 || !int.TryParse(text.AsSpan(separator + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
                    {
                        throw new FormatException($"'{text}' is not a {{d.Lower}} key.");
                    }

                    return new {{E}}Key(text.Substring(0, separator), id);
                }

                public override string ToString() => Region + ":" + Id.ToString(CultureInfo.InvariantCulture);
            }

            """;
    }

    /// <summary>A class of calculations, made of <paramref name="methods"/> methods drawn from a pool.</summary>
    public static string Analytics(Domain d, Random random, int methods)
    {
        var name = d.Unique(d.E + Pick(random, "Analytics", "Pricing", "Metrics", "Calculator", "Planner", "Forecast"));
        var body = new StringBuilder();
        for (var i = 0; i < methods; i++)
        {
            body.Append(AnalyticsMethod(d, random, i));
        }

        var methodsText = body.ToString().TrimEnd('\n') + "\n";

        var rate = random.Next(5, 25);
        return $$"""
            /// <summary>Figures about {{d.LowerPlural}} for the {{d.Area.ToLowerInvariant()}} dashboards.</summary>
            public sealed class {{name}}
            {
                private readonly decimal _taxRate;
                private readonly int _pageSize;

                public {{name}}(decimal taxRate = 0.{{rate:D2}}m, int pageSize = {{random.Next(10, 100)}})
                {
                    if (taxRate < 0 || taxRate > 1)
                    {
                        throw new ArgumentOutOfRangeException(nameof(taxRate));
                    }

                    _taxRate = taxRate;
                    _pageSize = pageSize;
                }

                public int PageSize => _pageSize;

            {{methodsText}}}

            """;
    }

    private static string AnalyticsMethod(Domain d, Random random, int index)
    {
        var E = d.E;
        var Es = d.Es;
        var n = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        switch (random.Next(14))
        {
            case 0:
                return $$"""
                        public decimal Total{{n}}(IEnumerable<{{E}}> {{d.LowerPlural}})
                        {
                            decimal total = 0;
                            foreach (var item in {{d.LowerPlural}})
                            {
                                if (item.Status == {{E}}Status.Closed || item.Status == {{E}}Status.Archived)
                                {
                                    continue;
                                }

                                total += item.Amount * item.Quantity;
                            }

                            return Math.Round(total * (1 + _taxRate), 2, MidpointRounding.AwayFromZero);
                        }


                    """;
            case 1:
                return $$"""
                        public decimal Discount{{n}}({{E}} item)
                        {
                            var rate = item.Quantity switch
                            {
                                >= {{random.Next(100, 500)}} => 0.{{random.Next(10, 20)}}m,
                                >= {{random.Next(20, 99)}} => 0.0{{random.Next(5, 9)}}m,
                                >= {{random.Next(5, 19)}} => 0.0{{random.Next(1, 4)}}m,
                                _ => 0m,
                            };
                            if (item.Status == {{E}}Status.Suspended)
                            {
                                rate /= 2;
                            }

                            return Math.Round(item.Total * rate, 2);
                        }


                    """;
            case 2:
                return $$"""
                        public IReadOnlyDictionary<{{E}}Status, decimal> ByStatus{{n}}(IEnumerable<{{E}}> {{d.LowerPlural}}) =>
                            {{d.LowerPlural}}
                                .GroupBy(item => item.Status)
                                .OrderBy(group => group.Key)
                                .ToDictionary(group => group.Key, group => group.Sum(item => item.Total));


                    """;
            case 3:
                return $$"""
                        public IReadOnlyList<string> Top{{n}}(IEnumerable<{{E}}> {{d.LowerPlural}}, int count)
                        {
                            return {{d.LowerPlural}}
                                .Where(item => item.IsOpen)
                                .OrderByDescending(item => item.Total)
                                .ThenBy(item => item.Code, StringComparer.Ordinal)
                                .Take(count)
                                .Select(item => $"{item.Code}: {item.Total:0.00}")
                                .ToList();
                        }


                    """;
            case 4:
                return $$"""
                        public double AverageAge{{n}}(IReadOnlyCollection<{{E}}> {{d.LowerPlural}}, DateTime now)
                        {
                            if ({{d.LowerPlural}}.Count == 0)
                            {
                                return 0;
                            }

                            var days = 0L;
                            foreach (var item in {{d.LowerPlural}})
                            {
                                days += item.AgeInDays(now);
                            }

                            return (double)days / {{d.LowerPlural}}.Count;
                        }


                    """;
            case 5:
                return $$"""
                        public decimal Tax{{n}}({{E}} item, string region)
                        {
                            var rate = region switch
                            {
                                "{{Pick(random, "EU", "DE", "FR", "NL")}}" => 0.{{random.Next(15, 25)}}m,
                                "{{Pick(random, "UK", "IE", "NO")}}" => 0.{{random.Next(15, 25)}}m,
                                "{{Pick(random, "US", "CA", "AU")}}" => 0.0{{random.Next(5, 9)}}m,
                                _ => _taxRate,
                            };
                            return Math.Round(item.Total * rate, 2, MidpointRounding.ToEven);
                        }


                    """;
            case 6:
                return $$"""
                        public List<List<{{E}}>> Batches{{n}}(IReadOnlyList<{{E}}> {{d.LowerPlural}})
                        {
                            var batches = new List<List<{{E}}>>();
                            var current = new List<{{E}}>(_pageSize);
                            for (var i = 0; i < {{d.LowerPlural}}.Count; i++)
                            {
                                current.Add({{d.LowerPlural}}[i]);
                                if (current.Count == _pageSize)
                                {
                                    batches.Add(current);
                                    current = new List<{{E}}>(_pageSize);
                                }
                            }

                            if (current.Count > 0)
                            {
                                batches.Add(current);
                            }

                            return batches;
                        }


                    """;
            case 7:
                return $$"""
                        public static string NormalizeCode{{n}}(string code)
                        {
                            if (string.IsNullOrWhiteSpace(code))
                            {
                                return string.Empty;
                            }

                            var builder = new StringBuilder(code.Length);
                            foreach (var c in code.Trim())
                            {
                                if (char.IsLetterOrDigit(c))
                                {
                                    builder.Append(char.ToUpperInvariant(c));
                                }
                                else if (c is '-' or '_' or ' ')
                                {
                                    builder.Append('-');
                                }
                            }

                            return builder.ToString();
                        }


                    """;
            case 8:
                return $$"""
                        public IReadOnlyCollection<string> DuplicateCodes{{n}}(IEnumerable<{{E}}> {{d.LowerPlural}})
                        {
                            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                            var duplicates = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
                            foreach (var item in {{d.LowerPlural}})
                            {
                                if (!seen.Add(item.Code))
                                {
                                    duplicates.Add(item.Code);
                                }
                            }

                            return duplicates;
                        }


                    """;
            case 9:
                return $$"""
                        public decimal[] MovingAverage{{n}}(IReadOnlyList<{{E}}> {{d.LowerPlural}}, int window)
                        {
                            var result = new decimal[Math.Max(0, {{d.LowerPlural}}.Count - window + 1)];
                            decimal sum = 0;
                            for (var i = 0; i < {{d.LowerPlural}}.Count; i++)
                            {
                                sum += {{d.LowerPlural}}[i].Amount;
                                if (i >= window)
                                {
                                    sum -= {{d.LowerPlural}}[i - window].Amount;
                                }

                                if (i >= window - 1)
                                {
                                    result[i - window + 1] = sum / window;
                                }
                            }

                            return result;
                        }


                    """;
            case 10:
                return $$"""
                        public static {{E}}? ParseLine{{n}}(string line)
                        {
                            var parts = line.Split(';');
                            if (parts.Length < 6
                                || !int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
                                || !decimal.TryParse(parts[3], NumberStyles.Number, CultureInfo.InvariantCulture, out var amount)
                                || !int.TryParse(parts[4], NumberStyles.Integer, CultureInfo.InvariantCulture, out var quantity)
                                || !DateTime.TryParse(parts[5], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created))
                            {
                                return null;
                            }

                            var status = parts.Length > 6 && Enum.TryParse<{{E}}Status>(parts[6], ignoreCase: true, out var parsed) ? parsed : {{E}}Status.Draft;
                            return new {{E}}(id, parts[1].Trim(), parts[2].Trim(), amount, quantity, created, status);
                        }


                    """;
            case 11:
                return $$"""
                        public static List<{{E}}> MergeByDate{{n}}(IReadOnlyList<{{E}}> left, IReadOnlyList<{{E}}> right)
                        {
                            var merged = new List<{{E}}>(left.Count + right.Count);
                            int i = 0, j = 0;
                            while (i < left.Count && j < right.Count)
                            {
                                if (left[i].CreatedAt <= right[j].CreatedAt)
                                {
                                    merged.Add(left[i++]);
                                }
                                else
                                {
                                    merged.Add(right[j++]);
                                }
                            }

                            while (i < left.Count)
                            {
                                merged.Add(left[i++]);
                            }

                            while (j < right.Count)
                            {
                                merged.Add(right[j++]);
                            }

                            return merged;
                        }


                    """;
            case 12:
                return $$"""
                        public (int Pages, IReadOnlyList<{{E}}> Page) Page{{n}}(IReadOnlyList<{{E}}> {{d.LowerPlural}}, int page)
                        {
                            var pages = ({{d.LowerPlural}}.Count + _pageSize - 1) / _pageSize;
                            if (page < 0 || (pages > 0 && page >= pages))
                            {
                                throw new ArgumentOutOfRangeException(nameof(page), page, $"There are {pages} pages.");
                            }

                            var slice = {{d.LowerPlural}}.Skip(page * _pageSize).Take(_pageSize).ToArray();
                            return (pages, slice);
                        }


                    """;
            default:
                return $$"""
                        public IEnumerable<{{E}}> Overdue{{n}}(IEnumerable<{{E}}> {{d.LowerPlural}}, DateTime now, int days = {{random.Next(7, 90)}})
                        {
                            foreach (var item in {{d.LowerPlural}})
                            {
                                if (item.IsOpen && item.AgeInDays(now) > days)
                                {
                                    yield return item.WithStatus({{E}}Status.Suspended);
                                }
                            }
                        }


                    """;
        }
    }

    public static string Validator(Domain d, Random random)
    {
        var E = d.E;
        var name = d.Unique(E + "Validator");
        var maxAmount = random.Next(1_000, 1_000_000);
        var maxCode = random.Next(8, 32);
        return $$"""
            /// <summary>Checks a {{d.Lower}} before it is stored; returns every problem, not just the first.</summary>
            public sealed class {{name}}
            {
                private readonly HashSet<string> _blockedOwners;

                public {{name}}(IEnumerable<string> blockedOwners) => _blockedOwners = new HashSet<string>(blockedOwners, StringComparer.OrdinalIgnoreCase);

                public IReadOnlyList<string> Validate({{E}} item, DateTime now)
                {
                    var problems = new List<string>();
                    if (item.Id <= 0)
                    {
                        problems.Add("Id must be positive.");
                    }

                    if (string.IsNullOrWhiteSpace(item.Code))
                    {
                        problems.Add("Code is required.");
                    }
                    else if (item.Code.Length > {{maxCode}})
                    {
                        problems.Add($"Code is longer than {{maxCode}} characters: {item.Code.Length}.");
                    }

                    if (item.Amount < 0 || item.Amount > {{maxAmount}}m)
                    {
                        problems.Add($"Amount {item.Amount} is out of range.");
                    }

                    if (item.Quantity <= 0)
                    {
                        problems.Add("Quantity must be at least one.");
                    }

                    if (item.CreatedAt > now.AddMinutes(5))
                    {
                        problems.Add("CreatedAt is in the future.");
                    }

                    if (_blockedOwners.Contains(item.Owner))
                    {
                        problems.Add($"Owner '{item.Owner}' is blocked.");
                    }

                    if (item.Status == {{E}}Status.Archived && item.Amount != 0)
                    {
                        problems.Add("An archived {{d.Lower}} must have no amount left.");
                    }

                    return problems;
                }

                public bool IsValid({{E}} item, DateTime now) => Validate(item, now).Count == 0;
            }

            """;
    }

    public static string Repository(Domain d, Random random)
    {
        var E = d.E;
        var name = d.Unique(E + Pick(random, "Repository", "Store", "Register", "Book"));
        return $$"""
            /// <summary>An in-memory store of {{d.LowerPlural}}, used by one request at a time.</summary>
            public sealed class {{name}}
            {
                private readonly Dictionary<int, {{E}}> _items = new();
                private readonly Dictionary<string, int> _idsByCode = new(StringComparer.OrdinalIgnoreCase);
                private int _nextId = {{random.Next(1, 1000)}};

                public int Count => _items.Count;

                public {{E}} Add(string code, string owner, decimal amount, int quantity, DateTime now)
                {
                    if (_idsByCode.ContainsKey(code))
                    {
                        throw new InvalidOperationException($"A {{d.Lower}} with code '{code}' exists already.");
                    }

                    var item = new {{E}}(_nextId++, code, owner, amount, quantity, now, {{E}}Status.Draft);
                    _items.Add(item.Id, item);
                    _idsByCode.Add(code, item.Id);
                    return item;
                }

                public {{E}}? Find(int id) => _items.TryGetValue(id, out var item) ? item : null;

                public {{E}}? FindByCode(string code) => _idsByCode.TryGetValue(code, out var id) ? _items[id] : null;

                public bool Update(int id, Func<{{E}}, {{E}}> change)
                {
                    if (!_items.TryGetValue(id, out var item))
                    {
                        return false;
                    }

                    var updated = change(item);
                    if (updated.Id != id)
                    {
                        throw new InvalidOperationException("The id of a {{d.Lower}} cannot change.");
                    }

                    _items[id] = updated;
                    if (!string.Equals(updated.Code, item.Code, StringComparison.OrdinalIgnoreCase))
                    {
                        _idsByCode.Remove(item.Code);
                        _idsByCode[updated.Code] = id;
                    }

                    return true;
                }

                public bool Remove(int id)
                {
                    if (!_items.Remove(id, out var item))
                    {
                        return false;
                    }

                    _idsByCode.Remove(item.Code);
                    return true;
                }

                public IReadOnlyList<{{E}}> WithStatus({{E}}Status status) =>
                    _items.Values.Where(item => item.Status == status).OrderBy(item => item.Id).ToList();

                public IReadOnlyList<{{E}}> OwnedBy(string owner) =>
                    _items.Values.Where(item => string.Equals(item.Owner, owner, StringComparison.OrdinalIgnoreCase)).ToList();
            }

            """;
    }

    public static string Report(Domain d, Random random)
    {
        var E = d.E;
        var name = d.Unique(E + Pick(random, "ReportBuilder", "Summary", "Statement", "Digest"));
        var width = random.Next(10, 24);
        return $$"""
            /// <summary>Formats {{d.LowerPlural}} as a fixed-width text report.</summary>
            public sealed class {{name}}
            {
                private readonly StringBuilder _text = new();
                private int _rows;

                public {{name}} Header(string title, DateTime generatedAt)
                {
                    _text.AppendLine(title.ToUpperInvariant());
                    _text.Append("Generated ").AppendLine(generatedAt.ToString("u", CultureInfo.InvariantCulture));
                    _text.AppendLine(new string('=', {{width * 4}}));
                    _text.Append("Code".PadRight({{width}})).Append("Owner".PadRight({{width}})).Append("Status".PadRight({{width}})).AppendLine("Total");
                    return this;
                }

                public {{name}} Row({{E}} item)
                {
                    _text.Append(Cut(item.Code)).Append(Cut(item.Owner)).Append(Cut(item.Status.ToString()));
                    _text.AppendLine(item.Total.ToString("N2", CultureInfo.InvariantCulture));
                    _rows++;
                    return this;
                }

                public {{name}} Rows(IEnumerable<{{E}}> {{d.LowerPlural}})
                {
                    foreach (var item in {{d.LowerPlural}})
                    {
                        Row(item);
                    }

                    return this;
                }

                public string Build()
                {
                    _text.AppendLine(new string('-', {{width * 4}}));
                    _text.Append(_rows.ToString(CultureInfo.InvariantCulture)).AppendLine(_rows == 1 ? " row" : " rows");
                    return _text.ToString();
                }

                private static string Cut(string value) =>
                    value.Length >= {{width}} ? value.Substring(0, {{width - 1}}) + " " : value.PadRight({{width}});
            }

            """;
    }

    public static string Workflow(Domain d, Random random)
    {
        var E = d.E;
        var name = d.Unique(E + Pick(random, "Workflow", "Lifecycle", "Transitions"));
        return $$"""
            /// <summary>Which status a {{d.Lower}} may move to, and the audit line for each move.</summary>
            public static class {{name}}
            {
                public static bool CanMove({{E}}Status from, {{E}}Status to) => (from, to) switch
                {
                    ({{E}}Status.Draft, {{E}}Status.Active) => true,
                    ({{E}}Status.Draft, {{E}}Status.Archived) => true,
                    ({{E}}Status.Active, {{E}}Status.Suspended) => true,
                    ({{E}}Status.Active, {{E}}Status.Closed) => true,
                    ({{E}}Status.Suspended, {{E}}Status.Active) => true,
                    ({{E}}Status.Suspended, {{E}}Status.Closed) => true,
                    ({{E}}Status.Closed, {{E}}Status.Archived) => true,
                    _ => false,
                };

                public static {{E}} Move({{E}} item, {{E}}Status to, ICollection<string> audit)
                {
                    if (!CanMove(item.Status, to))
                    {
                        throw new InvalidOperationException($"{{E}} {item.Code} cannot move from {item.Status} to {to}.");
                    }

                    audit.Add($"{item.Code}: {item.Status} -> {to}");
                    return item.WithStatus(to);
                }

                public static IReadOnlyList<{{E}}Status> Next({{E}}Status from)
                {
                    var next = new List<{{E}}Status>();
                    foreach (var status in Enum.GetValues<{{E}}Status>())
                    {
                        if (CanMove(from, status))
                        {
                            next.Add(status);
                        }
                    }

                    return next;
                }

                public static string Describe({{E}}Status status) => status switch
                {
                    {{E}}Status.Draft => "being prepared",
                    {{E}}Status.Active => "in effect",
                    {{E}}Status.Suspended => "on hold",
                    {{E}}Status.Closed => "finished",
                    {{E}}Status.Archived => "kept for the records",
                    _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
                };
            }

            """;
    }

    public static string Settings(Domain d, Random random)
    {
        var name = d.Unique(d.E + "Settings");
        return $$"""
            /// <summary>Settings of the {{d.Area.ToLowerInvariant()}} module that deal with {{d.LowerPlural}}.</summary>
            public sealed record {{name}}
            {
                public int MaxBatchSize { get; init; } = {{random.Next(10, 500)}};

                public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds({{random.Next(50, 2000)}});

                public int MaxAttempts { get; init; } = {{random.Next(2, 6)}};

                public string DefaultRegion { get; init; } = "{{Pick(random, "EU", "US", "UK", "APAC")}}";

                public IReadOnlyList<string> BlockedOwners { get; init; } = Array.Empty<string>();

                public static {{name}} FromPairs(IEnumerable<KeyValuePair<string, string>> pairs)
                {
                    var settings = new {{name}}();
                    foreach (var (key, value) in pairs)
                    {
                        settings = key switch
                        {
                            "maxBatchSize" => settings with { MaxBatchSize = int.Parse(value, CultureInfo.InvariantCulture) },
                            "retryDelayMs" => settings with { RetryDelay = TimeSpan.FromMilliseconds(double.Parse(value, CultureInfo.InvariantCulture)) },
                            "maxAttempts" => settings with { MaxAttempts = int.Parse(value, CultureInfo.InvariantCulture) },
                            "defaultRegion" => settings with { DefaultRegion = value },
                            "blockedOwners" => settings with { BlockedOwners = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                            _ => settings,
                        };
                    }

                    return settings;
                }
            }

            """;
    }

    public static string Pick(Random random, params string[] options) => options[random.Next(options.Length)];
}
