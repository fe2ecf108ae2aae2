namespace LowLatencyFeed.Journal.Writing;

/// <summary>When written blocks are forced from the OS page cache to the disk.</summary>
public enum JournalDurability
{
    /// <summary>
    /// Each block is handed to the OS as it closes; fsync only when a segment is closed and at shutdown.
    /// Survives a process crash (the page cache outlives the process), not a power loss or kernel crash.
    /// </summary>
    FlushPerBlock = 0,

    /// <summary>
    /// The default. Each block is handed to the OS as it closes and the segment is fsynced at most every
    /// <see cref="JournalWriterOptions.FsyncInterval"/> (1 s by default). A process crash loses at most the open block
    /// (≤ <see cref="JournalWriterOptions.MaxBlockLatency"/> of data); a power loss at most about one interval — while
    /// the ~1–10 ms fsync stall hits the journal consumer once a second instead of on every block.
    /// </summary>
    FlushPerBlockFsyncPeriodically = 1,

    /// <summary>Each block is fsynced before the writer moves on: nothing acknowledged is lost, at the cost of one fsync per block.</summary>
    FsyncPerBlock = 2,
}
