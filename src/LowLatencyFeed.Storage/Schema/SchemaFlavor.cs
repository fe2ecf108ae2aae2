namespace LowLatencyFeed.Storage.Schema;

/// <summary>Which variant of the schema a database carries.</summary>
public enum SchemaFlavor
{
    /// <summary>Plain PostgreSQL: time-series tables range-partitioned by day, partitions created ahead by the host.</summary>
    Plain,

    /// <summary>TimescaleDB: hypertables, compression and retention policies, continuous aggregates.</summary>
    TimescaleDb,
}
