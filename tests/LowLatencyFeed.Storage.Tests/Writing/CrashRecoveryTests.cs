using LowLatencyFeed.Storage.Schema;
using LowLatencyFeed.Storage.Staging;
using LowLatencyFeed.Storage.Tests.Support;
using LowLatencyFeed.TestSupport.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace LowLatencyFeed.Storage.Tests.Writing;

/// <summary>
/// The host dies (SIGKILL) mid-run, modelled at the component level: the writers are abandoned without draining, a
/// COPY is cut off mid-batch without commit, the journal is reopened (recovery) and a new storage stage starts from
/// the checkpoints. The host-level SIGKILL test belongs to Host.Tests.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CrashRecoveryTests
{
    private static readonly StorageOptions s_options = new()
    {
        BatchRows = 512,
        DepthBatchRows = 2048,
        BatchesPerStream = 3,
        MaxBatchAge = TimeSpan.FromMilliseconds(5),
        IdleCheckpointInterval = TimeSpan.FromMilliseconds(20),
    };

    private readonly PostgresClusterFixture _pg;
    private readonly TestOutputLogger _log;

    public CrashRecoveryTests(PostgresClusterFixture pg, Xunit.Abstractions.ITestOutputHelper output)
    {
        _pg = pg;
        _log = new TestOutputLogger(output);
    }

    [Fact]
    public void Killed_mid_run_and_restarted_ends_with_exactly_the_journaled_events()
    {
        string cs = _pg.CreateDatabase("crash");
        new Migrator(cs).Migrate();
        using var journal = new TestJournal();
        var scenario = new ExactlyOnceScenario();

        var first = new StorageService(cs, journal.Source, journal.NextSequence, s_options, logger: _log);
        first.Start();
        scenario.Publish(journal, 5000, 100, first.MarketHandler);
        Wait.Until(() => first.Stats[StorageStream.Ticks].Checkpoint > 500, "some commits", state: () => StatsText.Of(first.Stats));
        scenario.Publish(journal, 3000, 100, first.MarketHandler);

        // The kill: no shutdown of the stager, writers abandoned with batches still queued.
        first.Stop(TimeSpan.Zero);
        long checkpoint = Db.Scalar<long>(cs, "SELECT last_seq FROM llfeed.ingestion_checkpoints WHERE stream = 'ticks'");
        Assert.True(checkpoint < scenario.LastSequence, "the kill left rows uncommitted");
        CutOffCopyMidBatch(cs, checkpoint + 1);

        // Restart: the journal recovers, the ring starts where the journal ends.
        journal.Reopen();
        var second = new StorageService(cs, journal.Source, journal.NextSequence, s_options, logger: _log);
        second.Start();
        scenario.Publish(journal, 4000, 100, second.MarketHandler);
        second.MarketHandler.OnShutdown();
        foreach (StorageStream stream in new[] { StorageStream.Ticks, StorageStream.Trades, StorageStream.Quotes, StorageStream.Depth })
        {
            Wait.Until(() => second.Stats[stream].Checkpoint == scenario.LastSequence, $"{stream} to reach the end", 120, state: () => StatsText.Of(second.Stats));
        }

        second.Stop(TimeSpan.FromSeconds(30));

        scenario.AssertStored(cs, journal.Directory);
        Assert.True(second.Stats[StorageStream.Ticks].CatchUps >= 1, "the restart caught up from the checkpoint");
        Assert.True(second.Stats[StorageStream.Ticks].CatchUpRows > 0);
    }

    [Fact]
    public void A_database_ahead_of_the_journal_is_cut_back_to_the_journal()
    {
        string cs = _pg.CreateDatabase("crash");
        new Migrator(cs).Migrate();
        using var journal = new TestJournal();
        var scenario = new ExactlyOnceScenario();
        var storage = new StorageService(cs, journal.Source, journal.NextSequence, s_options, logger: _log);
        storage.Start();
        scenario.Publish(journal, 200, 50, storage.MarketHandler);
        storage.MarketHandler.OnShutdown();
        Wait.Until(() => storage.Stats[StorageStream.Ticks].Checkpoint == scenario.LastSequence, "commits", state: () => StatsText.Of(storage.Stats));
        storage.Stop(TimeSpan.FromSeconds(10));

        // Rows of sequences the journal never kept (it lost its tail in a crash after the database committed).
        long ghost = scenario.LastSequence + 5;
        Db.Execute(cs, $"INSERT INTO llfeed.ticks (time, instrument_id, seq, receive_time, flags, fields) VALUES (now(), 1, {ghost}, now(), 0, 0)");
        Db.Execute(cs, $"UPDATE llfeed.ingestion_checkpoints SET last_seq = {ghost} WHERE stream = 'ticks'");

        var restarted = new StorageService(cs, journal.Source, journal.NextSequence, s_options, logger: _log);
        restarted.Start();
        scenario.Publish(journal, 200, 50, restarted.MarketHandler);
        restarted.MarketHandler.OnShutdown();
        Wait.Until(() => restarted.Stats[StorageStream.Ticks].Checkpoint == scenario.LastSequence, "commits after restart", state: () => StatsText.Of(restarted.Stats));
        restarted.Stop(TimeSpan.FromSeconds(10));

        scenario.AssertStored(cs, journal.Directory);
    }

    [Fact]
    public void A_stop_requested_while_the_writers_wait_to_retry_a_dropped_connection_still_commits_their_rows()
    {
        string cs = _pg.CreateDatabase("crash");
        new Migrator(cs).Migrate();
        using var journal = new TestJournal();
        var scenario = new ExactlyOnceScenario();

        // A long retry delay, so the stop below is requested while the writers wait to retry.
        var options = new StorageOptions
        {
            BatchRows = s_options.BatchRows,
            DepthBatchRows = s_options.DepthBatchRows,
            BatchesPerStream = s_options.BatchesPerStream,
            MaxBatchAge = s_options.MaxBatchAge,
            IdleCheckpointInterval = s_options.IdleCheckpointInterval,
            InitialRetryDelay = TimeSpan.FromSeconds(3),
            MaxRetryDelay = TimeSpan.FromSeconds(3),
        };
        var storage = new StorageService(cs, journal.Source, journal.NextSequence, options, logger: _log);
        storage.Start();
        scenario.Publish(journal, 5000, 100, storage.MarketHandler);
        Wait.Until(() => storage.Stats[StorageStream.Ticks].Checkpoint > 500, "some commits", state: () => StatsText.Of(storage.Stats));

        // The server drops every writer's connection (as an immediate restart does) and is back at once: each
        // writer's next write fails on its dead connection, and the stop comes while it waits to retry.
        // Every market writer must have failed before the stop: a write first tried after it may give up at once.
        StorageStream[] market = [StorageStream.Ticks, StorageStream.Trades, StorageStream.Quotes, StorageStream.Depth];
        long[] failuresBefore = [.. market.Select(stream => storage.Stats[stream].Failures)];
        Db.Execute(cs, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
        scenario.Publish(journal, 200, 50, storage.MarketHandler);
        storage.MarketHandler.OnShutdown();
        Wait.Until(() => market.Select((stream, i) => storage.Stats[stream].Failures > failuresBefore[i]).All(failed => failed), "every market writer's write on its dropped connection to fail", state: () => StatsText.Of(storage.Stats));
        storage.Stop(TimeSpan.FromSeconds(30));

        Assert.Equal(scenario.LastSequence, storage.Stats[StorageStream.Ticks].Checkpoint);
        scenario.AssertStored(cs, journal.Directory);
    }

    /// <summary>A writer that dies inside a COPY: rows streamed, no commit, then its server process is killed.</summary>
    private static void CutOffCopyMidBatch(string cs, long firstSequence)
    {
        var connection = new NpgsqlConnection(cs);
        connection.Open();
        int pid = connection.ProcessID;
        connection.BeginTransaction();
        NpgsqlBinaryImporter importer = connection.BeginBinaryImport("COPY llfeed.ticks (time, instrument_id, seq, receive_time, flags, fields) FROM STDIN (FORMAT BINARY)");
        for (long i = 0; i < 5000; i++)
        {
            importer.StartRow();
            importer.Write(DateTime.UtcNow, NpgsqlDbType.TimestampTz);
            importer.Write(1L, NpgsqlDbType.Bigint);
            importer.Write(firstSequence + i, NpgsqlDbType.Bigint);
            importer.Write(DateTime.UtcNow, NpgsqlDbType.TimestampTz);
            importer.Write(0, NpgsqlDbType.Integer);
            importer.Write(0, NpgsqlDbType.Integer);
        }

        // No Complete, no Commit: the process dies and the server drops its session, rolling the COPY back.
        Assert.True(Db.Scalar<bool>(cs, $"SELECT pg_terminate_backend({pid})"));
        try
        {
            importer.Dispose();
        }
        catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException)
        {
        }

        try
        {
            connection.Dispose();
        }
        catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException)
        {
        }

        Assert.Equal(0L, Db.Scalar<long>(cs, $"SELECT count(*) FROM llfeed.ticks WHERE instrument_id = 1"));
    }
}
