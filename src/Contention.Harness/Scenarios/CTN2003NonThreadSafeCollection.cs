using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Contention.Harness.Scenarios;

/// <summary>
/// CTN2003: a <c>List&lt;int&gt;</c> and a <c>Dictionary&lt;int, int&gt;</c> written from a <c>Parallel.For</c> body.
/// Neither is safe for concurrent writes: two adds take the same slot, a resize copies the array while another add
/// writes to the old one, and a dictionary's buckets and entries fall out of step. Items go missing, and the
/// collections throw (.NET detects some corruption and says so). Each fill runs on a thread of its own under a
/// watchdog, because a corrupted collection could also loop forever.
/// </summary>
internal sealed class CTN2003NonThreadSafeCollection : Scenario
{
    public const string Unit = "items missing or wrong";

    public override string RuleId => "CTN2003";

    public override string Title => "List<T> and Dictionary<K,V> filled from Parallel.For";

    public override string Description =>
        "List<T> and Dictionary<TKey,TValue> are not safe for concurrent writes: items go missing and the collections throw or corrupt";

    public override string Measures =>
        "items missing from a list and keys missing or wrong in a dictionary, each filled with threads x iterations items by a " +
        "Parallel.For (threads = max degree of parallelism), and what the fills threw (timeout = watchdog per fill)";

    public override ScenarioSettings Defaults { get; } =
        new(Threads: 4, Iterations: 50_000, Timeout: TimeSpan.FromSeconds(1), Repeat: 3);

    public override Measurement Run(Variant variant, ScenarioSettings settings, CancellationToken cancellationToken)
    {
        var count = checked(settings.Threads * settings.Iterations);
        IRoster roster = variant == Variant.Hazard ? new Hazard.Roster() : new Fixed.Roster();
        ISquareTable table = variant == Variant.Hazard ? new Hazard.SquareTable() : new Fixed.SquareTable();
        var clock = Stopwatch.StartNew();
        var list = Fill(
            variant == Variant.Hazard ? "List<int>" : "ConcurrentBag<int>",
            options => roster.AddAll(count, options),
            outcome => CheckItems(roster.Items, count, outcome),
            count,
            settings,
            cancellationToken);
        var dictionary = Fill(
            variant == Variant.Hazard ? "Dictionary<int, int>" : "ConcurrentDictionary<int, int>",
            options => table.FillAll(count, options),
            outcome => CheckSquares(table.Squares, count, outcome),
            count,
            settings,
            cancellationToken);
        var elapsed = clock.Elapsed;

        return new Measurement(
            list.ShowsHazard || dictionary.ShowsHazard,
            list.Missing + dictionary.Missing + dictionary.Wrong,
            Unit,
            $"{list.Describe()}; {dictionary.Describe()}; Parallel.For on {settings.Threads} threads, {elapsed.TotalMilliseconds:0} ms");
    }

    /// <summary>
    /// Runs one fill (a Parallel.For) and then its check on a thread of its own, and gives up on them after the
    /// timeout. What the Parallel.For throws is evidence, not a failure of the run.
    /// </summary>
    private static FillOutcome Fill(
        string name, Action<ParallelOptions> fill, Action<FillOutcome> check, int count, ScenarioSettings settings, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // Cancelled when the watchdog fires: workers that are not stuck stop at their next iteration.
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var options = new ParallelOptions { MaxDegreeOfParallelism = settings.Threads, CancellationToken = stop.Token };
        var outcome = new FillOutcome(name, count);
        var thread = DedicatedThread.Start($"CTN2003 {name}", () =>
        {
            try
            {
                fill(options);
            }
            catch (AggregateException e)
            {
                outcome.Threw(e.Flatten().InnerExceptions);
            }

            check(outcome);
        });

        if (!thread.Join(settings.Timeout))
        {
            // The token source is not disposed and the outcome not used: the abandoned threads may still touch them.
            stop.Cancel();
            var unfinished = new FillOutcome(name, count);
            unfinished.TimedOut(settings.Timeout);
            return unfinished;
        }

        stop.Dispose();
        cancellationToken.ThrowIfCancellationRequested();
        if (thread.Failure is { } failure)
        {
            // Reading the collection back threw: that is the corruption showing too.
            outcome.CheckFailed(failure);
        }

        return outcome;
    }

    /// <summary>What one fill did to its collection. Written by the fill's thread, read once it is joined.</summary>
    private sealed class FillOutcome
    {
        private readonly string _name;
        private readonly int _expected;
        private string? _checked;
        private int _exceptions;
        private string? _firstException;
        private string? _checkFailure;
        private TimeSpan? _timedOut;

        public FillOutcome(string name, int expected) => (_name, _expected) = (name, expected);

        /// <summary>Items or keys the check did not find; 0 when there was no check.</summary>
        public int Missing { get; private set; }

        /// <summary>Keys found with a value other than the one set.</summary>
        public int Wrong { get; private set; }

        public bool ShowsHazard => Missing > 0 || Wrong > 0 || _exceptions > 0 || _checkFailure is not null || _timedOut is not null;

        public void Threw(IReadOnlyList<Exception> exceptions)
        {
            _exceptions = exceptions.Count;
            _firstException = exceptions.Count > 0 ? exceptions[0].GetType().Name : null;
        }

        public void ItemsKept(int kept, int count)
        {
            Missing = _expected - kept;
            _checked = $"{Missing} of {_expected} items missing (Count {count})";
        }

        public void KeysFound(int missing, int wrong, int count)
        {
            Missing = missing;
            Wrong = wrong;
            _checked = $"{missing} of {_expected} keys missing, {wrong} wrong (Count {count})";
        }

        public void CheckFailed(Exception failure) => _checkFailure = failure.GetType().Name;

        public void TimedOut(TimeSpan timeout) => _timedOut = timeout;

        /// <summary>"Dictionary&lt;int, int&gt;: 12 of 200000 keys missing, 0 wrong (Count 199988), threw InvalidOperationException and the loop stopped".</summary>
        public string Describe()
        {
            if (_timedOut is { } timeout)
            {
                return $"{_name}: the fill did not finish within {timeout.TotalMilliseconds:0} ms (its threads were abandoned)";
            }

            var parts = new List<string>();
            if (_checked is not null)
            {
                parts.Add(_checked);
            }

            if (_exceptions > 0)
            {
                parts.Add(_exceptions == 1
                    ? $"threw {_firstException} and the loop stopped"
                    : $"threw {_exceptions} exceptions (first {_firstException}) and the loop stopped");
            }

            if (_checkFailure is not null)
            {
                parts.Add($"reading it back threw {_checkFailure}");
            }

            return $"{_name}: {string.Join(", ", parts)}";
        }
    }

    /// <summary>Lets the measurement treat both lists alike; not part of the flagged or fixed code.</summary>
    internal interface IRoster
    {
        IReadOnlyCollection<int> Items { get; }

        void AddAll(int n, ParallelOptions options);
    }

    /// <summary>Lets the measurement treat both dictionaries alike; not part of the flagged or fixed code.</summary>
    internal interface ISquareTable
    {
        IReadOnlyDictionary<int, int> Squares { get; }

        void FillAll(int n, ParallelOptions options);
    }

    /// <summary>Items 0 to count - 1 added once each: which of them the collection kept.</summary>
    private static void CheckItems(IReadOnlyCollection<int> items, int expected, FillOutcome outcome)
    {
        var seen = new bool[expected];
        var kept = 0;
        foreach (var item in items)
        {
            if ((uint)item < (uint)expected && !seen[item])
            {
                seen[item] = true;
                kept++;
            }
        }

        outcome.ItemsKept(kept, items.Count);
    }

    /// <summary>Keys 0 to count - 1 each set to its square: which of them the dictionary finds, and with which value.</summary>
    private static void CheckSquares(IReadOnlyDictionary<int, int> squares, int expected, FillOutcome outcome)
    {
        var missing = 0;
        var wrong = 0;
        for (var key = 0; key < expected; key++)
        {
            if (!squares.TryGetValue(key, out var square))
            {
                missing++;
            }
            else if (square != unchecked(key * key))
            {
                wrong++;
            }
        }

        outcome.KeysFound(missing, wrong, squares.Count);
    }

    internal static class Hazard
    {
        public sealed class Roster : IRoster
        {
            private readonly List<int> _items = new();

            public IReadOnlyCollection<int> Items => _items;

            public void AddAll(int n, ParallelOptions options)
            {
                Parallel.For(0, n, options, i => _items.Add(i));
            }
        }

        public sealed class SquareTable : ISquareTable
        {
            private readonly Dictionary<int, int> _squares = new();

            public IReadOnlyDictionary<int, int> Squares => _squares;

            public void FillAll(int n, ParallelOptions options)
            {
                Parallel.For(0, n, options, i => _squares[i] = i * i);
            }
        }
    }

    internal static class Fixed
    {
        public sealed class Roster : IRoster
        {
            private readonly ConcurrentBag<int> _items = new();

            public IReadOnlyCollection<int> Items => _items;

            public void AddAll(int n, ParallelOptions options)
            {
                Parallel.For(0, n, options, i => _items.Add(i));
            }
        }

        public sealed class SquareTable : ISquareTable
        {
            private readonly ConcurrentDictionary<int, int> _squares = new();

            public IReadOnlyDictionary<int, int> Squares => _squares;

            public void FillAll(int n, ParallelOptions options)
            {
                Parallel.For(0, n, options, i => _squares[i] = i * i);
            }
        }
    }
}
