using System.Buffers.Binary;
using LowLatencyFeed.Journal.Format;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Journal.Tests.Support;
using LowLatencyFeed.Journal.Tools;

namespace LowLatencyFeed.Journal.Tests;

public sealed class CorruptionTests : IDisposable
{
    private const int EventsPerBlock = 32;
    private const int Blocks = 10;
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(0, true)] // magic
    [InlineData(13, true)] // first sequence
    [InlineData(25, true)] // stored length
    [InlineData(69, true)] // header CRC
    [InlineData(100, true)] // payload
    [InlineData(-1, true)] // last payload byte
    [InlineData(13, false)] // header, no index: found by scanning and resynchronising
    [InlineData(150, false)]
    public void Flipped_bit_is_reported_by_verify_and_skipped_by_the_reader(int byteInBlock, bool keepIndex)
    {
        JournalFixture.Write(JournalFixture.Options(_temp.Path, maxEventsPerBlock: EventsPerBlock), EventsPerBlock * Blocks, seed: 21);
        SegmentRef segment = Assert.Single(JournalDirectory.ListSegments(_temp.Path));
        List<IndexEntry> blocks = Blocks_(segment);
        IndexEntry damaged = blocks[4];
        long position = byteInBlock >= 0 ? damaged.Offset + byteInBlock : damaged.End - 1;
        FlipBit(segment.Path, position, bit: 3);
        if (!keepIndex)
        {
            File.Delete(segment.IndexPath);
        }

        var output = new StringWriter();
        Assert.Equal(JournalTools.ExitProblems, JournalTools.Verify(_temp.Path, output));
        Assert.Contains($"{segment.Path} at offset {damaged.Offset}:", output.ToString());

        using JournalCursor cursor = JournalReader.Open(_temp.Path).Read();
        var sequences = new List<long>();
        while (cursor.MoveNext())
        {
            sequences.Add(cursor.Current.Header.Sequence);
        }

        var expected = Enumerable.Range(0, EventsPerBlock * Blocks).Select(i => (long)i).Where(s => s < 4 * EventsPerBlock || s >= 5 * EventsPerBlock);
        Assert.Equal(expected, sequences);
        Assert.Contains(cursor.Issues, i => i.Offset == damaged.Offset && i.FilePath == segment.Path && i.Kind is JournalIssueKind.BadBlockPayload or JournalIssueKind.BadBlockHeader);
    }

    [Fact]
    public void Every_single_bit_flip_in_a_block_is_detected()
    {
        JournalFixture.Write(JournalFixture.Options(_temp.Path, maxEventsPerBlock: 4), 12, seed: 23);
        SegmentRef segment = Assert.Single(JournalDirectory.ListSegments(_temp.Path));
        IndexEntry block = Blocks_(segment)[1];
        byte[] original = File.ReadAllBytes(segment.Path);
        for (long position = block.Offset; position < block.End; position++)
        {
            // One bit per byte, rotating, so every byte and every bit position is hit.
            int bit = (int)(position % 8);
            {
                byte[] copy = (byte[])original.Clone();
                copy[position] ^= (byte)(1 << bit);
                File.WriteAllBytes(segment.Path, copy);
                using JournalCursor cursor = JournalReader.Open(_temp.Path).Read();
                int count = 0;
                while (cursor.MoveNext())
                {
                    Assert.True(cursor.Current.Header.Sequence is < 4 or >= 8, $"flip at {position}: damaged block's event yielded");
                    count++;
                }

                Assert.Equal(8, count);
                Assert.True(cursor.IssueCount > 0);
            }
        }
    }

    [Fact]
    public void Missing_segment_is_named_and_the_others_are_read()
    {
        JournalFixture.Write(JournalFixture.Options(_temp.Path, maxEventsPerBlock: 16, segmentBytes: 4096), 2000, seed: 25);
        List<SegmentRef> segments = JournalDirectory.ListSegments(_temp.Path);
        Assert.True(segments.Count >= 4);
        SegmentRef missing = segments[2];
        File.Delete(missing.Path);

        using JournalCursor cursor = JournalReader.Open(_temp.Path).Read();
        long count = 0;
        while (cursor.MoveNext())
        {
            count++;
        }

        JournalIssue issue = Assert.Single(cursor.Issues);
        Assert.Equal(JournalIssueKind.MissingSegment, issue.Kind);
        Assert.Equal(missing.Path, issue.FilePath);
        Assert.Contains(Path.GetFileName(missing.Path), issue.Message);
        Assert.True(count is > 1000 and < 2000);

        var output = new StringWriter();
        Assert.Equal(JournalTools.ExitProblems, JournalTools.Verify(_temp.Path, output));
        Assert.Contains(missing.Path, output.ToString());
    }

    [Fact]
    public void Segment_of_another_version_is_reported_with_file_and_offset_and_skipped()
    {
        JournalFixture.Write(JournalFixture.Options(_temp.Path, maxEventsPerBlock: 16, segmentBytes: 4096), 1000, seed: 27);
        List<SegmentRef> segments = JournalDirectory.ListSegments(_temp.Path);
        SetVersion(segments[1].Path, 7);

        using JournalCursor cursor = JournalReader.Open(_temp.Path).Read();
        long count = 0;
        while (cursor.MoveNext())
        {
            count++;
        }

        JournalIssue issue = Assert.Single(cursor.Issues);
        Assert.Equal(JournalIssueKind.UnsupportedVersion, issue.Kind);
        Assert.Equal(segments[1].Path, issue.FilePath);
        Assert.Equal(FileHeader.VersionOffset, issue.Offset);
        Assert.Contains("version 7", issue.Message);
        Assert.True(count is > 500 and < 1000);

        var output = new StringWriter();
        Assert.Equal(JournalTools.ExitProblems, JournalTools.Verify(_temp.Path, output));
        Assert.Contains($"{segments[1].Path} at offset 8: journal format version 7", output.ToString());
    }

    [Fact]
    public void Stale_index_is_detected_and_the_segment_scanned()
    {
        JournalFixture.Write(JournalFixture.Options(_temp.Path, maxEventsPerBlock: 16), 320, seed: 29);
        SegmentRef segment = Assert.Single(JournalDirectory.ListSegments(_temp.Path));
        byte[] index = File.ReadAllBytes(segment.IndexPath);

        // Entry 3 describes block 5 at block 3's offset: a well-formed entry that lies.
        List<IndexEntry> blocks = Blocks_(segment);
        var lie = new IndexEntry { Block = blocks[5].Block, Offset = blocks[3].Offset };
        lie.WriteTo(index.AsSpan(JournalFormat.FileHeaderSize + (3 * JournalFormat.IndexEntrySize)));
        File.WriteAllBytes(segment.IndexPath, index);

        using (JournalCursor cursor = JournalReader.Open(_temp.Path).Read())
        {
            long expected = 0;
            while (cursor.MoveNext())
            {
                Assert.Equal(expected++, cursor.Current.Header.Sequence);
            }

            Assert.Equal(320, expected);
            Assert.All(cursor.Issues, i => Assert.Equal(JournalIssueKind.IndexMismatch, i.Kind));
            Assert.NotEmpty(cursor.Issues);
        }

        // The index is a hint and the segment is intact: verify passes, with a warning naming the lying entry.
        var output = new StringWriter();
        Assert.Equal(JournalTools.ExitOk, JournalTools.Verify(_temp.Path, output));
        Assert.Contains($"WARN {segment.IndexPath} at offset {JournalFormat.FileHeaderSize + (3 * JournalFormat.IndexEntrySize)}: index entry 3", output.ToString());
        Assert.Contains("1 index warning(s)", output.ToString());
    }

    [Fact]
    public void Missing_or_garbage_index_still_reads_everything()
    {
        JournalFixture.Write(JournalFixture.Options(_temp.Path, maxEventsPerBlock: 16), 500, seed: 31);
        SegmentRef segment = Assert.Single(JournalDirectory.ListSegments(_temp.Path));
        File.WriteAllBytes(segment.IndexPath, new byte[1000]);
        using (JournalCursor cursor = JournalReader.Open(_temp.Path).Read())
        {
            long count = 0;
            while (cursor.MoveNext())
            {
                count++;
            }

            Assert.Equal(500, count);
            Assert.All(cursor.Issues, i => Assert.Equal(JournalIssueKind.IndexMismatch, i.Kind));
        }

        File.Delete(segment.IndexPath);
        RoundTripTests.AssertReadsBack(_temp.Path, 500, seed: 31);
    }

    internal static void SetVersion(string path, ushort version)
    {
        byte[] bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(FileHeader.VersionOffset), version);
        File.WriteAllBytes(path, bytes);
    }

    internal static void FlipBit(string path, long position, int bit)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = position;
        int value = stream.ReadByte();
        stream.Position = position;
        stream.WriteByte((byte)(value ^ (1 << bit)));
    }

    internal static List<IndexEntry> Blocks_(SegmentRef segment)
    {
        using SegmentFile file = SegmentFile.Open(segment.Path, segment.Ordinal);
        var entries = new List<IndexEntry>();
        byte[] scratch = new byte[1024];
        SegmentBlockLoader.Scan(file, JournalFormat.FileHeaderSize, entries, new IssueCollector(null), ref scratch);
        return entries;
    }
}
