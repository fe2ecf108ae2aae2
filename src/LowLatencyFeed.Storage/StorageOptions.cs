using LowLatencyFeed.Storage.Schema;

namespace LowLatencyFeed.Storage;

/// <summary>Settings of the storage stage. Every default has its reason.</summary>
public sealed class StorageOptions
{
    /// <summary>
    /// Rows per tick, trade and quote batch. 65,536: one binary COPY of that size costs about as much fixed overhead
    /// (round trips, transaction, checkpoint) as 2,000 rows of work, so it runs near raw COPY speed; 10 MB of staging.
    /// </summary>
    public int BatchRows { get; init; } = 65_536;

    /// <summary>
    /// Rows per depth batch. 262,144 (~650 events of 2 × 200 levels, 12 MB): depth rows are narrow and many, so batches
    /// are larger; must hold at least one event's levels (2 × the slab pool's levels per side).
    /// </summary>
    public int DepthBatchRows { get; init; } = 262_144;

    /// <summary>Rows per bar, book metric and signal batch. 8,192: derived rows are few; upserted through a staging table.</summary>
    public int DerivedBatchRows { get; init; } = 8_192;

    /// <summary>
    /// Oldest a batch with rows may get before it is handed to the writer. 250 ms: dashboards see data within a
    /// second, while a busy feed fills batches by size long before.
    /// </summary>
    public TimeSpan MaxBatchAge { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How often a stream with no rows still commits its checkpoint. 2 s: keeps the catch-up distance of sparse tables
    /// (trades on a quote-only feed) short without a transaction per quiet stream every few ms.
    /// </summary>
    public TimeSpan IdleCheckpointInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Batches per stream (one being filled, the rest queued or being written). 4: the stager can fill three while one
    /// COPY runs; more only adds memory, since a writer that stays behind is caught up from the journal anyway.
    /// </summary>
    public int BatchesPerStream { get; init; } = 4;

    /// <summary>
    /// Database sessions per market table (ticks, trades, quotes, depth): 2 streams the next batch's COPY on a second
    /// session while the current one is written, committing in batch order, so two server backends work on one
    /// table; 1 writes one batch at a time. Default 2 (1 on a single-core machine): two concurrent COPYs into one
    /// table took 0.28–0.31 s against 0.52–0.53 s for one, for the same 262,144 tick rows, on the 2-core VM.
    /// </summary>
    public int CopySessionsPerStream { get; init; } = DefaultCopySessions;

    /// <summary>The default of <see cref="CopySessionsPerStream"/> on this machine.</summary>
    public static int DefaultCopySessions => Environment.ProcessorCount > 1 ? 2 : 1;

    /// <summary>First retry delay after a database failure; doubled per failure up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest retry delay. 5 s: a restarted server is noticed within seconds, a dead one costs one connect attempt per 5 s.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// With no checkpoint yet (new database): true stores the whole retained journal (exactly the journaled events);
    /// false starts at the first live event. Default true.
    /// </summary>
    public bool BackfillFromJournal { get; init; } = true;

    /// <summary>Whether migrations use TimescaleDB.</summary>
    public TimescaleMode Timescale { get; init; } = TimescaleMode.Auto;

    /// <summary>Validates the settings.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchRows, 16, nameof(BatchRows));
        ArgumentOutOfRangeException.ThrowIfLessThan(DepthBatchRows, 2 * 200, nameof(DepthBatchRows));
        ArgumentOutOfRangeException.ThrowIfLessThan(DerivedBatchRows, 16, nameof(DerivedBatchRows));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchesPerStream, 2, nameof(BatchesPerStream));
        if (CopySessionsPerStream is < 1 or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(CopySessionsPerStream), CopySessionsPerStream, "CopySessionsPerStream must be 1 or 2.");
        }
        if (MaxBatchAge <= TimeSpan.Zero || IdleCheckpointInterval <= TimeSpan.Zero || InitialRetryDelay <= TimeSpan.Zero || MaxRetryDelay < InitialRetryDelay)
        {
            throw new ArgumentException("Batch age, idle checkpoint interval and retry delays must be positive (max retry ≥ initial).");
        }
    }
}
