using System.Runtime.CompilerServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Format;

namespace LowLatencyFeed.Journal.Reading;

/// <summary>
/// Iterates journaled events in sequence order, decoding one block at a time into reusable buffers and each record
/// into one reusable slot: no allocation per event. Damaged blocks, missing segments and files of another version are
/// reported through <see cref="Issues"/> (and <see cref="JournalReaderOptions.OnIssue"/>) and skipped.
/// </summary>
public sealed partial class JournalCursor : IDisposable
{
    private readonly IReadOnlyList<SegmentRef> _segments;
    private readonly JournalQuery _query;
    private readonly HashSet<long>? _instruments;
    private readonly IssueCollector _issues;
    private readonly List<IndexEntry> _blocks = new();
    private readonly bool _ownsSlabs;
    private readonly int _partitionCount;
    private readonly int _partitionIndex;
    private DepthSlabPool? _slabs;

    private SegmentFile? _segment;
    private int _segmentIndex = -1;
    private long _previousOrdinal;
    private int _blockIndex;
    private long _expectedSequence = long.MinValue;
    private IndexEntry _block;

    private byte[] _io = new byte[128 * 1024];
    private byte[] _raw = new byte[128 * 1024];
    private int _rawLength;
    private int _position;
    private int _recordsLeft;
    private long _nextSequence;
    private RecordTimeBase _times;
    private bool _finished;
    private MarketEvent _current;

    internal JournalCursor(IReadOnlyList<SegmentRef> segments, JournalQuery query, JournalReaderOptions options)
    {
        _segments = segments;
        _query = query;
        _issues = new IssueCollector(options.OnIssue);
        _slabs = options.DepthSlabs;
        _ownsSlabs = _slabs is null;
        if (query.PartitionCount < 1 || query.PartitionIndex < 0 || query.PartitionIndex >= query.PartitionCount)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(query), query.PartitionIndex, "PartitionIndex must be between 0 and PartitionCount - 1, and PartitionCount at least 1.");
        }

        _partitionCount = query.PartitionCount;
        _partitionIndex = query.PartitionIndex;
        if (query.Instruments is { Count: > 0 } instruments)
        {
            _instruments = new HashSet<long>(instruments.Count);
            foreach (var id in instruments)
            {
                _instruments.Add(id.Value);
            }
        }
    }

    /// <summary>The current event (valid until the next <see cref="MoveNext"/>); its <see cref="EventHeader.Sequence"/> is the journal sequence.</summary>
    public ref readonly MarketEvent Current => ref _current;

    /// <summary>The pool holding the current slab depth event's levels (see <see cref="JournalReaderOptions.DepthSlabs"/>).</summary>
    public DepthSlabPool? DepthSlabs => _slabs;

    /// <summary>Bid levels of the current depth event, inline or from its slab.</summary>
    public ReadOnlySpan<DepthLevel> CurrentBids
        => _current.Header.Kind != EventKind.Depth ? default
            : _current.Depth.SlabIndex >= 0 ? _slabs!.Bids(_current.Depth.SlabIndex, _current.Depth.BidCount)
            : ((ReadOnlySpan<DepthLevel>)_current.Depth.Levels)[..Math.Min((int)_current.Depth.BidCount, InlineDepthLevels.Capacity)];

    /// <summary>Ask levels of the current depth event, inline or from its slab.</summary>
    public ReadOnlySpan<DepthLevel> CurrentAsks
    {
        get
        {
            if (_current.Header.Kind != EventKind.Depth)
            {
                return default;
            }

            ref readonly DepthPayload depth = ref _current.Depth;
            if (depth.SlabIndex >= 0)
            {
                return _slabs!.Asks(depth.SlabIndex, depth.AskCount);
            }

            int bids = Math.Min((int)depth.BidCount, InlineDepthLevels.Capacity);
            int asks = Math.Min((int)depth.AskCount, InlineDepthLevels.Capacity - bids);
            return ((ReadOnlySpan<DepthLevel>)depth.Levels).Slice(bids, asks);
        }
    }

    /// <summary>Problems found so far (the first 10,000).</summary>
    public IReadOnlyList<JournalIssue> Issues => _issues.Issues;

    /// <summary>Number of problems found so far.</summary>
    public long IssueCount => _issues.Count;

    /// <summary>Events yielded so far.</summary>
    public long EventsRead { get; private set; }

    /// <summary>Blocks decompressed so far.</summary>
    public long BlocksRead { get; private set; }

    /// <summary>Stored (on-disk) bytes of the blocks read so far, headers included.</summary>
    public long StoredBytesRead { get; private set; }

    /// <summary>Uncompressed record bytes of the blocks read so far.</summary>
    public long RawBytesRead { get; private set; }

    /// <summary>Advances to the next matching event.</summary>
    public bool MoveNext()
    {
        while (!_finished)
        {
            if (_recordsLeft > 0)
            {
                ReadOnlySpan<byte> raw = _raw.AsSpan(0, _rawLength);
                if (_partitionCount > 1 && !InPartition(raw))
                {
                    PassOver(raw);
                    continue;
                }

                RecordStatus status = RecordCodec.TryDecode(raw, ref _position, ref _current, ref _times, out int slabData);
                if (status != RecordStatus.Ok)
                {
                    ReportBadRecord(status);
                    continue;
                }

                long sequence = _nextSequence++;
                _recordsLeft--;
                if (_recordsLeft == 0 && _position != _rawLength)
                {
                    _issues.Report(JournalIssueKind.MalformedBlock, _segment!.Path, _block.Offset, $"block has {_rawLength - _position} bytes after its last record");
                }

                if (sequence > _query.ToSequence)
                {
                    _finished = true;
                    return false;
                }

                _current.Header.Sequence = sequence;
                if (sequence < _query.FromSequence || !Matches(ref _current))
                {
                    continue;
                }

                if (slabData >= 0 && !ResolveSlab(slabData, sequence))
                {
                    continue;
                }

                EventsRead++;
                return true;
            }

            if (!NextBlock())
            {
                _finished = true;
            }
        }

        return false;
    }

    /// <summary>Supports <c>foreach (ref readonly MarketEvent e in cursor)</c> without allocating.</summary>
    public Enumerator GetEnumerator() => new(this);

    /// <summary>Closes the open segment.</summary>
    public void Dispose()
    {
        _segment?.Dispose();
        _segment = null;
        _finished = true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool InPartition(ReadOnlySpan<byte> raw)
    {
        // A cut-off header is left to TryDecode, which reports it as the unpartitioned cursor does.
        return !RecordCodec.TryPeekRoute(raw, _position, out EventKind kind, out long instrument)
            || kind == EventKind.Control
            || kind == EventKind.Clock
            || JournalQuery.PartitionOf(instrument, _partitionCount) == _partitionIndex;
    }

    /// <summary>
    /// Passes over a record of another partition with the bookkeeping of a decoded one (sequence, time base, the same
    /// problems reported), so every partition of a journal reports the same issues as an unpartitioned read.
    /// </summary>
    private void PassOver(ReadOnlySpan<byte> raw)
    {
        RecordStatus status = RecordCodec.TrySkip(raw, ref _position, ref _times);
        if (status != RecordStatus.Ok)
        {
            ReportBadRecord(status);
            return;
        }

        long sequence = _nextSequence++;
        _recordsLeft--;
        if (_recordsLeft == 0 && _position != _rawLength)
        {
            _issues.Report(JournalIssueKind.MalformedBlock, _segment!.Path, _block.Offset, $"block has {_rawLength - _position} bytes after its last record");
        }

        if (sequence > _query.ToSequence)
        {
            _recordsLeft = 0;
            _finished = true;
        }
    }

    private void ReportBadRecord(RecordStatus status)
    {
        _issues.Report(
            JournalIssueKind.MalformedBlock,
            _segment!.Path,
            _block.Offset,
            $"record {_block.Block.Count - _recordsLeft} of the block is {(status == RecordStatus.Truncated ? "truncated" : "malformed")}; sequences {_nextSequence}..{_block.Block.LastSequence} skipped");
        _recordsLeft = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Matches(ref MarketEvent e)
    {
        long time = JournalFormat.EventTime(in e.Header);
        if (time < _query.FromTimeNs || time >= _query.ToTimeNs)
        {
            return false;
        }

        if (_instruments is null)
        {
            return true;
        }

        EventKind kind = e.Header.Kind;
        if (!_query.FilterControlEvents && (kind == EventKind.Control || kind == EventKind.Clock))
        {
            return true;
        }

        return _instruments.Contains(e.Header.Instrument.Value);
    }

    private bool ResolveSlab(int slabData, long sequence)
    {
        ReadOnlySpan<byte> raw = _raw.AsSpan(0, _rawLength);
        int bidCount = _current.Depth.BidCount;
        int askCount = _current.Depth.AskCount;
        int needed = Math.Max(bidCount, askCount);
        if (_slabs is null || (_ownsSlabs && _slabs.LevelsPerSide < needed))
        {
            _slabs = new DepthSlabPool(1, Math.Max(DepthSlabPool.DefaultLevelsPerSide, needed));
        }
        else if (_slabs.LevelsPerSide < needed)
        {
            _issues.Report(JournalIssueKind.DepthTooDeep, _segment!.Path, _block.Offset, $"sequence {sequence} has {needed} levels per side; the slab pool holds {_slabs.LevelsPerSide}; event skipped");
            return false;
        }

        int slab = _slabs.Claim(sequence);
        RecordCodec.ReadSlabLevels(raw, slabData, _slabs.WritableBids(slab)[..bidCount], _slabs.WritableAsks(slab)[..askCount]);
        _slabs.Metadata(slab) = RecordCodec.SlabMetadata(raw, slabData);
        _current.Depth.SlabIndex = slab;
        return true;
    }

    private bool NextBlock()
    {
        while (true)
        {
            if (_segment is null || ++_blockIndex >= _blocks.Count)
            {
                if (!NextSegment())
                {
                    return false;
                }

                continue;
            }

            IndexEntry entry = _blocks[_blockIndex];
            ref readonly BlockHeader header = ref entry.Block;
            if (_expectedSequence != long.MinValue && header.FirstSequence != _expectedSequence)
            {
                _issues.Report(
                    JournalIssueKind.SequenceGap,
                    _segment.Path,
                    entry.Offset,
                    header.FirstSequence > _expectedSequence
                        ? $"sequences {_expectedSequence}..{header.FirstSequence - 1} are not in the journal"
                        : $"block starts at sequence {header.FirstSequence}, not after the previous block's last {_expectedSequence - 1}");
            }

            _expectedSequence = header.LastSequence + 1;
            if (header.LastSequence < _query.FromSequence
                || header.MaxEventTimeNs < _query.FromTimeNs
                || header.MinEventTimeNs >= _query.ToTimeNs)
            {
                continue;
            }

            if (header.FirstSequence > _query.ToSequence)
            {
                return false;
            }

            if (LoadBlock(in entry))
            {
                return true;
            }
        }
    }

    private bool LoadBlock(ref readonly IndexEntry entry)
    {
        SegmentFile segment = _segment!;
        ref readonly BlockHeader header = ref entry.Block;
        BlockReadStatus status = segment.ReadBlock(entry.Offset, in header, ref _io);
        if (status == BlockReadStatus.BadHeader && segment.Probe(entry.Offset, out _) == BlockProbe.Ok)
        {
            // A valid block that is not the one the index described: the index is stale. Rescan from here and retry.
            _issues.Report(JournalIssueKind.IndexMismatch, segment.Path, entry.Offset, "index entry does not match the block at its offset; scanning the segment from here");
            _blocks.RemoveRange(_blockIndex, _blocks.Count - _blockIndex);
            SegmentBlockLoader.Scan(segment, entry.Offset, _blocks, _issues, ref _io);
            _blockIndex--;
            _expectedSequence = _blockIndex >= 0 ? _blocks[_blockIndex].Block.LastSequence + 1 : long.MinValue;
            return false;
        }

        switch (status)
        {
            case BlockReadStatus.Ok:
                break;
            case BlockReadStatus.BadPayload:
                _issues.Report(JournalIssueKind.BadBlockPayload, segment.Path, entry.Offset, $"block payload CRC mismatch; {Lost(in header)}");
                return false;
            case BlockReadStatus.Torn:
                _issues.Report(JournalIssueKind.TornTail, segment.Path, entry.Offset, $"block runs past the end of the file; {Lost(in header)}");
                return false;
            default:
                _issues.Report(JournalIssueKind.BadBlockHeader, segment.Path, entry.Offset, $"damaged block header; {Lost(in header)}");
                return false;
        }

        if (!SegmentFile.TryUnpack(_io, in header, ref _raw))
        {
            _issues.Report(JournalIssueKind.MalformedBlock, segment.Path, entry.Offset, $"block does not decompress to its recorded {header.RawLength} bytes; {Lost(in header)}");
            return false;
        }

        _block = entry;
        _rawLength = header.RawLength;
        _position = 0;
        _recordsLeft = header.Count;
        _nextSequence = header.FirstSequence;
        _times = default;
        BlocksRead++;
        StoredBytesRead += header.TotalLength;
        RawBytesRead += header.RawLength;
        return true;
    }

    private static string Lost(ref readonly BlockHeader header) => $"sequences {header.FirstSequence}..{header.LastSequence} skipped";

    private bool NextSegment()
    {
        _segment?.Dispose();
        _segment = null;
        while (++_segmentIndex < _segments.Count)
        {
            SegmentRef next = _segments[_segmentIndex];
            if (_previousOrdinal != 0 && next.Ordinal != _previousOrdinal + 1)
            {
                string first = JournalFormat.SegmentFileName(_previousOrdinal + 1);
                _issues.Report(
                    JournalIssueKind.MissingSegment,
                    JournalDirectory.SegmentPath(Path.GetDirectoryName(next.Path)!, _previousOrdinal + 1),
                    -1,
                    next.Ordinal - _previousOrdinal == 2
                        ? $"segment {first} is missing (between {JournalFormat.SegmentFileName(_previousOrdinal)} and {Path.GetFileName(next.Path)}); its events are lost"
                        : $"segments {first} to {JournalFormat.SegmentFileName(next.Ordinal - 1)} are missing; their events are lost");
                _expectedSequence = long.MinValue;
            }

            _previousOrdinal = next.Ordinal;
            SegmentFile segment;
            try
            {
                segment = SegmentFile.Open(next.Path, next.Ordinal);
            }
            catch (FileNotFoundException)
            {
                _issues.Report(JournalIssueKind.MissingSegment, next.Path, -1, "segment disappeared while reading (retention?); skipped");
                _expectedSequence = long.MinValue;
                continue;
            }

            if (segment.HeaderStatus != FileHeaderStatus.Ok)
            {
                _issues.Report(
                    segment.HeaderStatus == FileHeaderStatus.UnsupportedVersion ? JournalIssueKind.UnsupportedVersion : JournalIssueKind.BadFileHeader,
                    segment.Path,
                    segment.HeaderStatus == FileHeaderStatus.UnsupportedVersion ? FileHeader.VersionOffset : 0,
                    segment.DescribeHeaderProblem() + "; segment skipped");
                segment.Dispose();
                _expectedSequence = long.MinValue;
                continue;
            }

            SegmentBlockLoader.Load(segment, next.IndexPath, _blocks, _issues, ref _io);
            _segment = segment;
            _blockIndex = FirstBlockAtOrAfter(_query.FromSequence) - 1;
            if (_blockIndex >= 0)
            {
                _expectedSequence = _blocks[_blockIndex].Block.LastSequence + 1;
            }

            return true;
        }

        return false;
    }

    private int FirstBlockAtOrAfter(long sequence)
    {
        int low = 0;
        int high = _blocks.Count;
        while (low < high)
        {
            int mid = (low + high) >>> 1;
            if (_blocks[mid].Block.LastSequence < sequence)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
