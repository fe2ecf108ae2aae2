using LowLatencyFeed.Storage;

namespace LowLatencyFeed.Host.Configuration;

/// <summary>Where rows go. Resolution order: <see cref="ConnectionString"/>, then <c>DATABASE_URL</c>, then a private cluster.</summary>
public sealed class DatabaseOptions
{
    /// <summary>Npgsql connection string or postgres:// URL; placeholders <c>${NAME}</c> are filled from secrets.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// With no connection string and PostgreSQL server binaries on the machine, start a private cluster under
    /// <c>DataDirectory/postgres</c> (the demo's default). False runs journal-only instead.
    /// </summary>
    public bool PrivateCluster { get; set; } = true;

    /// <summary>Rows per COPY batch for ticks/trades/quotes. Default 65,536.</summary>
    public int BatchRows { get; set; } = 65_536;

    /// <summary>A batch is flushed once its oldest row is this old. Default 250 ms.</summary>
    public int MaxBatchAgeMilliseconds { get; set; } = 250;

    /// <summary>
    /// Database sessions per market table: 2 overlaps the next batch's COPY with the current one (commits stay in
    /// order), 1 writes one batch at a time. Default 2 on a multi-core machine, else 1.
    /// </summary>
    public int CopySessionsPerStream { get; set; } = StorageOptions.DefaultCopySessions;

    /// <summary>Storage options for the writer.</summary>
    public StorageOptions ToStorageOptions() => new()
    {
        BatchRows = BatchRows,
        MaxBatchAge = TimeSpan.FromMilliseconds(MaxBatchAgeMilliseconds),
        CopySessionsPerStream = CopySessionsPerStream,
    };
}
