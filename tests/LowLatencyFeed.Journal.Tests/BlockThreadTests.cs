using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Format;
using LowLatencyFeed.Journal.Tests.Support;
using LowLatencyFeed.Journal.Writing;

namespace LowLatencyFeed.Journal.Tests;

/// <summary>
/// <see cref="JournalWriterOptions.BlockThread"/>: the same journal as the writer that writes on the appending thread,
/// byte for byte, and the same promises at <see cref="JournalWriter.Flush"/> and on dispose.
/// </summary>
public sealed class BlockThreadTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Blocks_written_on_the_block_thread_are_byte_for_byte_those_of_the_appending_thread()
    {
        string inline = _temp.Sub("inline");
        string threaded = _temp.Sub("threaded");
        JournalFixture.Write(Options(inline, blockThread: false), 20_000, seed: 4);
        JournalFixture.Write(Options(threaded, blockThread: true), 20_000, seed: 4);

        List<SegmentRef> expected = JournalDirectory.ListSegments(inline);
        List<SegmentRef> actual = JournalDirectory.ListSegments(threaded);
        Assert.True(expected.Count >= 3, $"expected several segments, got {expected.Count}");
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            // Everything after the file headers, which differ only in their creation time.
            Assert.Equal(AfterHeader(expected[i].Path), AfterHeader(actual[i].Path));
            Assert.Equal(AfterHeader(expected[i].IndexPath), AfterHeader(actual[i].IndexPath));
        }

        RoundTripTests.AssertReadsBack(threaded, 20_000, seed: 4);
    }

    [Fact]
    public void Flush_returns_with_every_block_written_and_to_disk_with_every_block_durable()
    {
        var slabs = new DepthSlabPool(1);
        var generator = new TestEventGenerator(8, slabs: slabs);
        using var writer = JournalWriter.Open(Options(_temp.Path, blockThread: true, durability: JournalDurability.FlushPerBlock), slabs);
        MarketEvent e = default;
        for (long s = 0; s < 1_000; s++)
        {
            generator.Next(s, ref e);
            writer.Append(in e, s);
        }

        writer.Flush(toDisk: false);
        Assert.Equal(999, writer.LastWrittenSequence);
        Assert.Equal(-1, writer.LastDurableSequence);
        Assert.Equal(1_000, writer.Statistics.EventsWritten);

        writer.Flush(toDisk: true);
        Assert.Equal(999, writer.LastDurableSequence);
        Assert.Equal(1, writer.Statistics.Fsyncs);
    }

    [Fact]
    public void Fsync_per_block_makes_every_block_durable_by_the_next_flush()
    {
        using var writer = JournalWriter.Open(Options(_temp.Path, blockThread: true, durability: JournalDurability.FsyncPerBlock, maxEventsPerBlock: 2));
        MarketEvent e = default;
        for (long s = 0; s < 6; s++)
        {
            SmallEvents.Fill(s, ref e);
            writer.Append(in e, s);
        }

        writer.Flush(toDisk: false);
        Assert.Equal(5, writer.LastDurableSequence);
        Assert.Equal(3, writer.Statistics.Fsyncs);
    }

    [Fact]
    public void The_block_thread_keeps_the_fsync_period_while_the_appender_is_idle()
    {
        var options = new JournalWriterOptions
        {
            Directory = _temp.Path,
            BlockThread = true,
            MaxEventsPerBlock = 10,
            Durability = JournalDurability.FlushPerBlockFsyncPeriodically,
            FsyncInterval = TimeSpan.FromMilliseconds(20),
        };
        using var writer = JournalWriter.Open(options);
        MarketEvent e = default;
        for (long s = 0; s < 30; s++)
        {
            SmallEvents.Fill(s, ref e);
            writer.Append(in e, s);
        }

        // No flush or poll from here on: only the block thread can make the three blocks durable.
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (writer.LastDurableSequence != 29 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }

        Assert.True(writer.LastDurableSequence == 29, $"durable through {writer.LastDurableSequence}, written through {writer.LastWrittenSequence}");
    }

    [Fact]
    public void Dispose_writes_the_open_block_and_the_queue_and_a_new_writer_continues_after_them()
    {
        string directory = _temp.Path;
        JournalFixture.Write(Options(directory, blockThread: true), 5_000, seed: 6);
        JournalFixture.Write(Options(directory, blockThread: true), 3_000, seed: 6, first: 5_000);

        long sequence = 0;
        using (var cursor = Reading.JournalReader.Open(directory).Read())
        {
            while (cursor.MoveNext())
            {
                Assert.Equal(sequence, cursor.Current.Header.Sequence);
                sequence++;
            }

            Assert.Empty(cursor.Issues);
        }

        Assert.Equal(8_000, sequence);
    }

    private static JournalWriterOptions Options(string directory, bool blockThread, JournalDurability durability = JournalDurability.FlushPerBlock, int maxEventsPerBlock = 64) => new()
    {
        Directory = directory,
        BlockThread = blockThread,
        MaxEventsPerBlock = maxEventsPerBlock,
        SegmentBytes = 64 * 1024,
        Durability = durability,
    };

    private static byte[] AfterHeader(string path) => File.ReadAllBytes(path)[JournalFormat.FileHeaderSize..];
}
