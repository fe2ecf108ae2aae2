using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Ring.Processing;
using LowLatencyFeed.Storage.CatchUp;
using LowLatencyFeed.Storage.Schema;
using LowLatencyFeed.Storage.Staging;
using LowLatencyFeed.Storage.Tests.Support;
using LowLatencyFeed.TestSupport.Postgres;
using static LowLatencyFeed.Storage.Tests.Support.TestEvents;

namespace LowLatencyFeed.Storage.Tests.Writing;

/// <summary>Bars lost to an outage are rebuilt by running the bar builder over the journal, identical to live.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DerivedCatchUpTests
{
    private const string BarColumns = "(extract(epoch FROM time))::bigint, timeframe_seconds, seq, open::text, high::text, low::text, close::text, volume::text, turnover::text, trade_count, flags";

    private static readonly BarOptions s_bars = new() { Timeframes = [BarTimeframe.Seconds(1), BarTimeframe.Seconds(5)] };

    private readonly PostgresClusterFixture _pg;
    private readonly TestOutputLogger _log;

    public DerivedCatchUpTests(PostgresClusterFixture pg, Xunit.Abstractions.ITestOutputHelper output)
    {
        _pg = pg;
        _log = new TestOutputLogger(output);
    }

    [Fact]
    public void Bars_missed_during_an_outage_are_rebuilt_from_the_journal_exactly()
    {
        string cs = _pg.CreateDatabase("derived");
        new Migrator(cs).Migrate();
        string reference = _pg.CreateDatabase("derived_ref");
        new Migrator(reference).Migrate();

        using var journal = new TestJournal();
        DerivedEngineFactory engines = (sink, slabs) => [new BarBuilderHandler(s_bars, sink)];
        var options = new StorageOptions { DerivedBatchRows = 16, BatchesPerStream = 2, MaxBatchAge = TimeSpan.FromMilliseconds(5), InitialRetryDelay = TimeSpan.FromMilliseconds(20), MaxRetryDelay = TimeSpan.FromMilliseconds(100) };
        var storage = new StorageService(cs, journal.Source, journal.NextSequence, options, engines, logger: _log);
        storage.Start();

        var live = new DerivedEventBuffer();
        var bars = new BarBuilderHandler(s_bars, live);
        var forward = new Forwarder(bars, live, storage.DerivedHandler);

        Trades(journal, 0, 1500, storage.MarketHandler, forward);
        Wait.Until(() => Pump(storage, forward) && storage.Stats[StorageStream.Bars].LiveRows + storage.Stats[StorageStream.Bars].CatchUpRows > 0, "first bars", state: () => StatsText.Of(storage.Stats));

        string database = new Npgsql.NpgsqlConnectionStringBuilder(cs).Database!;
        Db.Execute(_pg.Cluster.GetConnectionString(), $"ALTER DATABASE {database} WITH ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'");
        Trades(journal, 1500, 1500, storage.MarketHandler, forward);
        Wait.Until(() => Pump(storage, forward) && storage.Stats[StorageStream.Bars].Failures > 0, "the outage to be noticed", state: () => StatsText.Of(storage.Stats));
        Trades(journal, 3000, 1500, storage.MarketHandler, forward);
        Db.Execute(_pg.Cluster.GetConnectionString(), $"ALTER DATABASE {database} WITH ALLOW_CONNECTIONS true");
        Npgsql.NpgsqlConnection.ClearAllPools(); // pooled connections of this test's own queries were terminated too
        Trades(journal, 4500, 1500, storage.MarketHandler, forward);
        storage.MarketHandler.OnShutdown();
        storage.DerivedHandler.OnShutdown();

        Wait.Until(() => storage.Stats[StorageStream.Bars].Checkpoint >= forward.LastBarSource, "bars to reach the end", 120, state: () => StatsText.Of(storage.Stats));
        storage.Stop(TimeSpan.FromSeconds(30));

        Assert.True(storage.Stats[StorageStream.Bars].DroppedRows > 0, "live bars were dropped");
        Assert.True(storage.Stats[StorageStream.Bars].CatchUps > 0);
        Assert.True(storage.Stats[StorageStream.Bars].CatchUpRows > 0);

        // Reference: every bar the live engine produced, written without any outage.
        var expected = new StorageService(reference, journal.Source, 0, new StorageOptions());
        expected.Start();
        foreach (DerivedEvent bar in forward.AllBars)
        {
            DerivedEvent copy = bar;
            expected.DerivedHandler.OnEvent(ref copy, 0, false);
        }

        expected.DerivedHandler.OnShutdown();
        Wait.Until(() => expected.Stats[StorageStream.Bars].Checkpoint >= forward.LastBarSource, "reference bars", state: () => StatsText.Of(expected.Stats));
        expected.Stop(TimeSpan.FromSeconds(30));

        List<string> want = Db.Rows(reference, $"SELECT {BarColumns} FROM llfeed.bars ORDER BY 2, 1");
        // Trades every 10 ms over 60 s: 1 s bars 0..58 and 5 s bars 0..54 closed (the last of each is still open).
        Assert.Equal(59 + 11, want.Count);
        Assert.Equal(want, Db.Rows(cs, $"SELECT {BarColumns} FROM llfeed.bars ORDER BY 2, 1"));
    }

    /// <summary>
    /// One clock closes the 1 s bars of three instruments (three rows of one source sequence). The derived ring's batch
    /// ends after the first: it is handed; the writer is behind, so the other two are dropped. Their range starts after
    /// that sequence, so no gap showed them: they were lost. The writer now rebuilds from the sequence the next handed
    /// batch names (here the empty one of the shutdown).
    /// </summary>
    [Fact]
    public void Bars_of_one_clock_split_between_a_handed_and_a_dropped_batch_all_reach_the_database()
    {
        string cs = _pg.CreateDatabase("derived_split");
        new Migrator(cs).Migrate();
        using var journal = new TestJournal();
        var barOptions = new BarOptions { Timeframes = [BarTimeframe.Seconds(1)] };
        DerivedEngineFactory engines = (sink, slabs) => [new BarBuilderHandler(barOptions, sink)];
        var options = new StorageOptions { DerivedBatchRows = 16, BatchesPerStream = 3, MaxBatchAge = TimeSpan.FromTicks(1), IdleCheckpointInterval = TimeSpan.FromHours(1) };
        var storage = new StorageService(cs, journal.Source, journal.NextSequence, options, engines, logger: _log);
        DerivedStagerHandler stager = storage.DerivedHandler;
        stager.OnStart(); // the empty start batch takes one of the two free batches

        var live = new DerivedEventBuffer();
        var bars = new BarBuilderHandler(barOptions, live);
        InstrumentId[] instruments = [Reliance, BtcUsdt, Nifty];
        for (int i = 0; i < instruments.Length; i++)
        {
            journal.Publish(Tick(instruments[i], BaseTimeNs + (i * 1_000_000L), 10_000 + i, 5, 1_000), bars);
        }

        long clock = journal.Publish(Clock(BaseTimeNs + 3_500_000_000L), bars); // 1 s bar end + the 2 s clock delay passed
        journal.EndBatch();
        Assert.Equal(3, live.Events.Length);
        foreach (DerivedEvent bar in live.Events)
        {
            Assert.Equal(clock, bar.Header.SourceSequence);
            DerivedEvent copy = bar;
            stager.OnEvent(ref copy, 0, endOfBatch: true);
            Thread.Sleep(1); // older than MaxBatchAge: the batch end hands it (the first takes the last free batch)
            stager.OnBatchEnd(0);
        }

        Assert.Equal(2, storage.Stats[StorageStream.Bars].DroppedRows);
        storage.Start();
        Wait.Until(() => storage.Stats[StorageStream.Bars].Checkpoint >= clock && storage.Channels.Bars.Pending == 0, "the handed bar", state: () => StatsText.Of(storage.Stats));

        // Shutdown hands the next (empty) batch; it names the sequence to rebuild. Retried: the writer may not have
        // given the last batch back yet, and a hand without a free batch keeps the repair for the next one.
        Wait.Until(
            () =>
            {
                stager.OnShutdown();
                return Db.Scalar<long>(cs, "SELECT count(*) FROM llfeed.bars") == 3;
            },
            "all three bars in the database",
            state: () => StatsText.Of(storage.Stats));
        storage.Stop(TimeSpan.FromSeconds(30));

        Assert.Equal(
            instruments.Select(i => (long)i.Value).Order().ToList(),
            Db.Rows(cs, "SELECT instrument_id FROM llfeed.bars WHERE seq = " + clock + " ORDER BY 1").Select(long.Parse).ToList());
    }

    /// <summary>
    /// The soak's lost bars: the last clock before a clean stop closes the 1 s bars of three instruments; the first is
    /// handed (the writer's checkpoint reaches the clock's sequence), the writer is behind, so the rest is dropped and the
    /// shutdown's one hand finds no free batch either. No later batch comes to name the sequence to rebuild, and the
    /// dropped range (ending at that sequence) is not past the checkpoint: the rest used to be lost until the next start.
    /// The drop itself now tells the writer where to rebuild from, so a writer that drains and stops stores all three.
    /// </summary>
    [Fact]
    public void Bars_of_the_last_clock_dropped_at_shutdown_with_no_free_batch_reach_the_database_before_the_stop()
    {
        string cs = _pg.CreateDatabase("derived_split_stop");
        new Migrator(cs).Migrate();
        using var journal = new TestJournal();
        var barOptions = new BarOptions { Timeframes = [BarTimeframe.Seconds(1)] };
        DerivedEngineFactory engines = (sink, slabs) => [new BarBuilderHandler(barOptions, sink)];
        var options = new StorageOptions { DerivedBatchRows = 16, BatchesPerStream = 3, MaxBatchAge = TimeSpan.FromTicks(1), IdleCheckpointInterval = TimeSpan.FromHours(1) };
        var storage = new StorageService(cs, journal.Source, journal.NextSequence, options, engines, logger: _log);
        DerivedStagerHandler stager = storage.DerivedHandler;
        stager.OnStart(); // the empty start batch takes one of the two free batches

        var live = new DerivedEventBuffer();
        var bars = new BarBuilderHandler(barOptions, live);
        InstrumentId[] instruments = [Reliance, BtcUsdt, Nifty];
        for (int i = 0; i < instruments.Length; i++)
        {
            journal.Publish(Tick(instruments[i], BaseTimeNs + (i * 1_000_000L), 10_000 + i, 5, 1_000), bars);
        }

        long clock = journal.Publish(Clock(BaseTimeNs + 3_500_000_000L), bars);
        journal.EndBatch();
        Assert.Equal(3, live.Events.Length);
        foreach (DerivedEvent bar in live.Events)
        {
            DerivedEvent copy = bar;
            stager.OnEvent(ref copy, 0, endOfBatch: true);
            Thread.Sleep(1); // older than MaxBatchAge: the batch end hands it (the first takes the last free batch)
            stager.OnBatchEnd(0);
        }

        // The clean stop: the derived ring's consumer hands what it holds once; the writer has not given a batch back.
        stager.OnShutdown();
        Assert.Equal(2, storage.Stats[StorageStream.Bars].DroppedRows);
        Assert.Equal(2, storage.Channels.Bars.Pending);

        // The writer drains what is queued and what was dropped, then stops: nothing after this repairs anything.
        storage.Start();
        storage.Stop(TimeSpan.FromSeconds(60));

        Assert.Equal(
            instruments.Select(i => (long)i.Value).Order().ToList(),
            Db.Rows(cs, "SELECT instrument_id FROM llfeed.bars WHERE seq = " + clock + " ORDER BY 1").Select(long.Parse).ToList());
    }

    /// <summary>What the ring's timeout-capable wait strategy does on a quiet ring: lets the stagers hand over old batches.</summary>
    private static bool Pump(StorageService storage, Forwarder forward)
    {
        storage.MarketHandler.OnTimeout(0);
        forward.OnBatchEnd(0);
        return true;
    }

    /// <summary>Trades every 10 ms: 1 s bars close every 100 events.</summary>
    private static void Trades(TestJournal journal, int from, int count, params IEventHandler<MarketEvent>[] consumers)
    {
        for (int i = from; i < from + count; i++)
        {
            MarketEvent trade = Trade(BtcUsdt, BaseTimeNs + (i * 10_000_000L), 4321000 + ((i * 37) % 101), 1000 + (i % 7), i, i % 3 == 0);
            journal.Publish(trade, consumers);
            if (i % 50 == 49)
            {
                journal.EndBatch(consumers);
            }
        }

        journal.EndBatch(consumers);
    }

    /// <summary>Stands in for the bar builder's thread and the derived ring: runs the engine and forwards what it publishes.</summary>
    private sealed class Forwarder : IEventHandler<MarketEvent>
    {
        private readonly BarBuilderHandler _bars;
        private readonly DerivedEventBuffer _buffer;
        private readonly IEventHandler<DerivedEvent> _derived;

        public Forwarder(BarBuilderHandler bars, DerivedEventBuffer buffer, IEventHandler<DerivedEvent> derived)
        {
            _bars = bars;
            _buffer = buffer;
            _derived = derived;
        }

        public List<DerivedEvent> AllBars { get; } = new();

        public long LastBarSource { get; private set; } = -1;

        public void OnStart()
        {
        }

        public void OnBatchStart(long batchSize)
        {
        }

        public void OnEvent(ref MarketEvent data, long sequence, bool endOfBatch)
        {
            _bars.OnEvent(ref data, sequence, endOfBatch);
            foreach (DerivedEvent e in _buffer.Events)
            {
                DerivedEvent copy = e;
                _derived.OnEvent(ref copy, 0, false);
                AllBars.Add(e);
                LastBarSource = Math.Max(LastBarSource, e.Header.SourceSequence);
            }

            _buffer.Clear();
        }

        public void OnBatchEnd(long lastSequence) => _derived.OnBatchEnd(lastSequence);

        public void OnTimeout(long sequence)
        {
        }

        public void OnShutdown()
        {
        }
    }
}
