namespace LowLatencyFeed.Journal.Reading;

/// <summary>What is wrong with a part of a journal.</summary>
public enum JournalIssueKind
{
    /// <summary>A block header failed its magic, CRC or bounds check; reading resumed at the next valid block.</summary>
    BadBlockHeader = 1,

    /// <summary>A block payload failed its CRC; the block was skipped.</summary>
    BadBlockPayload = 2,

    /// <summary>A block passed its CRCs but did not decompress or decode; the rest of it was skipped.</summary>
    MalformedBlock = 3,

    /// <summary>A partially written block at the end of a segment (a crash mid-write; the writer cuts it on open).</summary>
    TornTail = 4,

    /// <summary>A segment ordinal between two present segments has no file.</summary>
    MissingSegment = 5,

    /// <summary>A journal file of another format version (or record encoding); the segment was skipped.</summary>
    UnsupportedVersion = 6,

    /// <summary>A segment whose file header is damaged or that is not a journal segment; skipped.</summary>
    BadFileHeader = 7,

    /// <summary>Sequences jump between blocks or segments (events missing from the journal).</summary>
    SequenceGap = 8,

    /// <summary>The index file does not match its segment; the segment was scanned instead.</summary>
    IndexMismatch = 9,

    /// <summary>A depth record has more levels per side than the caller's slab pool holds; the event was skipped.</summary>
    DepthTooDeep = 10,
}
