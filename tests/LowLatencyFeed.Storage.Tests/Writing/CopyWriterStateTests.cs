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
}
