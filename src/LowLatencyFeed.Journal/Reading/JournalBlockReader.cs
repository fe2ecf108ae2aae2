using LowLatencyFeed.Journal.Format;

namespace LowLatencyFeed.Journal.Reading;

/// <summary>
/// The block half of reading a journal: walks the segments and their block lists in sequence order, skips the blocks a
/// query's bounds exclude (from their headers alone), reads each remaining block, checks its CRCs and decompresses it.
/// Damaged blocks, missing segments and files of another version are reported and skipped. A <see cref="JournalCursor"/>
/// decodes the records of the blocks it yields, either from a reader of its own or from one shared by the partitions
/// of a parallel read (<see cref="SharedBlockReader"/>), which then reads and decompresses each block once.
/// </summary>
internal sealed class JournalBlockReader : IDisposable
{
    private readonly IReadOnlyList<SegmentRef> _segments;
    private readonly JournalQuery _query;
    private readonly List<IndexEntry> _blocks = new();

    private SegmentFile? _segment;
    private int _segmentIndex = -1;
    private long _previousOrdinal;
    private int _blockIndex;
    private long _expectedSequence = long.MinValue;
    private byte[] _io = new byte[128 * 1024];

    public JournalBlockReader(IReadOnlyList<SegmentRef> segments, JournalQuery query)
    {
        _segments = segments;
        _query = query;
    }

    /// <summary>
    /// Reads the next block the query needs into <paramref name="block"/>, reporting what is met on the way to
    /// <paramref name="issues"/>; false at the end of the journal (or past <see cref="JournalQuery.ToSequence"/>).
    /// </summary>
    public bool TryRead(DecodedBlock block, IssueCollector issues)
    {
        while (true)
        {
            if (_segment is null || ++_blockIndex >= _blocks.Count)
            {
                if (!NextSegment(issues))
                {
                    return false;
                }

                continue;
            }

            IndexEntry entry = _blocks[_blockIndex];
            ref readonly BlockHeader header = ref entry.Block;
            if (_expectedSequence != long.MinValue && header.FirstSequence != _expectedSequence)
            {
                issues.Report(
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

            if (LoadBlock(in entry, block, issues))
            {
                return true;
            }
        }
    }

    /// <summary>Closes the open segment.</summary>
    public void Dispose()
    {
        _segment?.Dispose();
        _segment = null;
    }

    private bool LoadBlock(ref readonly IndexEntry entry, DecodedBlock block, IssueCollector issues)
    {
        SegmentFile segment = _segment!;
        ref readonly BlockHeader header = ref entry.Block;
        BlockReadStatus status = segment.ReadBlock(entry.Offset, in header, ref _io);
        if (status == BlockReadStatus.BadHeader && segment.Probe(entry.Offset, out _) == BlockProbe.Ok)
        {
            // A valid block that is not the one the index described: the index is stale. Rescan from here and retry.
            issues.Report(JournalIssueKind.IndexMismatch, segment.Path, entry.Offset, "index entry does not match the block at its offset; scanning the segment from here");
            _blocks.RemoveRange(_blockIndex, _blocks.Count - _blockIndex);
            SegmentBlockLoader.Scan(segment, entry.Offset, _blocks, issues, ref _io);
            _blockIndex--;
            _expectedSequence = _blockIndex >= 0 ? _blocks[_blockIndex].Block.LastSequence + 1 : long.MinValue;
            return false;
        }

        switch (status)
        {
            case BlockReadStatus.Ok:
                break;
            case BlockReadStatus.BadPayload:
                issues.Report(JournalIssueKind.BadBlockPayload, segment.Path, entry.Offset, $"block payload CRC mismatch; {Lost(in header)}");
                return false;
            case BlockReadStatus.Torn:
                issues.Report(JournalIssueKind.TornTail, segment.Path, entry.Offset, $"block runs past the end of the file; {Lost(in header)}");
                return false;
            default:
                issues.Report(JournalIssueKind.BadBlockHeader, segment.Path, entry.Offset, $"damaged block header; {Lost(in header)}");
                return false;
        }

        if (!SegmentFile.TryUnpack(_io, in header, ref block.Raw))
        {
            issues.Report(JournalIssueKind.MalformedBlock, segment.Path, entry.Offset, $"block does not decompress to its recorded {header.RawLength} bytes; {Lost(in header)}");
            return false;
        }

        block.Entry = entry;
        block.RawLength = header.RawLength;
        block.SegmentPath = segment.Path;
        block.HasRecords = true;
        return true;
    }

    private static string Lost(ref readonly BlockHeader header) => $"sequences {header.FirstSequence}..{header.LastSequence} skipped";

    private bool NextSegment(IssueCollector issues)
    {
        _segment?.Dispose();
        _segment = null;
        while (++_segmentIndex < _segments.Count)
        {
            SegmentRef next = _segments[_segmentIndex];
            if (_previousOrdinal != 0 && next.Ordinal != _previousOrdinal + 1)
            {
                string first = JournalFormat.SegmentFileName(_previousOrdinal + 1);
                issues.Report(
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
                issues.Report(JournalIssueKind.MissingSegment, next.Path, -1, "segment disappeared while reading (retention?); skipped");
                _expectedSequence = long.MinValue;
                continue;
            }

            if (segment.HeaderStatus != FileHeaderStatus.Ok)
            {
                issues.Report(
                    segment.HeaderStatus == FileHeaderStatus.UnsupportedVersion ? JournalIssueKind.UnsupportedVersion : JournalIssueKind.BadFileHeader,
                    segment.Path,
                    segment.HeaderStatus == FileHeaderStatus.UnsupportedVersion ? FileHeader.VersionOffset : 0,
                    segment.DescribeHeaderProblem() + "; segment skipped");
                segment.Dispose();
                _expectedSequence = long.MinValue;
                continue;
            }

            SegmentBlockLoader.Load(segment, next.IndexPath, _blocks, issues, ref _io);
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
