namespace LowLatencyFeed.Storage.Schema;

/// <summary>What one run of <see cref="PartitionMaintainer.Maintain"/> did.</summary>
/// <param name="Created">Daily partitions created ahead.</param>
/// <param name="Dropped">Partitions dropped by retention.</param>
/// <param name="Keyed">Closed daily partitions given their unique key.</param>
/// <param name="Duplicates">Closed partitions that could not be keyed because they hold duplicate rows (an ingestion defect).</param>
public sealed record PartitionMaintenance(int Created, int Dropped, int Keyed, IReadOnlyList<string> Duplicates);
