using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Journal.Format;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace LowLatencyFeed.Journal.Writing;

/// <summary>
/// Segment files: a block is written at the end of the active segment (rolled to a new one, after an fsync, when the
/// block would not fit), its index entry buffered and written in batches, and the segment fsynced as the durability
/// policy asks.
/// </summary>
public sealed partial class JournalWriter
{
    private SafeFileHandle? _segment;
    private SafeFileHandle? _index;
    private long _segmentOrdinal;
    private long _segmentLength;
    private long _indexLength;
    private int _indexBuffered;
    private bool _unsynced;
    private long _lastFsyncAt;

    private void WriteBlock(ReadOnlySpan<byte> block, ref BlockHeader header)
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
            OnWriteFailed(e, header.FirstSequence, header.Count);
            return;
        }
        catch (UnauthorizedAccessException e)
        {
            OnWriteFailed(e, header.FirstSequence, header.Count);
            return;
        }

        var entry = new IndexEntry { Block = header, Offset = _segmentLength };
        entry.WriteTo(_indexBuffer.AsSpan(_indexBuffered * JournalFormat.IndexEntrySize));
        _indexBuffered++;
        _segmentLength += block.Length;
        _unsynced = true;
        Volatile.Write(ref _lastWrittenSequence, header.LastSequence);
        Statistics.BlockWritten(header.Count, header.RawLength, block.Length);

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
            RecordEncoding = JournalFormat.NarrowRecordEncoding,
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
}
