using LowLatencyFeed.Storage.Schema;
using LowLatencyFeed.Storage.Staging;
using LowLatencyFeed.Storage.Tests.Support;
using LowLatencyFeed.TestSupport.Postgres;

namespace LowLatencyFeed.Storage.Tests.Writing;

/// <summary>
/// Two sessions per market table stream consecutive batches at once but commit in order: while a batch keeps failing,
/// no later batch may commit (the table holds nothing past the checkpoint), and once it succeeds every event is
/// stored exactly once.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class OverlappedCopyTests
{
    private static readonly StorageOptions s_options = new()
    {
        BatchRows = 256,
        DepthBatchRows = 1024,
        BatchesPerStream = 8,
        CopySessionsPerStream = 2,
        MaxBatchAge = TimeSpan.FromMilliseconds(5),
        IdleCheckpointInterval = TimeSpan.FromMilliseconds(20),
        InitialRetryDelay = TimeSpan.FromMilliseconds(20),
        MaxRetryDelay = TimeSpan.FromMilliseconds(100),
    };

    private readonly PostgresClusterFixture _pg;
    private readonly TestOutputLogger _log;

    public OverlappedCopyTests(PostgresClusterFixture pg, Xunit.Abstractions.ITestOutputHelper output)
    {
        _pg = pg;
        _log = new TestOutputLogger(output);
    }

    [Fact]
    public void A_failing_batch_holds_back_every_later_batch_and_then_all_land_exactly_once()
    {
        string cs = _pg.CreateDatabase("overlap");
        new Migrator(cs).Migrate();
        using var journal = new TestJournal();
        var scenario = new ExactlyOnceScenario();
        var storage = new StorageService(cs, journal.Source, journal.NextSequence, s_options, logger: _log);
        storage.Start();

        scenario.Publish(journal, 3000, 100, storage.MarketHandler);
        Wait.Until(() => storage.Stats[StorageStream.Ticks].Checkpoint > 1500, "the first events to land", state: () => StatsText.Of(storage.Stats));

        // A tick the server refuses, a third of the way into the next events (sequences ending in 0 are ticks):
        // every COPY holding it fails, in whichever session stages it.
        long refusedSequence = (scenario.LastSequence + 1000) / 10 * 10;
        Db.Execute(cs, $"ALTER TABLE llfeed.ticks ADD CONSTRAINT test_refuse CHECK (seq <> {refusedSequence})");

        scenario.Publish(journal, 3000, 100, storage.MarketHandler);
        Assert.Contains(refusedSequence, scenario.Ticks);
        Wait.Until(() => storage.Stats[StorageStream.Ticks].OtherErrors >= 3, "the refused batch to fail a few times", state: () => StatsText.Of(storage.Stats));

        long checkpoint = Db.Scalar<long>(cs, "SELECT last_seq FROM llfeed.ingestion_checkpoints WHERE stream = 'ticks'");
        Assert.True(checkpoint < refusedSequence, $"checkpoint {checkpoint} passed the refused row {refusedSequence}");
        Assert.Equal(0L, Db.Scalar<long>(cs, $"SELECT count(*) FROM llfeed.ticks WHERE seq > {checkpoint}"));

        Db.Execute(cs, "ALTER TABLE llfeed.ticks DROP CONSTRAINT test_refuse");
        storage.MarketHandler.OnShutdown();
        Wait.Until(() => storage.Stats[StorageStream.Ticks].Checkpoint == scenario.LastSequence, "the rest to land", state: () => StatsText.Of(storage.Stats));
        storage.Stop(TimeSpan.FromSeconds(30));

        scenario.AssertStored(cs, journal.Directory);
        Assert.True(storage.Stats[StorageStream.Ticks].OverlappedBatches > 0, "some batches were written by the second session");
    }
}
