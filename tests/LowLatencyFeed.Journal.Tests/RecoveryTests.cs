using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Format;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Journal.Tests.Support;
using LowLatencyFeed.Journal.Writing;

namespace LowLatencyFeed.Journal.Tests;

public sealed class RecoveryTests : IDisposable
{
    private const int EventsPerBlock = 6;
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void New_journal_starts_before_the_configured_first_sequence()
    {
        using var writer = JournalWriter.Open(new JournalWriterOptions { Directory = _temp.Path, FirstSequence = 100 });
        Assert.Equal(99, writer.LastSequence);
        Assert.Equal(1, writer.ActiveSegmentOrdinal);
    }

    [Fact]
    public void Reopened_writer_continues_after_the_last_sequence()
    {
        var options = JournalFixture.Options(_temp.Path, maxEventsPerBlock: EventsPerBlock);
        JournalFixture.Write(options, 100, seed: 2);
        using (var writer = JournalWriter.Open(options))
        {
            Assert.Equal(99, writer.LastSequence);
            Assert.Null(writer.Recovery.TruncatedFile);
        }

        JournalFixture.Write(options, 50, seed: 2, first: 100);
        Assert.Single(JournalDirectory.ListSegments(_temp.Path));
    }

    [Fact]
    public void Tail_cut_at_every_byte_of_the_last_block_recovers_to_the_previous_block()
    {
        string source = _temp.Sub("source");
        var options = JournalFixture.Options(source, maxEventsPerBlock: EventsPerBlock);
        using (var writer = JournalWriter.Open(options))
        {
            MarketEvent e = default;
            for (long s = 0; s < 5 * EventsPerBlock; s++)
            {
                SmallEvents.Fill(s, ref e);
                writer.Append(in e, s);
            }
        }

        SegmentRef segment = Assert.Single(JournalDirectory.ListSegments(source));
        byte[] segmentBytes = File.ReadAllBytes(segment.Path);
        byte[] indexBytes = File.ReadAllBytes(segment.IndexPath);
        long lastBlock = LastBlockOffset(segment);
        Assert.True(segmentBytes.Length - lastBlock > JournalFormat.BlockHeaderSize);

        string work = _temp.Sub("work");
        string workSegment = Path.Combine(work, Path.GetFileName(segment.Path));
        string workIndex = Path.Combine(work, Path.GetFileName(segment.IndexPath));
        for (long cut = lastBlock; cut < segmentBytes.Length; cut++)
        {
            foreach (string file in Directory.GetFiles(work))
            {
                File.Delete(file);
            }

            File.WriteAllBytes(workSegment, segmentBytes.AsSpan(0, (int)cut).ToArray());
            File.WriteAllBytes(workIndex, indexBytes);

            var workOptions = JournalFixture.Options(work, maxEventsPerBlock: EventsPerBlock);
            bool append = (cut - lastBlock) % 16 == 0 || cut == segmentBytes.Length - 1;
            using (var writer = JournalWriter.Open(workOptions))
            {
                Assert.Equal((4 * EventsPerBlock) - 1, writer.LastSequence);
                Assert.Equal(lastBlock, new FileInfo(workSegment).Length);
                Assert.Equal(cut > lastBlock ? lastBlock : -1, writer.Recovery.TruncatedAt);
                Assert.Equal(cut - lastBlock, writer.Recovery.TruncatedBytes);

                // At a sample of cuts (each costs an fsync on close) the writer continues with the next sequence.
                MarketEvent e = default;
                for (long s = 4 * EventsPerBlock; append && s < 5 * EventsPerBlock; s++)
                {
                    SmallEvents.Fill(s, ref e);
                    Assert.True(writer.Append(in e, s));
                }
            }

            using JournalCursor cursor = JournalReader.Open(work).Read();
            long expected = 0;
            while (cursor.MoveNext())
            {
                Assert.Equal(expected++, cursor.Current.Header.Sequence);
            }

            Assert.Equal((append ? 5 : 4) * EventsPerBlock, expected);
            Assert.Empty(cursor.Issues);
        }
    }

    [Fact]
    public void Zeroed_tail_after_power_loss_is_cut()
    {
        var options = JournalFixture.Options(_temp.Path, maxEventsPerBlock: EventsPerBlock);
        JournalFixture.Write(options, 3 * EventsPerBlock, seed: 6);
        SegmentRef segment = Assert.Single(JournalDirectory.ListSegments(_temp.Path));
        long length = new FileInfo(segment.Path).Length;
        using (var stream = new FileStream(segment.Path, FileMode.Append))
        {
            stream.Write(new byte[500]);
        }

        using var writer = JournalWriter.Open(options);
        Assert.Equal((3 * EventsPerBlock) - 1, writer.LastSequence);
        Assert.Equal(length, writer.Recovery.TruncatedAt);
        Assert.Equal(500, writer.Recovery.TruncatedBytes);
    }

    [Fact]
    public void Segment_torn_at_creation_is_removed_and_its_ordinal_reused()
    {
        var options = JournalFixture.Options(_temp.Path, maxEventsPerBlock: EventsPerBlock);
        JournalFixture.Write(options, 2 * EventsPerBlock, seed: 8);
        string torn = JournalDirectory.SegmentPath(_temp.Path, 2);
        File.WriteAllBytes(torn, new byte[20]);

        using (var writer = JournalWriter.Open(options))
        {
            Assert.Equal((2 * EventsPerBlock) - 1, writer.LastSequence);
            Assert.Equal(1, writer.Recovery.EmptySegmentsRemoved);
            Assert.False(File.Exists(torn));
        }
    }

    [Fact]
    public void Last_segment_of_another_version_is_refused_with_file_and_offset()
    {
        var options = JournalFixture.Options(_temp.Path, maxEventsPerBlock: EventsPerBlock);
        JournalFixture.Write(options, 2 * EventsPerBlock, seed: 10);
        SegmentRef segment = Assert.Single(JournalDirectory.ListSegments(_temp.Path));
        CorruptionTests.SetVersion(segment.Path, 2);

        var error = Assert.Throws<JournalException>(() => JournalWriter.Open(options));
        Assert.Equal(segment.Path, error.FilePath);
        Assert.Equal(FileHeader.VersionOffset, error.Offset);
        Assert.Contains("version 2", error.Message);
    }

    [Fact]
    public void Second_writer_on_the_same_directory_is_refused()
    {
        var options = JournalFixture.Options(_temp.Path);
        using var first = JournalWriter.Open(options);
        var error = Assert.Throws<JournalException>(() => JournalWriter.Open(options));
        Assert.Contains("another journal writer", error.Message);
    }

    [Fact]
    public void Non_increasing_sequences_are_refused_and_counted_and_gaps_start_a_new_block()
    {
        var options = JournalFixture.Options(_temp.Path, maxEventsPerBlock: 1000);
        MarketEvent e = default;
        e.Header.Kind = EventKind.Clock;
        using (var writer = JournalWriter.Open(options))
        {
            Assert.True(writer.Append(in e, 0));
            Assert.True(writer.Append(in e, 1));
            Assert.False(writer.Append(in e, 1));
            Assert.False(writer.Append(in e, 0));
            Assert.True(writer.Append(in e, 5));
            Assert.Equal(5, writer.LastSequence);
            Assert.Equal(2, writer.Statistics.RejectedSequences);
            Assert.Equal(1, writer.Statistics.SequenceGaps);
        }

        using JournalCursor cursor = JournalReader.Open(_temp.Path).Read();
        var sequences = new List<long>();
        while (cursor.MoveNext())
        {
            sequences.Add(cursor.Current.Header.Sequence);
        }

        Assert.Equal(new long[] { 0, 1, 5 }, sequences);
        JournalIssue gap = Assert.Single(cursor.Issues);
        Assert.Equal(JournalIssueKind.SequenceGap, gap.Kind);
        Assert.Contains("2..4", gap.Message);
    }

    internal static long LastBlockOffset(SegmentRef segment)
    {
        using SegmentFile file = SegmentFile.Open(segment.Path, segment.Ordinal);
        var entries = new List<IndexEntry>();
        byte[] scratch = new byte[1024];
        SegmentBlockLoader.Scan(file, JournalFormat.FileHeaderSize, entries, new IssueCollector(null), ref scratch);
        return entries[^1].Offset;
    }
}
