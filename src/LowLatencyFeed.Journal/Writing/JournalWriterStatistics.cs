namespace LowLatencyFeed.Journal.Writing;

/// <summary>Counters of a <see cref="JournalWriter"/>: written by its thread, readable from any thread (metrics).</summary>
public sealed class JournalWriterStatistics
{
    private long _eventsWritten;
    private long _blocksWritten;
    private long _rawBytes;
    private long _storedBytes;
    private long _segmentsCreated;
    private long _fsyncs;
    private long _rejectedSequences;
    private long _sequenceGaps;
    private long _unresolvedSlabs;
    private long _writeErrors;
    private long _eventsLost;

    /// <summary>Events handed to the OS in blocks.</summary>
    public long EventsWritten => Volatile.Read(ref _eventsWritten);

    /// <summary>Blocks written.</summary>
    public long BlocksWritten => Volatile.Read(ref _blocksWritten);

    /// <summary>Uncompressed record bytes of the written blocks.</summary>
    public long RawBytes => Volatile.Read(ref _rawBytes);

    /// <summary>Bytes written to segments for those blocks, headers included.</summary>
    public long StoredBytes => Volatile.Read(ref _storedBytes);

    /// <summary>Segments created by this writer.</summary>
    public long SegmentsCreated => Volatile.Read(ref _segmentsCreated);

    /// <summary>fsync calls.</summary>
    public long Fsyncs => Volatile.Read(ref _fsyncs);

    /// <summary>Events refused because their sequence was not above the last one (not journaled).</summary>
    public long RejectedSequences => Volatile.Read(ref _rejectedSequences);

    /// <summary>Times the sequence jumped forward (a new block starts there; readers report the gap).</summary>
    public long SequenceGaps => Volatile.Read(ref _sequenceGaps);

    /// <summary>Depth events whose slab could not be read (no or too small pool); journaled without levels.</summary>
    public long UnresolvedSlabs => Volatile.Read(ref _unresolvedSlabs);

    /// <summary>Block writes that failed (disk full, I/O error).</summary>
    public long WriteErrors => Volatile.Read(ref _writeErrors);

    /// <summary>Events in blocks whose write failed.</summary>
    public long EventsLost => Volatile.Read(ref _eventsLost);

    /// <summary>Compressed-to-raw ratio so far (raw / stored), 0 before the first block.</summary>
    public double CompressionRatio
    {
        get
        {
            long stored = StoredBytes;
            return stored == 0 ? 0 : (double)RawBytes / stored;
        }
    }

    internal void BlockWritten(int events, int rawBytes, int storedBytes)
    {
        Volatile.Write(ref _eventsWritten, _eventsWritten + events);
        Volatile.Write(ref _blocksWritten, _blocksWritten + 1);
        Volatile.Write(ref _rawBytes, _rawBytes + rawBytes);
        Volatile.Write(ref _storedBytes, _storedBytes + storedBytes);
    }

    internal void SegmentCreated() => Volatile.Write(ref _segmentsCreated, _segmentsCreated + 1);

    internal void Fsynced() => Volatile.Write(ref _fsyncs, _fsyncs + 1);

    internal long Rejected()
    {
        Volatile.Write(ref _rejectedSequences, _rejectedSequences + 1);
        return _rejectedSequences;
    }

    internal void Gap() => Volatile.Write(ref _sequenceGaps, _sequenceGaps + 1);

    internal long UnresolvedSlab()
    {
        Volatile.Write(ref _unresolvedSlabs, _unresolvedSlabs + 1);
        return _unresolvedSlabs;
    }

    internal void WriteFailed(int events)
    {
        Volatile.Write(ref _writeErrors, _writeErrors + 1);
        Volatile.Write(ref _eventsLost, _eventsLost + events);
    }
}
