using LowLatencyFeed.Journal.Format;
using LowLatencyFeed.Journal.Tests.Support;
using LowLatencyFeed.Journal.Tools;

namespace LowLatencyFeed.Journal.Tests;

/// <summary>
/// Every single-bit flip anywhere in a small journal is caught by <c>journal verify</c>: in a segment (file header, block
/// header or payload) as a problem naming the file and the offset of the damaged part; in an index as a warning (the
/// index is a hint) naming the index file and the offset of the damaged header or entry.
/// </summary>
public sealed class BitFlipTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Every_flipped_bit_of_every_segment_block_is_reported_with_its_file_and_block_offset()
    {
        string[] segments = WriteSmallJournal();
        foreach (string segment in segments)
        {
            byte[] pristine = File.ReadAllBytes(segment);
            long[] blockStarts = BlockStarts(pristine);
            Assert.True(blockStarts.Length >= 2, $"{Path.GetFileName(segment)} has {blockStarts.Length} block(s)");
            string name = Path.GetFileName(segment);
            for (int offset = 0; offset < pristine.Length; offset++)
            {
                // The damaged part: the file header (reported at 0, or at the version field when the flip lands there and
                // names a version this build does not read), else the block whose header or payload holds the byte.
                long expected = offset >= JournalFormat.FileHeaderSize ? BlockContaining(blockStarts, offset)
                    : offset is >= FileHeader.VersionOffset and < FileHeader.VersionOffset + sizeof(ushort) ? FileHeader.VersionOffset
                    : 0;
                for (int bit = 0; bit < 8; bit++)
                {
                    string output = VerifyWithFlip(segment, pristine, offset, bit, out int exit);
                    Assert.True(exit == JournalTools.ExitProblems, $"bit {bit} of byte {offset} in {name}: exit {exit}\n{output}");
                    Assert.True(
                        output.Contains($"BAD  {segment} at offset {expected}:", StringComparison.Ordinal),
                        $"bit {bit} of byte {offset} in {name}: no problem reported at offset {expected}\n{output}");
                }
            }
        }
    }

    [Fact]
    public void Every_flipped_bit_of_an_index_is_a_warning_naming_the_index_file_and_entry_offset()
    {
        string[] segments = WriteSmallJournal();
        foreach (string segment in segments)
        {
            string index = Path.ChangeExtension(segment, JournalFormat.IndexExtension);
            byte[] pristine = File.ReadAllBytes(index);
            int entries = (pristine.Length - JournalFormat.FileHeaderSize) / JournalFormat.IndexEntrySize;
            Assert.True(entries >= 2, $"{Path.GetFileName(index)} has {entries} entries");
            Assert.Equal(JournalFormat.FileHeaderSize + (entries * JournalFormat.IndexEntrySize), pristine.Length);
            for (int offset = 0; offset < pristine.Length; offset++)
            {
                // The index header is reported at 0; entry i (88 bytes each, after the 64-byte header) at its first byte.
                long expected = offset < JournalFormat.FileHeaderSize
                    ? 0
                    : JournalFormat.FileHeaderSize + ((offset - JournalFormat.FileHeaderSize) / JournalFormat.IndexEntrySize * JournalFormat.IndexEntrySize);
                for (int bit = 0; bit < 8; bit++)
                {
                    string output = VerifyWithFlip(index, pristine, offset, bit, out int exit);

                    // The segment itself is intact, so the verdict is OK with a warning; never silence.
                    Assert.True(exit == JournalTools.ExitOk, $"bit {bit} of byte {offset} in {Path.GetFileName(index)}: exit {exit}\n{output}");
                    Assert.True(
                        output.Contains($"WARN {index} at offset {expected}:", StringComparison.Ordinal),
                        $"bit {bit} of byte {offset} in {Path.GetFileName(index)}: no warning at offset {expected}\n{output}");
                    Assert.Contains("index warning(s)", output, StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public void The_pristine_journal_verifies_clean_without_warnings()
    {
        WriteSmallJournal();
        var output = new StringWriter();
        Assert.Equal(JournalTools.ExitOk, JournalTools.Verify(_temp.Path, output));
        Assert.DoesNotContain("WARN", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("160 event(s): OK", output.ToString(), StringComparison.Ordinal);
    }

    /// <summary>160 events, 16 per block, in segments of the smallest size allowed, so there are two of them.</summary>
    private string[] WriteSmallJournal()
    {
        JournalFixture.Write(JournalFixture.Options(_temp.Path, maxEventsPerBlock: 16, segmentBytes: 4096), 160, seed: 29, withSlabs: false);
        string[] segments = [.. Directory.GetFiles(_temp.Path, "*" + JournalFormat.SegmentExtension).Order(StringComparer.Ordinal)];
        Assert.True(segments.Length >= 2, $"{segments.Length} segment(s) of {string.Join(", ", segments.Select(s => new FileInfo(s).Length))} bytes");
        return segments;
    }

    /// <summary>Flips one bit of <paramref name="file"/> in place, verifies the journal, and restores the byte.</summary>
    private string VerifyWithFlip(string file, byte[] pristine, int offset, int bit, out int exit)
    {
        byte[] damaged = [(byte)(pristine[offset] ^ (1 << bit))];
        using (var handle = File.OpenHandle(file, FileMode.Open, FileAccess.Write))
        {
            RandomAccess.Write(handle, damaged, offset);
        }

        try
        {
            var output = new StringWriter();
            exit = JournalTools.Verify(_temp.Path, output);
            return output.ToString();
        }
        finally
        {
            using var handle = File.OpenHandle(file, FileMode.Open, FileAccess.Write);
            RandomAccess.Write(handle, pristine.AsSpan(offset, 1), offset);
        }
    }

    /// <summary>Block offsets of an intact segment: blocks follow the 64-byte file header back to back.</summary>
    private static long[] BlockStarts(byte[] segment)
    {
        var starts = new List<long>();
        long offset = JournalFormat.FileHeaderSize;
        while (offset < segment.Length)
        {
            Assert.Equal(BlockHeaderStatus.Ok, BlockHeader.TryRead(segment.AsSpan((int)offset), out BlockHeader header));
            starts.Add(offset);
            offset += header.TotalLength;
        }

        Assert.Equal(segment.Length, offset);
        return [.. starts];
    }

    private static long BlockContaining(long[] starts, long offset)
    {
        long found = starts[0];
        foreach (long start in starts)
        {
            if (start <= offset)
            {
                found = start;
            }
        }

        return found;
    }
}
