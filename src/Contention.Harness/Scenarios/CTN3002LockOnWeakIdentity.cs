using System;
using System.Threading;

namespace Contention.Harness.Scenarios;

/// <summary>
/// CTN3002: locks on objects with weak identity. <c>typeof(Cache)</c> is one <see cref="Type"/> object for the whole
/// process, and a string literal is interned: every <c>"registry"</c> in the process is the same object. Unrelated
/// code that locks the same type or literal, for reasons of its own, stalls every caller of the type that locks it.
/// </summary>
internal sealed class CTN3002LockOnWeakIdentity : Scenario
{
    public override string RuleId => "CTN3002";

    public override string Title => "lock (typeof(..)) and lock (\"..\")";

    public override string Description =>
        "a Type or an interned string is one object process-wide: unrelated code that locks the same one stalls every caller";

    public override string Measures =>
        "Cache.Add() and Registry.Add() calls that complete while unrelated code holds typeof(Cache), then the literal \"registry\" " +
        "(threads x iterations calls each; timeout = how long each is held at most)";

    public override ScenarioSettings Defaults { get; } =
        new(Threads: 4, Iterations: 1000, Timeout: TimeSpan.FromMilliseconds(150), Repeat: 3);

    public override Measurement Run(Variant variant, ScenarioSettings settings, CancellationToken cancellationToken)
    {
        ICounter cache = variant == Variant.Hazard ? new Hazard.Cache() : new Fixed.Cache();
        ICounter registry = variant == Variant.Hazard ? new Hazard.Registry() : new Fixed.Registry();
        var cacheType = variant == Variant.Hazard ? typeof(Hazard.Cache) : typeof(Fixed.Cache);

        // Unrelated code: a diagnostics dump that serializes on the cache's type, a plugin loader that serializes on
        // the string "registry". Neither knows the classes above lock the same objects.
        var typeHold = HeldMonitor.Measure(cacheType, cache.Add, () => cache.Count, settings, "CTN3002 Cache worker", cancellationToken);
        var stringHold = HeldMonitor.Measure("registry", registry.Add, () => registry.Count, settings, "CTN3002 Registry worker", cancellationToken);

        var evidence =
            typeHold.Describe("Cache.Add() calls", "unrelated code held typeof(Cache)") + "; " +
            stringHold.Describe("Registry.Add() calls", "unrelated code held \"registry\"");
        return new Measurement(
            typeHold.Stalled || stringHold.Stalled, typeHold.CompletedWhileHeld + stringHold.CompletedWhileHeld, "Add() calls", evidence);
    }

    /// <summary>Lets the measurement treat both versions alike; not part of the flagged or fixed code.</summary>
    internal interface ICounter
    {
        int Count { get; }

        void Add();
    }

    internal static class Hazard
    {
        public sealed class Cache : ICounter
        {
            private int _count;

            public void Add()
            {
                lock (typeof(Cache))
                {
                    _count++;
                }
            }

            public int Count
            {
                get
                {
                    lock (typeof(Cache))
                    {
                        return _count;
                    }
                }
            }
        }

        public sealed class Registry : ICounter
        {
            private int _count;

            public void Add()
            {
                lock ("registry")
                {
                    _count++;
                }
            }

            public int Count
            {
                get
                {
                    lock ("registry")
                    {
                        return _count;
                    }
                }
            }
        }
    }

    internal static class Fixed
    {
        public sealed class Cache : ICounter
        {
            private static readonly Lock _gate = new();
            private int _count;

            public void Add()
            {
                lock (_gate)
                {
                    _count++;
                }
            }

            public int Count
            {
                get
                {
                    lock (_gate)
                    {
                        return _count;
                    }
                }
            }
        }

        public sealed class Registry : ICounter
        {
            private static readonly Lock _gate = new();
            private int _count;

            public void Add()
            {
                lock (_gate)
                {
                    _count++;
                }
            }

            public int Count
            {
                get
                {
                    lock (_gate)
                    {
                        return _count;
                    }
                }
            }
        }
    }
}
