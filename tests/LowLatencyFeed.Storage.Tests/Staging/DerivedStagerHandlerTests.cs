using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Storage.Diagnostics;
using LowLatencyFeed.Storage.Staging;

namespace LowLatencyFeed.Storage.Tests.Staging;

public sealed class DerivedStagerHandlerTests
{
    /// <summary>
    /// One clock event closes the bars of several instruments: they share a source sequence. When the derived ring's
    /// batch ends between them, the first part is handed (covering that sequence) and the rest opens the next batch.
    /// That rest must still reach the writer, on the next age check and at shutdown: it used to stay behind (lost from
    /// the database until the next start's catch-up), which a soak's final proof saw as lost bars.
    /// </summary>
    [Fact]
    public void Rows_of_a_source_sequence_split_across_ring_batches_are_all_handed_by_shutdown()
    {
        var channels = new StorageChannels(new StorageOptions { BatchRows = 16, BatchesPerStream = 8, MaxBatchAge = TimeSpan.FromTicks(1), IdleCheckpointInterval = TimeSpan.FromHours(1) });
        var stager = new DerivedStagerHandler(channels, new IngestionStats(), liveStartSequence: 5);
        stager.OnStart();

        DerivedEvent first = Bar(10, token: 1);
        stager.OnEvent(ref first, 0, endOfBatch: true);
        Thread.Sleep(1); // older than MaxBatchAge: the batch end hands it, covering source sequence 10
        stager.OnBatchEnd(0);
        DerivedEvent second = Bar(10, token: 2);
        stager.OnEvent(ref second, 1, endOfBatch: true);
        stager.OnShutdown();

        var handed = new List<long>();
        while (channels.Bars.TryPeek(out RowBatch<DerivedEvent> batch))
        {
            for (int i = 0; i < batch.Count; i++)
            {
                handed.Add(batch.Rows[i].Header.Instrument.Token);
            }

            channels.Bars.Recycle();
        }

        Assert.Equal([1L, 2L], handed);
    }

    /// <summary>
    /// The same split while the writer is behind: the first part is handed, the rest is dropped. Its range starts after
    /// the sequence its rows belong to, so no gap tells the writer about it (the next batch starts right after the
    /// handed one): the next handed batch must say where to rebuild from, even an empty one at shutdown.
    /// </summary>
    [Fact]
    public void A_dropped_rest_of_a_split_source_sequence_makes_the_next_handed_batch_repair_from_it()
    {
        var channels = new StorageChannels(new StorageOptions { BatchRows = 16, BatchesPerStream = 3, MaxBatchAge = TimeSpan.FromTicks(1), IdleCheckpointInterval = TimeSpan.FromHours(1) });
        var stats = new IngestionStats();
        var stager = new DerivedStagerHandler(channels, stats, liveStartSequence: 5);
        stager.OnStart(); // hands the empty start batch: one free batch left

        DerivedEvent first = Bar(10, token: 1);
        stager.OnEvent(ref first, 0, endOfBatch: true);
        Thread.Sleep(1);
        stager.OnBatchEnd(0); // handed with the last free batch, covering source sequence 10
        DerivedEvent second = Bar(10, token: 2);
        stager.OnEvent(ref second, 1, endOfBatch: true);
        Thread.Sleep(1);
        stager.OnBatchEnd(1); // no free batch: dropped
        Assert.Equal(1, stats[StorageStream.Bars].DroppedRows);

        var batches = new List<(long First, long Last, int Count, long RepairFrom)>();
        void Drain()
        {
            while (channels.Bars.TryPeek(out RowBatch<DerivedEvent> batch))
            {
                batches.Add((batch.FirstSequence, batch.LastSequence, batch.Count, batch.RepairFrom));
                channels.Bars.Recycle();
            }
        }

        Drain(); // the writer catches up with the queue
        stager.OnShutdown();
        Drain();

        Assert.Equal([(5L, 4L, 0, long.MaxValue), (5L, 10L, 1, long.MaxValue), (11L, 10L, 0, 10L)], batches);
    }

    /// <summary>
    /// The same split at a clean stop while the writer still holds every batch: the shutdown's one hand is dropped too,
    /// so no batch will carry the repair. The channel keeps it for the writer (its idle check), and a later handed batch
    /// that carries it takes it back off the channel (no second rebuild).
    /// </summary>
    [Fact]
    public void A_dropped_rest_with_no_batch_left_to_carry_it_is_kept_on_the_channel_until_a_batch_carries_it()
    {
        var channels = new StorageChannels(new StorageOptions { BatchRows = 16, BatchesPerStream = 3, MaxBatchAge = TimeSpan.FromTicks(1), IdleCheckpointInterval = TimeSpan.FromHours(1) });
        var stats = new IngestionStats();
        var stager = new DerivedStagerHandler(channels, stats, liveStartSequence: 5);
        stager.OnStart();
        Assert.Equal(long.MaxValue, channels.Bars.DroppedRepairFrom);

        DerivedEvent first = Bar(10, token: 1);
        stager.OnEvent(ref first, 0, endOfBatch: true);
        Thread.Sleep(1);
        stager.OnBatchEnd(0); // handed with the last free batch, covering source sequence 10
        DerivedEvent second = Bar(10, token: 2);
        stager.OnEvent(ref second, 1, endOfBatch: true);
        stager.OnShutdown(); // no free batch: dropped, and nothing after it
        Assert.Equal(1, stats[StorageStream.Bars].DroppedRows);
        Assert.Equal(10, channels.Bars.DroppedThrough);
        Assert.Equal(10, channels.Bars.DroppedRepairFrom);

        // The writer gives a batch back; the next hand carries the repair and clears it from the channel.
        channels.Bars.Recycle();
        stager.OnShutdown();
        Assert.Equal(long.MaxValue, channels.Bars.DroppedRepairFrom);
        RowBatch<DerivedEvent>? last = null;
        while (channels.Bars.TryPeek(out RowBatch<DerivedEvent> batch))
        {
            last = batch;
            channels.Bars.Recycle();
        }

        Assert.Equal(10, last!.RepairFrom);
    }

    /// <summary>
    /// A repair the idle writer took from the channel is not carried again by the next handed batch: a second rebuild of
    /// the same rows would replay the journal from the warm-up start again (the catch-up's engines are past it).
    /// </summary>
    [Fact]
    public void A_repair_the_writer_took_is_not_carried_by_the_next_batch()
    {
        var channels = new StorageChannels(new StorageOptions { BatchRows = 16, BatchesPerStream = 3, MaxBatchAge = TimeSpan.FromTicks(1), IdleCheckpointInterval = TimeSpan.FromHours(1) });
        var stager = new DerivedStagerHandler(channels, new IngestionStats(), liveStartSequence: 5);
        stager.OnStart();
        DerivedEvent first = Bar(10, token: 1);
        stager.OnEvent(ref first, 0, endOfBatch: true);
        Thread.Sleep(1);
        stager.OnBatchEnd(0);
        DerivedEvent second = Bar(10, token: 2);
        stager.OnEvent(ref second, 1, endOfBatch: true);
        stager.OnShutdown(); // dropped: no free batch

        Assert.Equal(10, channels.Bars.TakeDroppedRepairFrom()); // the idle writer rebuilds from 10
        channels.Bars.Recycle();
        DerivedEvent third = Bar(12, token: 1);
        stager.OnEvent(ref third, 2, endOfBatch: true);
        stager.OnShutdown();

        (long First, long Last, int Count, long RepairFrom) last = default;
        while (channels.Bars.TryPeek(out RowBatch<DerivedEvent> batch))
        {
            last = (batch.FirstSequence, batch.LastSequence, batch.Count, batch.RepairFrom);
            channels.Bars.Recycle();
        }

        Assert.Equal((11L, 12L, 1, long.MaxValue), last);
    }

    private static DerivedEvent Bar(long sourceSequence, long token)
    {
        DerivedEvent e = default;
        e.Header.Kind = DerivedEventKind.Bar;
        e.Header.SourceSequence = sourceSequence;
        e.Header.Instrument = InstrumentId.From(FeedKind.Kite, token);
        return e;
    }
}
