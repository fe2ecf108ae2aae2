using LowLatencyFeed.Journal.Format;

namespace LowLatencyFeed.Journal.Reading;

/// <summary>
/// One block read, checked and decompressed, on its way from a <see cref="JournalBlockReader"/> to a cursor: the records
/// and where they came from. Reused block after block (the buffer grows once to the largest block).
/// </summary>
internal sealed class DecodedBlock
{
    /// <summary>The records, <see cref="RawLength"/> bytes of them.</summary>
    public byte[] Raw = new byte[128 * 1024];

    public int RawLength;

    /// <summary>The block's header and offset.</summary>
    public IndexEntry Entry;

    /// <summary>The segment file holding the block (named in problems found in its records).</summary>
    public string SegmentPath = string.Empty;

    /// <summary>False for the end-of-journal marker a <see cref="SharedBlockReader"/> hands on after the last block.</summary>
    public bool HasRecords;

    /// <summary>
    /// Problems met while finding this block (or, for the end marker, after the last one), which a cursor fed by a
    /// <see cref="SharedBlockReader"/> reports as its own when it takes the block: the order a single cursor reports them in.
    /// </summary>
    public readonly List<JournalIssue> IssuesBefore = new();
}
