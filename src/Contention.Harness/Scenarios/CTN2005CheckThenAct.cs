using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;

namespace Contention.Harness.Scenarios;

/// <summary>
/// CTN2005: check-then-act on a <c>ConcurrentDictionary</c>. <c>Get()</c> looks a widget up and, when it is missing,
/// creates one and stores it with the indexer. Each call is thread-safe, the pair is not: callers that miss at once
/// each create a widget, each store theirs, the last store wins, and the others go on with a widget the cache does
/// not hold. <c>GetOrAdd</c> may run the factory more than once too, but stores one value and returns that one to
/// every caller.
/// </summary>
internal sealed class CTN2005CheckThenAct : Scenario
{
    /// <summary>Keys per round: each round starts with an empty cache, so every key is missed again.</summary>
    public const int Keys = 16;

    public override string RuleId => "CTN2005";

    public override string Title => "TryGetValue then indexer set on ConcurrentDictionary";

    public override string Description =>
        "callers that miss the cache at once each create and store a widget; all but the last store hold one the cache does not";

    public override string Measures =>
        $"Get() calls handed a widget the cache does not hold, and factory calls beyond one per key: in each of iterations " +
        $"rounds, threads callers released together each call Get() on the same {Keys} keys of a new cache (timeout = watchdog)";

    public override ScenarioSettings Defaults { get; } =
        new(Threads: 4, Iterations: 1000, Timeout: TimeSpan.FromSeconds(5), Repeat: 3);

    public override Measurement Run(Variant variant, ScenarioSettings settings, CancellationToken cancellationToken)
    {
        var rounds = new Rounds(variant, settings, cancellationToken);

        // Never disposed: callers abandoned by the watchdog may still be waiting on it.
        var barrier = new Barrier(settings.Threads, _ => rounds.EndRound());
        var workers = WorkerGroup.Run(
            settings.Threads,
            "CTN2005 caller",
            (index, _) =>
            {
                var calls = 0L;
                var handed = rounds.HandedTo(index);
                while (true)
                {
                    // The round ends, is judged and the next one prepared when every caller has arrived.
                    barrier.SignalAndWait();
                    if (rounds.IsOver)
                    {
                        return calls;
                    }

                    var cache = rounds.Cache;
                    for (var key = 0; key < Keys; key++)
                    {
                        handed[key] = cache.Get(key);
                    }

                    calls += Keys;
                }
            },
            settings.Timeout + WorkerGroup.JoinTimeout,
            cancellationToken);
        if (workers.Unfinished > 0)
        {
            throw new InvalidOperationException($"{workers.Unfinished} CTN2005 callers did not finish");
        }

        return rounds.Judge(workers.Operations, workers.Elapsed);
    }

    /// <summary>
    /// The rounds of one run. Everything here but <see cref="HandedTo"/>'s arrays runs in the barrier's post-phase
    /// action, on one thread while every caller waits: no other synchronization is needed.
    /// </summary>
    private sealed class Rounds
    {
        private readonly Variant _variant;
        private readonly ScenarioSettings _settings;
        private readonly CancellationToken _cancellationToken;
        private readonly Widget?[][] _handed;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private int _started;
        private long _strays;
        private long _created;
        private bool _cutShort;
        private IWidgetCache? _cache;

        public Rounds(Variant variant, ScenarioSettings settings, CancellationToken cancellationToken)
        {
            (_variant, _settings, _cancellationToken) = (variant, settings, cancellationToken);
            _handed = new Widget?[settings.Threads][];
            for (var i = 0; i < _handed.Length; i++)
            {
                _handed[i] = new Widget?[Keys];
            }
        }

        /// <summary>The cache of the round being played.</summary>
        public IWidgetCache Cache => _cache ?? throw new InvalidOperationException("no round is being played");

        public bool IsOver { get; private set; }

        /// <summary>Where caller <paramref name="index"/> puts the widget each key's Get() handed it.</summary>
        public Widget?[] HandedTo(int index) => _handed[index];

        /// <summary>Judges the round just played (if any), then starts the next or ends the run.</summary>
        public void EndRound()
        {
            if (_cache is not null)
            {
                foreach (var handed in _handed)
                {
                    for (var key = 0; key < Keys; key++)
                    {
                        if (!ReferenceEquals(handed[key], _cache.Cached(key)))
                        {
                            _strays++;
                        }
                    }
                }

                _created += _cache.Created;
                _cache = null;
            }

            if (_started < _settings.Iterations)
            {
                _cutShort = _clock.Elapsed > _settings.Timeout || _cancellationToken.IsCancellationRequested;
            }

            if (_started == _settings.Iterations || _cutShort)
            {
                IsOver = true;
                return;
            }

            _started++;
            _cache = _variant == Variant.Hazard ? new Hazard.WidgetCache() : new Fixed.WidgetCache();
        }

        public Measurement Judge(long calls, TimeSpan elapsed)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var keys = (long)_started * Keys;
            var extra = _created - keys;
            var evidence = $"{_strays} of {calls} Get() calls were handed a widget the cache does not hold; " +
                $"the factory ran {_created} times for {keys} keys ({extra} extra";
            if (_variant == Variant.Fixed && extra > 0)
            {
                evidence += ": GetOrAdd may run it more than once, and keeps one result";
            }

            evidence += $"); {_started} {(_started == 1 ? "round" : "rounds")} of {_settings.Threads} callers, {elapsed.TotalMilliseconds:0} ms";
            if (_cutShort)
            {
                evidence += $" (the {_settings.Timeout.TotalMilliseconds:0} ms watchdog cut the rounds short)";
            }

            return new Measurement(_strays > 0, _strays, "calls handed a stray widget", evidence);
        }
    }

    /// <summary>
    /// A cached object. Building one takes a while, which is why it is cached: here a fixed
    /// <see cref="BuildMicroseconds"/> of busy work, the same whatever the JIT makes of it (a query or a parse in real code).
    /// </summary>
    internal sealed class Widget
    {
        public const int BuildMicroseconds = 5;

        private static readonly long BuildTicks = Stopwatch.Frequency * BuildMicroseconds / 1_000_000;

        public Widget(int key)
        {
            Key = key;
            var built = Stopwatch.GetTimestamp() + BuildTicks;
            while (Stopwatch.GetTimestamp() < built)
            {
                // Busy: a thread that is building holds its core, as real work would.
            }
        }

        public int Key { get; }
    }

    /// <summary>Lets the measurement treat both versions alike; not part of the flagged or fixed code.</summary>
    internal interface IWidgetCache
    {
        /// <summary>Widgets created so far.</summary>
        int Created { get; }

        Widget Get(int key);

        /// <summary>The widget the cache holds for <paramref name="key"/>, if any.</summary>
        Widget? Cached(int key);
    }

    internal static class Hazard
    {
        public sealed class WidgetCache : IWidgetCache
        {
            private readonly ConcurrentDictionary<int, Widget> _widgets = new();
            private int _created;

            public int Created => Volatile.Read(ref _created);

            public Widget Get(int key)
            {
                if (!_widgets.TryGetValue(key, out var widget))
                {
                    widget = Create(key);
                    _widgets[key] = widget;
                }

                return widget;
            }

            public Widget? Cached(int key) => _widgets.TryGetValue(key, out var widget) ? widget : null;

            private Widget Create(int key)
            {
                Interlocked.Increment(ref _created);
                return new Widget(key);
            }
        }
    }

    internal static class Fixed
    {
        public sealed class WidgetCache : IWidgetCache
        {
            private readonly ConcurrentDictionary<int, Widget> _widgets = new();
            private int _created;

            public int Created => Volatile.Read(ref _created);

            public Widget Get(int key) => _widgets.GetOrAdd(key, Create);

            public Widget? Cached(int key) => _widgets.TryGetValue(key, out var widget) ? widget : null;

            private Widget Create(int key)
            {
                Interlocked.Increment(ref _created);
                return new Widget(key);
            }
        }
    }
}
