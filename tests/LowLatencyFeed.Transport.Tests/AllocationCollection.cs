namespace LowLatencyFeed.Transport.Tests;

/// <summary>Runs alone: its tests measure process-wide allocations, which tests running in parallel would disturb.</summary>
[CollectionDefinition(nameof(AllocationCollection), DisableParallelization = true)]
public sealed class AllocationCollection;
