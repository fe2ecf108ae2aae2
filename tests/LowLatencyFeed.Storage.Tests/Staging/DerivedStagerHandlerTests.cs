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

    private static DerivedEvent Bar(long sourceSequence, long token)
    {
        DerivedEvent e = default;
        e.Header.Kind = DerivedEventKind.Bar;
        e.Header.SourceSequence = sourceSequence;
        e.Header.Instrument = InstrumentId.From(FeedKind.Kite, token);
        return e;
    }
}
