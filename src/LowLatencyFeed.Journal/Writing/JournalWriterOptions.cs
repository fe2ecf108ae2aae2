using K4os.Compression.LZ4;

namespace LowLatencyFeed.Journal.Writing;

/// <summary>Configuration of a <see cref="JournalWriter"/>. Every default has its reason next to it.</summary>
public sealed class JournalWriterOptions
{
    /// <summary>The journal directory (created if missing).</summary>
    public required string Directory { get; init; }

    /// <summary>
    /// Segment size at which a new segment is started. 128 MiB: a trading day of a busy feed is a handful of files,
    /// and retention can free space in steps that are small next to a disk.
    /// </summary>
    public long SegmentBytes { get; init; } = 128L * 1024 * 1024;

    /// <summary>
    /// Uncompressed block size at which a block is closed. 64 KiB: LZ4's ratio stops improving around there, and
    /// a reader that seeks into the middle of a block decodes at most this much to reach its event.
    /// </summary>
    public int BlockBytes { get; init; } = 64 * 1024;

    /// <summary>Event count at which a block is closed regardless of size. 16384 keeps small-record blocks seekable.</summary>
    public int MaxEventsPerBlock { get; init; } = 16 * 1024;

    /// <summary>
    /// Oldest an open block may get before the end of a batch (or a timeout) closes it. 100 ms: a quiet feed still
    /// reaches the OS promptly, while a busy one fills blocks by size long before.
    /// </summary>
    public TimeSpan MaxBlockLatency { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>When blocks reach the disk; see <see cref="JournalDurability"/> for the trade-offs and the default's reason.</summary>
    public JournalDurability Durability { get; init; } = JournalDurability.FlushPerBlockFsyncPeriodically;

    /// <summary>Period of fsync under <see cref="JournalDurability.FlushPerBlockFsyncPeriodically"/>. 1 s bounds power-loss exposure to a second.</summary>
    public TimeSpan FsyncInterval { get; init; } = TimeSpan.FromMilliseconds(1000);

    /// <summary>Payload compression. LZ4 by default: several GB/s and ~3–6x on market data.</summary>
    public JournalCompression Compression { get; init; } = JournalCompression.Lz4;

    /// <summary>LZ4 level. The fast level: higher levels cost 5–20x the CPU for ~20% smaller blocks, the wrong trade on a consumer thread.</summary>
    public LZ4Level CompressionLevel { get; init; } = LZ4Level.L00_FAST;

    /// <summary>
    /// Compress, checksum and write closed blocks on a thread of the writer's own, so the appending thread (the ring's
    /// journal consumer) only encodes records and no longer stalls for LZ4 at each block: at 100k msgs/s the ring lag's
    /// p99 halved (README, "Performance"). The CPU per event is the same. Off by default, so a writer used
    /// directly has written a block when the call that closed it returns; the host turns it on (<c>Journal:BlockThread</c>).
    /// With it on, <see cref="JournalWriter.LastWrittenSequence"/> moves when the block thread has written a block, and
    /// <see cref="JournalWriter.Flush"/> returns once every block before it is written.
    /// </summary>
    public bool BlockThread { get; init; }

    /// <summary>Sequence expected first when the directory holds no journal yet (the ring's first sequence: 0).</summary>
    public long FirstSequence { get; init; }

    /// <summary>Index entries buffered before they are appended to the index file (the index is rebuilt from the segment if lost).</summary>
    public int IndexEntriesPerWrite { get; init; } = 64;
}
