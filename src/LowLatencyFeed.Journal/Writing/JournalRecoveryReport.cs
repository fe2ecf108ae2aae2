using LowLatencyFeed.Journal.Reading;

namespace LowLatencyFeed.Journal.Writing;

/// <summary>What <see cref="JournalWriter.Open"/> found and repaired at the end of the journal.</summary>
public sealed class JournalRecoveryReport
{
    /// <summary>Last sequence found intact on disk (the writer continues after it).</summary>
    public long LastSequence { get; init; }

    /// <summary>Ordinal of the segment the writer appends to next (a new one when the last is full or none exists).</summary>
    public long ActiveOrdinal { get; init; }

    /// <summary>The segment whose torn tail was cut, or null when nothing was cut.</summary>
    public string? TruncatedFile { get; init; }

    /// <summary>Offset where the torn tail was cut (the end of the last valid block), -1 when nothing was cut.</summary>
    public long TruncatedAt { get; init; } = -1;

    /// <summary>Bytes removed from the tail.</summary>
    public long TruncatedBytes { get; init; }

    /// <summary>Trailing segments removed because they held no complete block (a crash right after creating one).</summary>
    public int EmptySegmentsRemoved { get; init; }

    /// <summary>Damaged blocks inside the last segment that were followed by valid ones (kept in place, skipped by readers).</summary>
    public IReadOnlyList<JournalIssue> Issues { get; init; } = Array.Empty<JournalIssue>();
}
