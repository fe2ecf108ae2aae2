namespace LowLatencyFeed.Journal.Retention;

/// <summary>What <see cref="JournalRetention"/> deletes and how often it looks.</summary>
public sealed class JournalRetentionOptions
{
    /// <summary>Delete segments last written longer ago than this; null keeps segments of any age.</summary>
    public TimeSpan? MaxAge { get; init; }

    /// <summary>Delete the oldest segments while the journal (segments and indexes) is larger than this; null: no size bound.</summary>
    public long? MaxTotalBytes { get; init; }

    /// <summary>How often the background task looks. One minute: segments take minutes to hours to fill.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Optional: the lowest sequence still needed by someone (e.g. the database checkpoint + 1). A segment holding any
    /// sequence at or above it is kept whatever its age or the total size, so catch-up never finds its data deleted.
    /// </summary>
    public Func<long>? OldestSequenceNeeded { get; init; }
}
