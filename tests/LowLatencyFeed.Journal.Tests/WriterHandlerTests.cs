using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Journal.Tests.Support;
using LowLatencyFeed.Journal.Writing;

namespace LowLatencyFeed.Journal.Tests;

public sealed class WriterHandlerTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void End_of_batch_closes_a_block_older_than_the_max_latency()
    {
        using var writer = JournalWriter.Open(new JournalWriterOptions { Directory = _temp.Path, MaxBlockLatency = TimeSpan.Zero });
        var handler = new JournalWriterHandler(writer);
        handler.OnStart();
        Deliver(handler, 0, 5);

        Assert.Equal(4, writer.LastWrittenSequence);
        Assert.Equal(5, CountEvents());
    }

    [Fact]
    public void Young_block_stays_open_until_shutdown_flushes_and_fsyncs_it()
    {
        using var writer = JournalWriter.Open(new JournalWriterOptions { Directory = _temp.Path, MaxBlockLatency = TimeSpan.FromHours(1), Durability = JournalDurability.FlushPerBlock });
        var handler = new JournalWriterHandler(writer);
        handler.OnStart();
        Deliver(handler, 0, 5);
        handler.OnTimeout(4);

        Assert.Equal(4, writer.LastSequence);
        Assert.Equal(-1, writer.LastWrittenSequence);
        Assert.Equal(0, CountEvents());

        handler.OnShutdown();
        Assert.Equal(4, writer.LastWrittenSequence);
        Assert.Equal(4, writer.LastDurableSequence);
        Assert.Equal(5, CountEvents());
    }

    [Fact]
    public void Fsync_per_block_makes_every_written_block_durable()
    {
        using var writer = JournalWriter.Open(new JournalWriterOptions { Directory = _temp.Path, MaxEventsPerBlock = 2, Durability = JournalDurability.FsyncPerBlock });
        var handler = new JournalWriterHandler(writer);
        Deliver(handler, 0, 6);
        Assert.Equal(5, writer.LastDurableSequence);
        Assert.Equal(3, writer.Statistics.Fsyncs);
    }

    [Fact]
    public void Handler_journals_under_the_ring_sequence_and_the_ring_restarts_after_last_sequence()
    {
        using (var writer = JournalWriter.Open(new JournalWriterOptions { Directory = _temp.Path }))
        {
            var handler = new JournalWriterHandler(writer);
            Deliver(handler, 0, 10);
            handler.OnShutdown();
        }

        using (var writer = JournalWriter.Open(new JournalWriterOptions { Directory = _temp.Path }))
        {
            Assert.Equal(9, writer.LastSequence);
            var handler = new JournalWriterHandler(writer);
            Deliver(handler, writer.LastSequence + 1, 10);
            handler.OnShutdown();
        }

        using JournalCursor cursor = JournalReader.Open(_temp.Path).Read();
        long expected = 0;
        while (cursor.MoveNext())
        {
            Assert.Equal(expected++, cursor.Current.Header.Sequence);
        }

        Assert.Equal(20, expected);
        Assert.Empty(cursor.Issues);
    }

    [Fact]
    public void Slab_depth_is_journaled_inline_and_read_back_through_a_caller_pool()
    {
        var writerSlabs = new DepthSlabPool(4, levelsPerSide: 50);
        using (var writer = JournalWriter.Open(new JournalWriterOptions { Directory = _temp.Path }, writerSlabs))
        {
            MarketEvent e = default;
            e.Header.Kind = EventKind.Depth;
            e.Depth.UpdateKind = DepthUpdateKind.BidSnapshot;
            e.Depth.BidCount = 30;
            int slab = writerSlabs.Claim(0);
            for (int i = 0; i < 30; i++)
            {
                writerSlabs.WritableBids(slab)[i] = new DepthLevel(1000 - i, i + 1, i);
            }

            writerSlabs.Metadata(slab) = new DepthSlabMetadata { FirstUpdateId = 11, LastUpdateId = 12, Tag = 13 };
            e.Depth.SlabIndex = slab;
            writer.Append(in e, 0);

            // Reuse the slab for something else before the block is written: the journal must hold a copy already.
            writerSlabs.WritableBids(slab).Clear();
        }

        var readerSlabs = new DepthSlabPool(2, levelsPerSide: 64);
        using JournalCursor cursor = JournalReader.Open(_temp.Path, new JournalReaderOptions { DepthSlabs = readerSlabs }).Read();
        Assert.True(cursor.MoveNext());
        Assert.Same(readerSlabs, cursor.DepthSlabs);
        ref readonly DepthPayload depth = ref cursor.Current.Depth;
        Assert.True(depth.SlabIndex >= 0);
        Assert.Equal(30, readerSlabs.Bids(in depth).Length);
        Assert.Equal(new DepthLevel(971, 30, 29), readerSlabs.Bids(in depth)[29]);
        Assert.Equal(13, readerSlabs.Metadata(depth.SlabIndex).Tag);

        var tooSmall = new DepthSlabPool(1, levelsPerSide: 10);
        using JournalCursor small = JournalReader.Open(_temp.Path, new JournalReaderOptions { DepthSlabs = tooSmall }).Read();
        Assert.False(small.MoveNext());
        Assert.Equal(JournalIssueKind.DepthTooDeep, Assert.Single(small.Issues).Kind);
    }

    [Fact]
    public void Slab_event_without_a_writer_pool_is_counted()
    {
        using var writer = JournalWriter.Open(new JournalWriterOptions { Directory = _temp.Path });
        MarketEvent e = default;
        e.Header.Kind = EventKind.Depth;
        e.Depth.SlabIndex = 0;
        e.Depth.BidCount = 20;
        writer.Append(in e, 0);
        Assert.Equal(1, writer.Statistics.UnresolvedSlabs);
    }

    private static void Deliver(JournalWriterHandler handler, long first, int count)
    {
        handler.OnBatchStart(count);
        for (int i = 0; i < count; i++)
        {
            MarketEvent e = default;
            e.Header.Kind = EventKind.Clock;
            e.Header.ExchangeTimeNs = 1_000 + i;
            e.Header.Sequence = first + i;
            handler.OnEvent(ref e, first + i, i == count - 1);
        }

        handler.OnBatchEnd(first + count - 1);
    }

    private int CountEvents()
    {
        using JournalCursor cursor = JournalReader.Open(_temp.Path).Read();
        int count = 0;
        while (cursor.MoveNext())
        {
            count++;
        }

        return count;
    }
}
