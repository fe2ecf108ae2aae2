using LowLatencyFeed.Journal.Format;
using LowLatencyFeed.Journal.Reading;

namespace LowLatencyFeed.Journal.Writing;

/// <summary>
/// Finds where a journal really ends before a writer appends to it: verifies every block of the last segment
/// (both CRCs), cuts a torn or partially written tail at the end of the last valid block, drops trailing segments
/// with no complete block, and rewrites the last segment's index from what it found.
/// </summary>
internal static class JournalRecovery
{
    public static JournalRecoveryResult Run(string directory, long firstSequenceIfEmpty)
    {
        List<SegmentRef> segments = JournalDirectory.ListSegments(directory);
        var issues = new IssueCollector(null);
        var entries = new List<IndexEntry>();
        byte[] buffer = new byte[256 * 1024];
        int removed = 0;
        long nextOrdinal = 1;

        while (segments.Count > 0)
        {
            SegmentRef last = segments[^1];
            nextOrdinal = last.Ordinal;
            using (SegmentFile segment = SegmentFile.Open(last.Path, last.Ordinal, writable: true))
            {
                if (segment.HeaderStatus == FileHeaderStatus.UnsupportedVersion)
                {
                    ThrowHelper.ThrowUnusableSegment(segment, FileHeader.VersionOffset, "; the writer will not append to it (move it out of the directory or use a matching build)");
                }

                if (segment.HeaderStatus != FileHeaderStatus.Ok)
                {
                    // A header torn at creation leaves no events behind it; anything else is real damage we must not erase.
                    if (segment.HeaderStatus != FileHeaderStatus.TooShort && segment.FindNextBlock(0, verifyPayload: true, ref buffer) >= 0)
                    {
                        ThrowHelper.ThrowUnusableSegment(segment, 0, " but the file holds valid blocks; repair or move it before writing");
                    }
                }
                else
                {
                    long end = ScanVerified(segment, entries, issues, ref buffer);
                    if (entries.Count > 0)
                    {
                        long cut = segment.Length - end;
                        if (cut > 0)
                        {
                            // Not fsynced here: the writer's next fsync of this file makes the cut durable with the new data.
                            RandomAccess.SetLength(segment.Handle, end);
                        }

                        RewriteIndex(last, segment.Header, entries);
                        return new JournalRecoveryResult(
                            new JournalRecoveryReport
                            {
                                LastSequence = entries[^1].Block.LastSequence,
                                ActiveOrdinal = last.Ordinal,
                                TruncatedFile = cut > 0 ? segment.Path : null,
                                TruncatedAt = cut > 0 ? end : -1,
                                TruncatedBytes = cut,
                                EmptySegmentsRemoved = removed,
                                Issues = issues.Issues.ToArray(),
                            },
                            last,
                            end,
                            entries.Count,
                            segment.Header.RecordEncoding);
                    }
                }
            }

            File.Delete(last.Path);
            File.Delete(last.IndexPath);
            removed++;
            segments.RemoveAt(segments.Count - 1);
        }

        return new JournalRecoveryResult(
            new JournalRecoveryReport { LastSequence = firstSequenceIfEmpty - 1, ActiveOrdinal = nextOrdinal, EmptySegmentsRemoved = removed },
            null,
            0,
            0,
            JournalFormat.NarrowRecordEncoding);
    }

    /// <summary>Walks the blocks from the header, verifying both CRCs; returns the end of the last valid block.</summary>
    private static long ScanVerified(SegmentFile segment, List<IndexEntry> entries, IssueCollector issues, ref byte[] buffer)
    {
        entries.Clear();
        long offset = JournalFormat.FileHeaderSize;
        long end = offset;
        while (true)
        {
            BlockProbe probe = segment.Probe(offset, out BlockHeader header);
            if (probe == BlockProbe.EndOfFile)
            {
                return end;
            }

            if (probe == BlockProbe.Ok && segment.ReadBlock(offset, in header, ref buffer) == BlockReadStatus.Ok)
            {
                entries.Add(new IndexEntry { Block = header, Offset = offset });
                offset += header.TotalLength;
                end = offset;
                continue;
            }

            // Damage followed by a valid block is corruption inside the segment, not a torn tail: keep what follows.
            long next = segment.FindNextBlock(offset + 1, verifyPayload: true, ref buffer);
            if (next < 0)
            {
                return end;
            }

            issues.Report(JournalIssueKind.BadBlockPayload, segment.Path, offset, $"damaged block before valid data; {next - offset} bytes kept in place and skipped by readers");
            offset = next;
        }
    }

    private static void RewriteIndex(SegmentRef segment, FileHeader segmentHeader, List<IndexEntry> entries)
    {
        byte[] bytes = new byte[JournalFormat.FileHeaderSize + (entries.Count * JournalFormat.IndexEntrySize)];
        segmentHeader.WriteTo(bytes, JournalFormat.IndexMagic);
        for (int i = 0; i < entries.Count; i++)
        {
            entries[i].WriteTo(bytes.AsSpan(JournalFormat.FileHeaderSize + (i * JournalFormat.IndexEntrySize)));
        }

        using var stream = new FileStream(segment.IndexPath, FileMode.Create, FileAccess.Write, FileShare.Read | FileShare.Delete);
        // No fsync: the index is a hint that readers validate and rebuild from the segment.
        stream.Write(bytes);
    }
}
