using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Storage.Backfill;
using LowLatencyFeed.Storage.Schema;
using LowLatencyFeed.Storage.Staging;
using LowLatencyFeed.Storage.Tests.Support;
using LowLatencyFeed.Storage.Tests.Writing;
using LowLatencyFeed.TestSupport.Postgres;
using static LowLatencyFeed.Storage.Tests.Support.TestEvents;

namespace LowLatencyFeed.Storage.Tests.Backfill;

/// <summary>The rule between backfilled and live bars (Storage README, "Backfill"), from both writers' side.</summary>
[Collection(PostgresCollection.Name)]
public sealed class BackfillWriterTests
{
    private const long Minute = 60_000_000_000;
    private readonly PostgresClusterFixture _pg;

    public BackfillWriterTests(PostgresClusterFixture pg) => _pg = pg;

    [Fact]
    public void A_complete_live_bar_replaces_a_backfilled_one_and_an_incomplete_live_bar_does_not()
    {
        string cs = _pg.CreateDatabase("backfill");
        new Migrator(cs).Migrate();
        var job = new BackfillJob("kite", Reliance.Value, 60, 2, 0);
        BarValues[] candles = [Candle(BaseTimeNs, 250_000), Candle(BaseTimeNs + Minute, 251_000)];
        DateTimeOffset from = DateTimeOffset.UnixEpoch.AddTicks(BaseTimeNs / 100);
        using (var writer = new BackfillWriter(cs))
        {
            Assert.Equal(new BackfillChunkResult(2, 0, 0), writer.Write(job, candles, from, from.AddMinutes(2), from.AddMinutes(2), rejected: 0));
            Assert.Equal(new BackfillChunkResult(0, 0, 2), writer.Write(job, candles, from, from.AddMinutes(2), from.AddMinutes(2), rejected: 0));
            Assert.Equal(new BackfillProgress(from, from.AddMinutes(2), from.AddMinutes(2), 2, 0), writer.ReadProgress(job));
        }

        // The live writer then closes both intervals: the first bar gap-affected (incomplete), the second complete.
        using var journal = new TestJournal();
        var storage = new StorageService(cs, journal.Source, 0);
        storage.Start();
        var derived = storage.DerivedHandler;
        var gap = WriterTests.Bar(5);
        gap.Header.Flags = DerivedFlags.GapAffected;
        derived.OnEvent(ref gap, 0, false);
        var complete = WriterTests.Bar(6);
        complete.Bar.StartTimeNs = BaseTimeNs + Minute;
        derived.OnEvent(ref complete, 1, true);
        derived.OnShutdown();
        Wait.Until(() => storage.Stats[StorageStream.Bars].Checkpoint == 6, "live bars");
        storage.Stop(TimeSpan.FromSeconds(30));

        Assert.Equal(
            ["backfill|0|2500.00|0", "live|6|2500.50|64"],
            Db.Rows(cs, "SELECT source, seq, close::text, flags FROM llfeed.bars ORDER BY time"));
    }

    private static BarValues Candle(long startNs, long close) => new()
    {
        StartTimeNs = startNs,
        EndTimeNs = startNs + Minute,
        TimeframeNs = Minute,
        Open = close,
        High = close + 100,
        Low = close - 100,
        Close = close,
        Volume = 10,
    };
}
