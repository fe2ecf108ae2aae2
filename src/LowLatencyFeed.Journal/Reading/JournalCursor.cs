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
    private readonly JournalQuery _query;
    private readonly HashSet<long>? _instruments;
    private readonly IssueCollector _issues;
    private readonly bool _ownsSlabs;
    private readonly int _partitionCount;
    private readonly int _partitionIndex;
    private DepthSlabPool? _slabs;

    // Blocks come either from a reader of the cursor's own or from one shared with the other partitions.
    private readonly JournalBlockReader? _reader;
    private readonly DecodedBlock? _ownBlock;
    private readonly SharedBlockReader? _shared;

    private IndexEntry _block;
    private string _blockPath = string.Empty;
    private byte[] _raw = [];
    private int _rawLength;
    private int _position;
    private int _recordsLeft;
    private long _nextSequence;
    private RecordTimeBase _times;
    private bool _finished;
    private MarketEvent _current;

    internal JournalCursor(IReadOnlyList<SegmentRef> segments, JournalQuery query, JournalReaderOptions options)
        : this(query, options)
    {
        _reader = new JournalBlockReader(segments, query);
        _ownBlock = new DecodedBlock();
    }

    /// <summary>A cursor over partition <see cref="JournalQuery.PartitionIndex"/> whose blocks <paramref name="shared"/> reads.</summary>
    internal JournalCursor(SharedBlockReader shared, JournalQuery query, JournalReaderOptions options)
        : this(query, options)
    {
        _shared = shared;
    }

    private JournalCursor(JournalQuery query, JournalReaderOptions options)
    {
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
                    _issues.Report(JournalIssueKind.MalformedBlock, _blockPath, _block.Offset, $"block has {_rawLength - _position} bytes after its last record");
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

    /// <summary>Closes the open segment; a cursor of a <see cref="SharedBlockReader"/> stops taking its blocks.</summary>
    public void Dispose()
    {
        _reader?.Dispose();
        _shared?.Detach(_partitionIndex);
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
            _issues.Report(JournalIssueKind.MalformedBlock, _blockPath, _block.Offset, $"block has {_rawLength - _position} bytes after its last record");
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
            _blockPath,
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
            _issues.Report(JournalIssueKind.DepthTooDeep, _blockPath, _block.Offset, $"sequence {sequence} has {needed} levels per side; the slab pool holds {_slabs.LevelsPerSide}; event skipped");
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
        DecodedBlock? block;
        if (_shared is null)
        {
            block = _reader!.TryRead(_ownBlock!, _issues) ? _ownBlock : null;
        }
        else
        {
            block = _shared.Take(_partitionIndex, _issues);
        }

        if (block is null)
        {
            return false;
        }

        ref readonly BlockHeader header = ref block.Entry.Block;
        _block = block.Entry;
        _blockPath = block.SegmentPath;
        _raw = block.Raw;
        _rawLength = block.RawLength;
        _position = 0;
        _recordsLeft = header.Count;
        _nextSequence = header.FirstSequence;
        _times = default;
        BlocksRead++;
        StoredBytesRead += header.TotalLength;
        RawBytesRead += header.RawLength;
        return true;
    }
}
