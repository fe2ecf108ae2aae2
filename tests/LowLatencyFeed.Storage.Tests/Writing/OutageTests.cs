using LowLatencyFeed.Storage.Cluster;
using LowLatencyFeed.Storage.Schema;
using LowLatencyFeed.Storage.Staging;
using LowLatencyFeed.Storage.Tests.Support;
using LowLatencyFeed.TestSupport.Postgres;

namespace LowLatencyFeed.Storage.Tests.Writing;

/// <summary>The database crashes (pg_ctl stop -m immediate) mid-run and comes back: nothing lost, nothing twice.</summary>
public sealed class OutageTests
{
    private readonly TestOutputLogger _log;

    public OutageTests(Xunit.Abstractions.ITestOutputHelper output) => _log = new TestOutputLogger(output);

    private static readonly StorageOptions s_smallBatches = new()
    {
        BatchRows = 256,
        DepthBatchRows = 1024,
        BatchesPerStream = 2,
        MaxBatchAge = TimeSpan.FromMilliseconds(5),
        IdleCheckpointInterval = TimeSpan.FromMilliseconds(20),
        InitialRetryDelay = TimeSpan.FromMilliseconds(20),
        MaxRetryDelay = TimeSpan.FromMilliseconds(200),
    };

    [Fact]
    public void Database_killed_mid_run_and_restarted_ends_with_exactly_the_journaled_events()
    {
        using LocalPostgresCluster cluster = PostgresClusterFixture.StartPrivateCluster("outage");
        cluster.CreateDatabase("feed");
        string cs = cluster.GetConnectionString("feed");
        new Migrator(cs).Migrate();

        using var journal = new TestJournal();
        var storage = new StorageService(cs, journal.Source, journal.NextSequence, s_smallBatches, logger: _log);
        storage.Start();
        var scenario = new ExactlyOnceScenario();
        DbStagerHandler stager = storage.MarketHandler;

        scenario.Publish(journal, 6000, 100, stager);
        Wait.Until(() => storage.Stats[StorageStream.Ticks].Checkpoint > 1000, "first commits", state: () => StatsText.Of(storage.Stats));

        int port = cluster.Port;
        cluster.Stop(PostgresStopMode.Immediate);
        scenario.Publish(journal, 6000, 100, stager);
        Wait.Until(() => storage.Stats[StorageStream.Ticks].ServerUnreachableErrors > 0, "the writer to notice the outage", state: () => StatsText.Of(storage.Stats));
        scenario.Publish(journal, 4000, 100, stager);

        cluster.Start();
        Assert.Equal(port, cluster.Port);
        scenario.Publish(journal, 6000, 100, stager);
        stager.OnShutdown();

        foreach (StorageStream stream in new[] { StorageStream.Ticks, StorageStream.Trades, StorageStream.Quotes, StorageStream.Depth })
        {
            Wait.Until(() => storage.Stats[stream].Checkpoint == scenario.LastSequence, $"{stream} to reach the end", 120, state: () => StatsText.Of(storage.Stats));
        }

        storage.Stop(TimeSpan.FromSeconds(30));

        scenario.AssertStored(cs, journal.Directory);
        Assert.True(storage.Stats[StorageStream.Ticks].DroppedRows > 0, "live rows were dropped during the outage");
        Assert.True(storage.Stats[StorageStream.Ticks].CatchUps > 0, "the gap was caught up from the journal");
        Assert.True(storage.Stats[StorageStream.Ticks].CatchUpRows > 0);
        Assert.True(Db.Scalar<long>(cs, "SELECT count(*) FROM llfeed.ingestion_stats WHERE mode = 'catch-up'") > 0);
        foreach (string table in new[] { "ticks", "trades", "quotes", "depth_levels_200" })
        {
            Assert.Equal(scenario.LastSequence, Db.Scalar<long>(cs, $"SELECT last_seq FROM llfeed.ingestion_checkpoints WHERE stream = '{table}'"));
        }
    }
}
