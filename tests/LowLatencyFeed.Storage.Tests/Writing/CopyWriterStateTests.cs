using Npgsql;
using LowLatencyFeed.Storage.Schema;
using LowLatencyFeed.Storage.Staging;
using LowLatencyFeed.Storage.Writing;
using LowLatencyFeed.Storage.Tests.Support;
using LowLatencyFeed.TestSupport.Postgres;

namespace LowLatencyFeed.Storage.Tests.Writing;

/// <summary>The writer session's states: each operation is refused, with the table and both states named, outside its own.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CopyWriterStateTests
{
    private readonly PostgresClusterFixture _pg;

    public CopyWriterStateTests(PostgresClusterFixture pg) => _pg = pg;

    [Fact]
    public void A_closed_session_refuses_to_stage_finish_or_truncate()
    {
        using var writer = new CopyWriter("Host=127.0.0.1;Port=1", StorageStream.Ticks, instruments: null);
        Assert.Equal(CopyWriterState.Closed, writer.State);
        Assert.False(writer.IsOpen);

        var stage = Assert.Throws<InvalidOperationException>(() => writer.Stage<TickRow, TickFormat>(new RowBatch<TickRow>(4), 0));
        Assert.Contains("'ticks'", stage.Message);
        Assert.Contains("cannot stage a batch while closed", stage.Message);
        Assert.Contains("cannot finish a batch while closed", Assert.Throws<InvalidOperationException>(() => writer.Finish(0, 0, fromJournal: false)).Message);
        Assert.Contains("cannot truncate while closed", Assert.Throws<InvalidOperationException>(() => writer.TruncateAfter(0)).Message);
    }

    [Fact]
    public void Open_then_staged_then_open_again_and_finishing_twice_is_refused()
    {
        string cs = _pg.CreateDatabase("copystate");
        new Migrator(cs).Migrate();
        using var writer = new CopyWriter(cs, StorageStream.Ticks, instruments: null);
        Assert.Equal(-1, writer.Open());
        Assert.Equal(CopyWriterState.Open, writer.State);
        Assert.Contains("while open with no batch staged", Assert.Throws<InvalidOperationException>(() => writer.Finish(0, 0, fromJournal: false)).Message);

        var empty = new RowBatch<TickRow>(4);
        empty.Reset(0);
        writer.Stage<TickRow, TickFormat>(empty, 0);
        Assert.Equal(CopyWriterState.Staged, writer.State);
        Assert.Contains("holding a staged batch", Assert.Throws<InvalidOperationException>(() => writer.Stage<TickRow, TickFormat>(empty, 0)).Message);

        writer.Finish(0, checkpoint: 7, fromJournal: false);
        Assert.Equal(CopyWriterState.Open, writer.State);
        writer.Close();
        Assert.Equal(CopyWriterState.Closed, writer.State);
        Assert.Equal(7, writer.Open()); // the finished batch moved the checkpoint
    }

    [Fact]
    public void Abandoning_a_staged_batch_returns_to_open_without_moving_the_checkpoint()
    {
        string cs = _pg.CreateDatabase("copyabandon");
        new Migrator(cs).Migrate();
        using var writer = new CopyWriter(cs, StorageStream.Ticks, instruments: null);
        writer.Open();
        var empty = new RowBatch<TickRow>(4);
        empty.Reset(0);
        writer.Stage<TickRow, TickFormat>(empty, 0);
        writer.Abandon();
        Assert.Equal(CopyWriterState.Open, writer.State);
        writer.Close();
        Assert.Equal(-1, writer.Open());
    }
    [Fact]
    public void Close_releases_the_stream_lock_before_it_returns()
    {
        string cs = _pg.CreateDatabase("copyunlock");
        new Migrator(cs).Migrate();
        using var writer = new CopyWriter(cs, StorageStream.Ticks, instruments: null);
        using var observer = new NpgsqlConnection(cs);
        observer.Open();
        using var advisoryLocks = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", observer);

        for (int round = 0; round < 20; round++)
        {
            writer.Open();
            Assert.Equal(1L, (long)advisoryLocks.ExecuteScalar()!);
            writer.Close();
            // Checked at once: the backend of the closed session may still be exiting, so the lock must have been
            // given back explicitly for a reopen in the same instant to succeed.
            Assert.Equal(0L, (long)advisoryLocks.ExecuteScalar()!);
        }
    }
}
