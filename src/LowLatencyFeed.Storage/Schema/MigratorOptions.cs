namespace LowLatencyFeed.Storage.Schema;

/// <summary>Settings of <see cref="Migrator"/>.</summary>
public sealed class MigratorOptions
{
    /// <summary>Whether to use the timescaledb extension. Default <see cref="TimescaleMode.Auto"/>.</summary>
    public TimescaleMode Timescale { get; init; } = TimescaleMode.Auto;

    /// <summary>Plain flavour: daily partitions created ahead of today (and for yesterday). Default 7.</summary>
    public int PartitionDaysAhead { get; init; } = 7;

    /// <summary>The instant partitions are created around; null means now (tests pin it).</summary>
    public DateTimeOffset? Now { get; init; }
}
