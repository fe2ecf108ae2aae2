using LowLatencyFeed.Journal.Format;

namespace LowLatencyFeed.Journal.Reading;

/// <summary>
/// Builds the block list of a segment without decompressing anything: the index file's entries while they chain
/// correctly, then block headers scanned from where the index stops to the end of the file.
/// </summary>
internal static class SegmentBlockLoader
{
    public static void Load(SegmentFile segment, string indexPath, List<IndexEntry> entries, IssueCollector issues, ref byte[] scratch)
    {
        entries.Clear();
        long offset = LoadIndex(segment, indexPath, entries, issues);
        if (offset > JournalFormat.FileHeaderSize && segment.Probe(offset, out _) == BlockProbe.BadHeader)
        {
            // Where the index stops is not a block boundary: the index does not describe this file. Trust only a scan.
            issues.Report(JournalIssueKind.IndexMismatch, indexPath, -1, $"index ends at offset {offset}, which is not a block in {Path.GetFileName(segment.Path)}; the segment was scanned instead");
            entries.Clear();
            offset = JournalFormat.FileHeaderSize;
        }

        Scan(segment, offset, entries, issues, ref scratch);
    }

    /// <summary>Scans block headers from <paramref name="offset"/> to the end of the file, adding an entry per block.</summary>
    public static void Scan(SegmentFile segment, long offset, List<IndexEntry> entries, IssueCollector issues, ref byte[] scratch)
    {
        while (true)
        {
            BlockProbe probe = segment.Probe(offset, out BlockHeader header);
            switch (probe)
            {
                case BlockProbe.EndOfFile:
                    return;
                case BlockProbe.Ok:
                    entries.Add(new IndexEntry { Block = header, Offset = offset });
                    offset += header.TotalLength;
                    break;
                case BlockProbe.Torn:
                    issues.Report(
                        JournalIssueKind.TornTail,
                        segment.Path,
                        offset,
                        $"incomplete block at the end of the segment ({segment.Length - offset} bytes); a writer cuts it when it next opens the journal");
                    return;
                default:
                    long next = segment.FindNextBlock(offset + 1, verifyPayload: false, ref scratch);
                    issues.Report(
                        JournalIssueKind.BadBlockHeader,
                        segment.Path,
                        offset,
                        next >= 0
                            ? $"damaged block header; skipped {next - offset} bytes to the next valid block at offset {next}"
                            : $"damaged block header; no valid block follows ({segment.Length - offset} bytes skipped)");
                    if (next < 0)
                    {
                        return;
                    }

                    offset = next;
                    break;
            }
        }
    }

    /// <summary>Adds the index file's entries while they chain from the segment header; returns where they stop.</summary>
    public static long LoadIndex(SegmentFile segment, string indexPath, List<IndexEntry> entries, IssueCollector issues)
    {
        long expected = JournalFormat.FileHeaderSize;
        byte[] index;
        try
        {
            if (!File.Exists(indexPath))
            {
                return expected;
            }

            using var stream = new FileStream(indexPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
            index = new byte[stream.Length];
            stream.ReadExactly(index);
        }
        catch (IOException)
        {
            return expected;
        }

        FileHeaderStatus status = FileHeader.TryRead(index, JournalFormat.IndexMagic, out FileHeader header);
        if (status != FileHeaderStatus.Ok || header.Ordinal != segment.Ordinal)
        {
            if (index.Length >= JournalFormat.FileHeaderSize)
            {
                issues.Report(JournalIssueKind.IndexMismatch, indexPath, 0, "index header is invalid or belongs to another segment; the segment was scanned instead");
            }

            return expected;
        }

        for (int position = JournalFormat.FileHeaderSize; position + JournalFormat.IndexEntrySize <= index.Length; position += JournalFormat.IndexEntrySize)
        {
            // The index is appended lazily and may lag or end torn: stop at the first entry that does not chain, scan the rest.
            if (!IndexEntry.TryRead(index.AsSpan(position), out IndexEntry entry))
            {
                // A whole entry that fails its own checks is damage, not lag: say so (the index is a hint, so the
                // segment is scanned from here and nothing is lost), never skip it silently.
                issues.Report(
                    JournalIssueKind.IndexMismatch,
                    indexPath,
                    position,
                    $"index entry {(position - JournalFormat.FileHeaderSize) / JournalFormat.IndexEntrySize} is damaged (CRC or block header check failed); {Path.GetFileName(segment.Path)} was scanned from offset {expected} instead");
                break;
            }

            if (entry.Offset != expected || entry.End > segment.Length)
            {
                break;
            }

            entries.Add(entry);
            expected = entry.End;
        }

        return expected;
    }
}
