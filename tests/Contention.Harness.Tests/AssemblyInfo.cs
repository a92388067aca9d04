using Xunit;

// Scenario tests measure real contention: running them next to each other (or next to a Roslyn compilation)
// would only add noise to their timing.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
