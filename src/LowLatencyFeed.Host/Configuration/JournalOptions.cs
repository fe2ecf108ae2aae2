using LowLatencyFeed.Journal.Retention;
using LowLatencyFeed.Journal.Writing;

namespace LowLatencyFeed.Host.Configuration;

/// <summary>The LZ4 journal under <c>DataDirectory/journal</c>.</summary>
public sealed class JournalOptions
{
    /// <summary>Segment file size before rolling to the next. Default 128 MiB.</summary>
    public int SegmentMegabytes { get; set; } = 128;

    /// <summary>
    /// FlushPerBlock, FlushPerBlockFsyncPeriodically (default: a process crash loses at most the open block, a power
    /// loss at most about one fsync interval) or FsyncPerBlock.
    /// </summary>
    public JournalDurability Durability { get; set; } = JournalDurability.FlushPerBlockFsyncPeriodically;

    /// <summary>Fsync period for FlushPerBlockFsyncPeriodically. Default 1000 ms.</summary>
    public int FsyncIntervalMilliseconds { get; set; } = 1000;

    /// <summary>A block is closed after this long even when not full, so a quiet feed reaches disk promptly. Default 100 ms.</summary>
    public int MaxBlockLatencyMilliseconds { get; set; } = 100;

    /// <summary>
    /// Lz4 (default: about 2.5x smaller on disk) or None: blocks stored as encoded, which costs the journal stage
    /// about 2.5x less CPU per event (the journal write benchmark) — the journal is the first stage to fall behind at
    /// the engine's highest rates on two cores (README, "Performance"). Readers handle both, also mixed in one journal.
    /// </summary>
    public JournalCompression Compression { get; set; } = JournalCompression.Lz4;

    /// <summary>
    /// Compress and write blocks on the journal's own block thread (default true), so the ring's journal consumer only
    /// encodes records and keeps up at rates where LZ4 on the consumer would fall behind. False writes on the consumer.
    /// </summary>
    public bool BlockThread { get; set; } = true;

    /// <summary>Delete segments older than this many hours (0 keeps them). Never the one being written.</summary>
    public double RetentionHours { get; set; }

    /// <summary>Delete the oldest segments beyond this total size (0 = unlimited).</summary>
    public double RetentionGigabytes { get; set; }

    /// <summary>Writer options for <paramref name="directory"/>.</summary>
    public JournalWriterOptions ToWriterOptions(string directory) => new()
    {
        Directory = directory,
        SegmentBytes = SegmentMegabytes * 1024L * 1024,
        Durability = Durability,
        FsyncInterval = TimeSpan.FromMilliseconds(FsyncIntervalMilliseconds),
        MaxBlockLatency = TimeSpan.FromMilliseconds(MaxBlockLatencyMilliseconds),
        Compression = Compression,
        BlockThread = BlockThread,
    };

    /// <summary>Retention options, or null when nothing is ever deleted.</summary>
    public JournalRetentionOptions? ToRetentionOptions() => RetentionHours <= 0 && RetentionGigabytes <= 0
        ? null
        : new JournalRetentionOptions
        {
            MaxAge = RetentionHours > 0 ? TimeSpan.FromHours(RetentionHours) : null,
            MaxTotalBytes = RetentionGigabytes > 0 ? (long)(RetentionGigabytes * 1024 * 1024 * 1024) : null,
        };
}
