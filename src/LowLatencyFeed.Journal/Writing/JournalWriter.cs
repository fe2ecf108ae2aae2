using K4os.Compression.LZ4;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Journal.Format;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Journal.Writing;

/// <summary>
/// Appends events to a journal directory: records packed into blocks, each block LZ4-compressed, CRC-protected and
/// written with one positioned write, segments rolled at a size, an index entry per block. Every method but the
/// statistics and sequence properties must be called from one thread (the journal consumer's); with
/// <see cref="JournalWriterOptions.BlockThread"/> the writer compresses and writes blocks on a thread of its own.
/// </summary>
/// <remarks>
/// <see cref="Open"/> recovers first: a torn tail is cut at the last valid block and <see cref="LastSequence"/> is the
/// last sequence on disk, so the ring can start at <c>LastSequence + 1</c>. Appending allocates nothing: the block
/// buffers are sized up front for the largest record.
/// </remarks>
public sealed partial class JournalWriter : IDisposable
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
        _queue = NewQueue(options, rawCapacity);
        _block = _queue?[0].Records ?? GC.AllocateUninitializedArray<byte>(BlockStart + rawCapacity);
        _compressed = GC.AllocateUninitializedArray<byte>(BlockStart + LZ4Codec.MaximumOutputSize(rawCapacity));
        _blockThreadWakeMs = (int)Math.Clamp(options.FsyncInterval.TotalMilliseconds / 4, 1, 250);
        _blockThread = _queue is null ? null : new Thread(RunBlockThread) { IsBackground = true, Name = "llfeed-journal-blocks" };

        Recovery = recovery.Report;
        _lastSequence = recovery.Report.LastSequence;
        _lastWrittenSequence = _lastSequence;
        _lastDurableSequence = _lastSequence;
        _activeOrdinal = recovery.Report.ActiveOrdinal;
        _segmentOrdinal = recovery.Report.ActiveOrdinal;
        _lastFsyncAt = MonotonicClock.Timestamp();
        // A segment of the older record encoding is left closed: its header must keep telling readers what it holds.
        if (recovery.AppendTo is { } segment && recovery.AppendOffset < options.SegmentBytes && recovery.RecordEncoding == JournalFormat.NarrowRecordEncoding)
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

        _blockThread?.Start();
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

        int written = RecordCodec.EncodeNarrow(in e, ref _block[BlockStart + _rawLength], ref _times, _slabs);
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

        // With a block thread, that thread keeps the fsync period: the files are its alone.
        if (_blockThread is null && _unsynced && _options.Durability == JournalDurability.FlushPerBlockFsyncPeriodically && now - _lastFsyncAt >= _fsyncIntervalTicks)
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

        if (_blockThread is not null)
        {
            FlushOnBlockThread(toDisk);
        }
        else if (toDisk)
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
            StopBlockThread();
            _segment?.Dispose();
            _index?.Dispose();
            _lock.Dispose();
            _work.Dispose();
            _progress.Dispose();
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
}
