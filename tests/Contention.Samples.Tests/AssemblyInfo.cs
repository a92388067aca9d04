using Xunit;

// The spinner tests measure gaps between frames: running them beside each other (or beside CPU-bound demos) would
// only add noise to what they measure.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
