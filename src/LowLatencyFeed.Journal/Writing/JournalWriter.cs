using System.Runtime.CompilerServices;
using K4os.Compression.LZ4;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Journal.Format;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Win32.SafeHandles;

namespace LowLatencyFeed.Journal.Writing;

/// <summary>
/// Appends events to a journal directory: records packed into blocks, each block LZ4-compressed, CRC-protected and
/// written with one positioned write, segments rolled at a size, an index entry per block. Single-threaded: every
/// method but the statistics and sequence properties must be called from one thread (the journal consumer's).
/// </summary>
/// <remarks>
/// <see cref="Open"/> recovers first: a torn tail is cut at the last valid block and <see cref="LastSequence"/> is the
/// last sequence on disk, so the ring can start at <c>LastSequence + 1</c>. Appending allocates nothing: the block
/// buffers are sized up front for the largest record.
/// </remarks>
public sealed class JournalWriter : IDisposable
{
    private const int BlockStart = JournalFormat.BlockHeaderSize;

    private readonly JournalWriterOptions _options;
    private readonly DepthSlabPool? _slabs;
    private readonly ILogger _logger;
    private readonly string _directory;
    private readonly FileStream _lock;
    private readonly long _maxLatencyTicks;
    private readonly long _fsyncIntervalTicks;
    private readonly byte[] _indexBuffer;
    private readonly int _blockBytes;
    private readonly int _maxEvents;

    // Records are encoded at BlockStart so an uncompressed block is written from this buffer with its header in front.
    private byte[] _block;
    private byte[] _compressed;
    private int _rawLength;
    private int _count;
    private long _blockFirstSequence;
    private long _blockOpenedAt;
    private RecordTimeBase _times;
    private long _minEventTime;
    private long _maxEventTime;
    private long _minReceiveTime;
    private long _maxReceiveTime;

    private SafeFileHandle? _segment;
    private SafeFileHandle? _index;
    private long _segmentOrdinal;
    private long _segmentLength;
    private long _indexLength;
    private int _indexBuffered;
    private bool _unsynced;
    private long _lastFsyncAt;

    private long _lastSequence;
    private long _lastWrittenSequence;
    private long _lastDurableSequence;
    private long _activeOrdinal;
    private bool _disposed;

    private JournalWriter(JournalWriterOptions options, DepthSlabPool? slabs, ILogger? logger, JournalRecoveryResult recovery, FileStream lockFile)
    {
        _options = options;
        _slabs = slabs;
        _logger = logger ?? NullLogger.Instance;
        _directory = Path.GetFullPath(options.Directory);
        _lock = lockFile;
        _blockBytes = options.BlockBytes;
        _maxEvents = options.MaxEventsPerBlock;
        _maxLatencyTicks = (long)(options.MaxBlockLatency.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        _fsyncIntervalTicks = (long)(options.FsyncInterval.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        _indexBuffer = new byte[Math.Max(1, options.IndexEntriesPerWrite) * JournalFormat.IndexEntrySize];
        int rawCapacity = _blockBytes + RecordCodec.MaxRecordBytes(slabs?.LevelsPerSide ?? 0);
        _block = GC.AllocateUninitializedArray<byte>(BlockStart + rawCapacity);
        _compressed = GC.AllocateUninitializedArray<byte>(BlockStart + LZ4Codec.MaximumOutputSize(rawCapacity));

        Recovery = recovery.Report;
        _lastSequence = recovery.Report.LastSequence;
        _lastWrittenSequence = _lastSequence;
        _lastDurableSequence = _lastSequence;
        _activeOrdinal = recovery.Report.ActiveOrdinal;
        _segmentOrdinal = recovery.Report.ActiveOrdinal;
        _lastFsyncAt = MonotonicClock.Timestamp();
        if (recovery.AppendTo is { } segment && recovery.AppendOffset < options.SegmentBytes)
        {
            _segment = File.OpenHandle(segment.Path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
            _segmentLength = recovery.AppendOffset;
            _index = File.OpenHandle(segment.IndexPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
            _indexLength = JournalFormat.FileHeaderSize + ((long)recovery.IndexEntries * JournalFormat.IndexEntrySize);
        }
        else if (recovery.AppendTo is { } full)
        {
            _segmentOrdinal = full.Ordinal + 1;
            _activeOrdinal = full.Ordinal;
        }
    }

    /// <summary>What recovery found and repaired when the writer opened.</summary>
    public JournalRecoveryReport Recovery { get; }

    /// <summary>Counters (readable from any thread).</summary>
    public JournalWriterStatistics Statistics { get; } = new();

    /// <summary>
    /// The last sequence accepted. Right after <see cref="Open"/> it is the last sequence intact on disk (or
    /// <see cref="JournalWriterOptions.FirstSequence"/> − 1 for a new journal): start the ring at <c>LastSequence + 1</c>.
    /// </summary>
    public long LastSequence => Volatile.Read(ref _lastSequence);

    /// <summary>The last sequence handed to the OS (survives a process crash).</summary>
    public long LastWrittenSequence => Volatile.Read(ref _lastWrittenSequence);

    /// <summary>The last sequence known to be fsynced (survives a power loss).</summary>
    public long LastDurableSequence => Volatile.Read(ref _lastDurableSequence);

    /// <summary>Ordinal of the segment being written (retention never deletes it).</summary>
    public long ActiveSegmentOrdinal => Volatile.Read(ref _activeOrdinal);

    /// <summary>The journal directory.</summary>
    public string Directory => _directory;

    /// <summary>
    /// Opens (or creates) the journal in <paramref name="options"/>.Directory: takes the directory lock, recovers the
    /// tail and positions the writer after the last valid block.
    /// </summary>
    /// <param name="options">Configuration.</param>
    /// <param name="slabs">The pool that depth events with a slab index refer to; their levels are copied into the journal.</param>
    /// <param name="logger">Where recovery results and errors are logged.</param>
    /// <exception cref="JournalException">The last segment is of another format version or damaged beyond a torn tail, or another writer holds the directory.</exception>
    public static JournalWriter Open(JournalWriterOptions options, DepthSlabPool? slabs = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        if (!BitConverter.IsLittleEndian)
        {
            ThrowHelper.ThrowBigEndian();
        }

        string directory = Path.GetFullPath(options.Directory);
        System.IO.Directory.CreateDirectory(directory);
        string lockPath = Path.Combine(directory, JournalFormat.LockFileName);
        FileStream lockFile = TakeLock(lockPath);
        try
        {
            JournalRecoveryResult recovery = JournalRecovery.Run(directory, options.FirstSequence);
            var writer = new JournalWriter(options, slabs, logger, recovery, lockFile);
            writer.LogRecovery();
            return writer;
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>Appends an event under its own <see cref="EventHeader.Sequence"/>.</summary>
    public bool Append(ref readonly MarketEvent e) => Append(in e, e.Header.Sequence);

    /// <summary>
    /// Appends an event as <paramref name="sequence"/>. A sequence not above <see cref="LastSequence"/> is refused and
    /// counted (false); a forward jump closes the open block (blocks are contiguous) and is counted as a gap.
    /// </summary>
    public bool Append(ref readonly MarketEvent e, long sequence)
    {
        long last = _lastSequence;
        if (sequence <= last)
        {
            OnRejected(sequence, last);
            return false;
        }

        if (sequence != last + 1)
        {
            Statistics.Gap();
            if (_count != 0)
            {
                CloseBlock();
            }
        }

        if (_count == 0)
        {
            StartBlock(sequence);
        }

        int written = RecordCodec.Encode(in e, ref _block[BlockStart + _rawLength], ref _times, _slabs);
        if (written < 0)
        {
            written = -written;
            OnUnresolvedSlab(sequence, e.Depth.SlabIndex);
        }

        _rawLength += written;
        _count++;
        long eventTime = JournalFormat.EventTime(in e.Header);
        long receiveTime = e.Header.ReceiveTimeNs;
        _minEventTime = Math.Min(_minEventTime, eventTime);
        _maxEventTime = Math.Max(_maxEventTime, eventTime);
        _minReceiveTime = Math.Min(_minReceiveTime, receiveTime);
        _maxReceiveTime = Math.Max(_maxReceiveTime, receiveTime);
        Volatile.Write(ref _lastSequence, sequence);

        if (_rawLength >= _blockBytes || _count >= _maxEvents)
        {
            CloseBlock();
        }

        return true;
    }

    /// <summary>
    /// Timed work, for the end of a batch and ring timeouts: closes the open block once it is older than
    /// <see cref="JournalWriterOptions.MaxBlockLatency"/>, and fsyncs when the periodic policy's interval has passed.
    /// </summary>
    public void Poll()
    {
        long now = MonotonicClock.Timestamp();
        if (_count != 0 && now - _blockOpenedAt >= _maxLatencyTicks)
        {
            CloseBlock();
        }

        if (_unsynced && _options.Durability == JournalDurability.FlushPerBlockFsyncPeriodically && now - _lastFsyncAt >= _fsyncIntervalTicks)
        {
            Sync();
        }
    }

    /// <summary>Closes and writes the open block and the buffered index entries; fsyncs when <paramref name="toDisk"/>.</summary>
    public void Flush(bool toDisk)
    {
        if (_count != 0)
        {
            CloseBlock();
        }

        if (toDisk)
        {
            Sync();
        }
        else
        {
            FlushIndex();
        }
    }

    /// <summary>Writes everything, fsyncs, and closes the files and the directory lock.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            Flush(toDisk: true);
        }
        finally
        {
            _segment?.Dispose();
            _index?.Dispose();
            _lock.Dispose();
        }
    }

    private static FileStream TakeLock(string lockPath)
    {
        try
        {
            // FileShare.None is an exclusive advisory lock on Unix: released by the OS if this process dies.
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new JournalException(lockPath, -1, "another journal writer holds this directory", e);
        }
    }

    private static void Validate(JournalWriterOptions options)
    {
        if (options.BlockBytes < 256 || options.BlockBytes > JournalFormat.MaxBlockRawBytes / 2)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(options), options.BlockBytes, "BlockBytes must be between 256 bytes and 32 MiB.");
        }

        if (options.MaxEventsPerBlock < 1 || options.MaxEventsPerBlock > JournalFormat.MaxEventsPerBlock)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(options), options.MaxEventsPerBlock, "MaxEventsPerBlock must be between 1 and 1048576.");
        }

        if (options.SegmentBytes < 4096)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(options), options.SegmentBytes, "SegmentBytes must be at least 4096.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void StartBlock(long sequence)
    {
        _blockFirstSequence = sequence;
        _blockOpenedAt = MonotonicClock.Timestamp();
        _times = default;
        _minEventTime = long.MaxValue;
        _maxEventTime = long.MinValue;
        _minReceiveTime = long.MaxValue;
        _maxReceiveTime = long.MinValue;
    }

    private void CloseBlock()
    {
        var header = new BlockHeader
        {
            FirstSequence = _blockFirstSequence,
            Count = _count,
            RawLength = _rawLength,
            MinEventTimeNs = _minEventTime,
            MaxEventTimeNs = _maxEventTime,
            MinReceiveTimeNs = _minReceiveTime,
            MaxReceiveTimeNs = _maxReceiveTime,
        };

        byte[] output = _block;
        ReadOnlySpan<byte> raw = _block.AsSpan(BlockStart, _rawLength);
        if (_options.Compression == JournalCompression.Lz4)
        {
            int compressed = LZ4Codec.Encode(raw, _compressed.AsSpan(BlockStart), _options.CompressionLevel);
            if (compressed > 0 && compressed < _rawLength)
            {
                output = _compressed;
                header.Flags = BlockFlags.Lz4;
                header.StoredLength = compressed;
            }
        }

        if (header.Flags == BlockFlags.None)
        {
            header.StoredLength = _rawLength;
        }

        Span<byte> block = output.AsSpan(0, header.TotalLength);
        header.PayloadCrc = Crc32C.Compute(block[BlockStart..]);
        header.WriteTo(block);

        int events = _count;
        long lastSequence = header.LastSequence;
        _count = 0;
        _rawLength = 0;
        WriteBlock(block, ref header, events, lastSequence);
    }

    private void WriteBlock(ReadOnlySpan<byte> block, ref BlockHeader header, int events, long lastSequence)
    {
        try
        {
            if (_segment is null || (_segmentLength > JournalFormat.FileHeaderSize && _segmentLength + block.Length > _options.SegmentBytes))
            {
                RollSegment(header.FirstSequence);
            }

            RandomAccess.Write(_segment!, block, _segmentLength);
        }
        catch (IOException e)
        {
            OnWriteFailed(e, header.FirstSequence, events);
            return;
        }
        catch (UnauthorizedAccessException e)
        {
            OnWriteFailed(e, header.FirstSequence, events);
            return;
        }

        var entry = new IndexEntry { Block = header, Offset = _segmentLength };
        entry.WriteTo(_indexBuffer.AsSpan(_indexBuffered * JournalFormat.IndexEntrySize));
        _indexBuffered++;
        _segmentLength += block.Length;
        _unsynced = true;
        Volatile.Write(ref _lastWrittenSequence, lastSequence);
        Statistics.BlockWritten(events, header.RawLength, block.Length);

        if (_indexBuffered * JournalFormat.IndexEntrySize == _indexBuffer.Length)
        {
            FlushIndex();
        }

        if (_options.Durability == JournalDurability.FsyncPerBlock
            || (_options.Durability == JournalDurability.FlushPerBlockFsyncPeriodically && MonotonicClock.Timestamp() - _lastFsyncAt >= _fsyncIntervalTicks))
        {
            Sync();
        }
    }

    private void RollSegment(long firstSequence)
    {
        if (_segment is not null)
        {
            // A closed segment is always durable, whatever the policy: retention and the database rely on it.
            Sync();
            _segment.Dispose();
            _index?.Dispose();
            _segment = null;
            _index = null;
            _segmentOrdinal++;
        }

        var fileHeader = new FileHeader
        {
            Version = JournalFormat.CurrentVersion,
            RecordEncoding = JournalFormat.CompactRecordEncoding,
            Ordinal = _segmentOrdinal,
            FirstSequence = firstSequence,
            CreatedUnixNs = MonotonicClock.Shared.UnixNanoseconds(),
        };

        Span<byte> bytes = stackalloc byte[JournalFormat.FileHeaderSize];
        string segmentPath = JournalDirectory.SegmentPath(_directory, _segmentOrdinal);
        string indexPath = Path.Combine(_directory, JournalFormat.IndexFileName(_segmentOrdinal));
        _segment = File.OpenHandle(segmentPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        fileHeader.WriteTo(bytes, JournalFormat.SegmentMagic);
        RandomAccess.Write(_segment, bytes, 0);
        _segmentLength = JournalFormat.FileHeaderSize;

        _index = File.OpenHandle(indexPath, FileMode.Create, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        fileHeader.WriteTo(bytes, JournalFormat.IndexMagic);
        RandomAccess.Write(_index, bytes, 0);
        _indexLength = JournalFormat.FileHeaderSize;
        _indexBuffered = 0;

        Volatile.Write(ref _activeOrdinal, _segmentOrdinal);
        Statistics.SegmentCreated();
        _logger.LogInformation("Journal segment {Path} started at sequence {Sequence}", segmentPath, firstSequence);
    }

    private void FlushIndex()
    {
        if (_indexBuffered == 0 || _index is null)
        {
            return;
        }

        int length = _indexBuffered * JournalFormat.IndexEntrySize;
        try
        {
            RandomAccess.Write(_index, _indexBuffer.AsSpan(0, length), _indexLength);
            _indexLength += length;
        }
        catch (IOException e)
        {
            // The index is only a hint: readers scan block headers where it stops.
            _logger.LogWarning(e, "Journal index write failed; readers will scan the segment instead");
        }

        _indexBuffered = 0;
    }

    private void Sync()
    {
        FlushIndex();
        _lastFsyncAt = MonotonicClock.Timestamp();
        if (_segment is null || !_unsynced)
        {
            return;
        }

        try
        {
            RandomAccess.FlushToDisk(_segment);
            _unsynced = false;
            Volatile.Write(ref _lastDurableSequence, _lastWrittenSequence);
            Statistics.Fsynced();
        }
        catch (IOException e)
        {
            _logger.LogError(e, "Journal fsync of segment {Ordinal} failed", _segmentOrdinal);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OnRejected(long sequence, long last)
    {
        long count = Statistics.Rejected();
        if ((count & (count - 1)) == 0)
        {
            _logger.LogError("Journal refused sequence {Sequence}: not above the last journaled sequence {Last} ({Count} refused so far)", sequence, last, count);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OnUnresolvedSlab(long sequence, int slab)
    {
        long count = Statistics.UnresolvedSlab();
        if ((count & (count - 1)) == 0)
        {
            _logger.LogError("Journal could not read depth slab {Slab} of sequence {Sequence} (no or too small slab pool); journaled without levels ({Count} so far)", slab, sequence, count);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OnWriteFailed(Exception e, long firstSequence, int events)
    {
        Statistics.WriteFailed(events);
        _logger.LogError(e, "Journal block write failed: sequences {First}..{Last} lost from the journal", firstSequence, firstSequence + events - 1);
        if (_segment is not null)
        {
            try
            {
                // Leave no partial block behind, so the next block starts at a clean boundary.
                RandomAccess.SetLength(_segment, _segmentLength);
            }
            catch (IOException)
            {
            }
        }
    }

    private void LogRecovery()
    {
        JournalRecoveryReport report = Recovery;
        if (report.TruncatedFile is not null)
        {
            _logger.LogWarning("Journal recovery cut {Bytes} bytes of torn tail from {File} at offset {Offset}", report.TruncatedBytes, report.TruncatedFile, report.TruncatedAt);
        }

        if (report.EmptySegmentsRemoved > 0)
        {
            _logger.LogWarning("Journal recovery removed {Count} trailing segment(s) with no complete block", report.EmptySegmentsRemoved);
        }

        foreach (Reading.JournalIssue issue in report.Issues)
        {
            _logger.LogError("Journal recovery: {Issue}", issue.ToString());
        }

        _logger.LogInformation("Journal {Directory} opened; last sequence {Sequence}", _directory, report.LastSequence);
    }
}
