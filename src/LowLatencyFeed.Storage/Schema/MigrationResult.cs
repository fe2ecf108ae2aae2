namespace LowLatencyFeed.Storage.Schema;

/// <summary>What <see cref="Migrator.Migrate"/> did.</summary>
/// <param name="Flavor">The database's schema flavour.</param>
/// <param name="PreviousVersion">Schema version before (0 for an empty database).</param>
/// <param name="CurrentVersion">Schema version after.</param>
/// <param name="Applied">Versions applied by this call (empty when the schema was current).</param>
/// <param name="PartitionsCreated">Daily partitions created ahead (plain flavour).</param>
public sealed record MigrationResult(SchemaFlavor Flavor, int PreviousVersion, int CurrentVersion, IReadOnlyList<int> Applied, int PartitionsCreated);
