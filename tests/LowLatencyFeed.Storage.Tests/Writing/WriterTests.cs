using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Storage.Schema;
using LowLatencyFeed.Storage.Staging;
using LowLatencyFeed.Storage.Tests.Support;
using LowLatencyFeed.TestSupport.Postgres;
using static LowLatencyFeed.Storage.Tests.Support.TestEvents;

namespace LowLatencyFeed.Storage.Tests.Writing;

[Collection(PostgresCollection.Name)]
public sealed class WriterTests
{
    private readonly PostgresClusterFixture _pg;

    public WriterTests(PostgresClusterFixture pg) => _pg = pg;

    [Fact]
    public void Every_table_receives_rows_with_exact_values_and_the_source_sequence()
    {
        string cs = _pg.CreateDatabase("rows");
        new Migrator(cs).Migrate();
        using var journal = new TestJournal();
        var storage = new StorageService(cs, journal.Source, journal.NextSequence);
        storage.Instruments.Register(Reliance, "RELIANCE", 2, 0);
        storage.Start();

        var stager = storage.MarketHandler;
        long t = BaseTimeNs;
        long tickSeq = journal.Publish(Tick(Reliance, t, lastPrice: 250050, lastQuantity: 10, volume: 12345), stager);
        long tradeSeq = journal.Publish(Trade(BtcUsdt, t + 1_000_000, price: 4321012, quantity: 150_000_000, tradeId: 987, sellerAggressor: true), stager);
        long quoteSeq = journal.Publish(Quote(BtcUsdt, t + 2_000_000, bid: 4321000, bidQty: 25_000_000, ask: 4321050, askQty: 100_000_000), stager);
        long depthSeq = journal.Publish(Depth(Nifty, t + 3_000_123, mid: 2200000, levels: 5), stager);
        long clockSeq = journal.Publish(Clock(t + 1_000_000_000), stager);
        journal.EndBatch(stager);

        var derived = storage.DerivedHandler;
        var bar = Bar(tickSeq);
        derived.OnEvent(ref bar, 0, false);
        var metrics = Metrics(depthSeq);
        derived.OnEvent(ref metrics, 1, false);
        var signal = Signal(depthSeq);
        derived.OnEvent(ref signal, 2, true);

        stager.OnShutdown();
        derived.OnShutdown();
        storage.Stop(TimeSpan.FromSeconds(30));

        Assert.Equal(
            $"{tickSeq}|{Reliance.Value}|{BaseTimeNs / 1000}|{(BaseTimeNs + 1_500_000) / 1000}|2500.50|10|12345|NULL|NULL|11",
            Assert.Single(Db.Rows(cs, "SELECT seq, instrument_id, (extract(epoch FROM time) * 1000000)::bigint, (extract(epoch FROM receive_time) * 1000000)::bigint, last_price::text, last_quantity::text, volume::text, open::text, average_price::text, fields FROM llfeed.ticks")));
        Assert.Equal(
            $"{tradeSeq}|{BtcUsdt.Value}|43210.12|1.50000000|987|True",
            Assert.Single(Db.Rows(cs, "SELECT seq, instrument_id, price::text, quantity::text, trade_id, seller_aggressor FROM llfeed.trades")));
        Assert.Equal(
            $"{quoteSeq}|43210.00|0.25000000|43210.50|1.00000000|400900217",
            Assert.Single(Db.Rows(cs, "SELECT seq, bid_price::text, bid_quantity::text, ask_price::text, ask_quantity::text, update_id FROM llfeed.quotes")));

        // Level i (1-based): bid 22000.00 − 0.05·i with 100·i, ask 22000.00 + 0.05·i with 50·i; orders i and i+1.
        List<string> depth = Db.Rows(cs, "SELECT side, level, price::text, quantity::text, orders, seq, update_kind, (extract(epoch FROM time) * 1000000)::bigint FROM llfeed.depth_levels_200 ORDER BY side, level");
        Assert.Equal(10, depth.Count);
        Assert.Equal($"0|1|21999.95|100|1|{depthSeq}|0|{(BaseTimeNs + 3_000_123) / 1000}", depth[0]);
        Assert.Equal($"0|5|21999.75|500|5|{depthSeq}|0|{(BaseTimeNs + 3_000_123) / 1000}", depth[4]);
        Assert.Equal($"1|1|22000.05|50|2|{depthSeq}|0|{(BaseTimeNs + 3_000_123) / 1000}", depth[5]);
        Assert.Equal($"1|5|22000.25|250|6|{depthSeq}|0|{(BaseTimeNs + 3_000_123) / 1000}", depth[9]);

        Assert.Equal(
            $"{tickSeq}|60|2500.00|2501.25|2499.50|2500.50|30|75012.50|2500.42|3|64",
            Assert.Single(Db.Rows(cs, "SELECT seq, timeframe_seconds, open::text, high::text, low::text, close::text, volume::text, turnover::text, vwap::text, trade_count, flags FROM llfeed.bars")));
        Assert.Equal(
            $"{depthSeq}|21999.95|22000.05|100|50|0.10|22000.000|22000.02|1500|750|5|5|0.3333333333333333|1|0.3333333333333333|0",
            Assert.Single(Db.Rows(cs, "SELECT seq, best_bid::text, best_ask::text, best_bid_qty::text, best_ask_qty::text, spread::text, mid::text, microprice::text, bid_quantity::text, ask_quantity::text, bid_levels, ask_levels, imbalance::text, window_depth, window_imbalance::text, flags FROM llfeed.book_metrics")));
        Assert.Equal(
            $"{depthSeq}|5|1|0|0.6|0.5|1500|750|21999.95|22000.05",
            Assert.Single(Db.Rows(cs, "SELECT seq, window_depth, side, previous_side, imbalance::text, threshold::text, bid_quantity::text, ask_quantity::text, best_bid::text, best_ask::text FROM llfeed.signals")));

        Assert.Equal(
            $"{Reliance.Value}|1|738561|2|0|{tickSeq};{Nifty.Value}|2|13|2|0|{depthSeq};{BtcUsdt.Value}|3|1|2|8|{tradeSeq}",
            string.Join(';', Db.Rows(cs, "SELECT instrument_id, feed, token, price_decimals, quantity_decimals, first_seq FROM llfeed.instruments ORDER BY instrument_id")));
        Assert.Equal("RELIANCE", Db.Scalar<string>(cs, $"SELECT symbol FROM llfeed.instruments WHERE instrument_id = {Reliance.Value}"));

        // Every market stream's checkpoint is the last event the stager saw (the clock), even where it wrote nothing.
        foreach (string stream in new[] { "ticks", "trades", "quotes", "depth_levels_200" })
        {
            Assert.Equal(clockSeq, Db.Scalar<long>(cs, $"SELECT last_seq FROM llfeed.ingestion_checkpoints WHERE stream = '{stream}'"));
        }

        Assert.Equal(0L, Db.Scalar<long>(cs, "SELECT count(*) FROM llfeed.ingestion_stats WHERE mode <> 'live'"));
        Assert.Equal(0, storage.Stats[StorageStream.Ticks].CatchUps);
    }

    [Fact]
    public void A_revised_bar_replaces_its_row()
    {
        string cs = _pg.CreateDatabase("rows");
        new Migrator(cs).Migrate();
        using var journal = new TestJournal();
        var storage = new StorageService(cs, journal.Source, 0);
        storage.Start();
        var derived = storage.DerivedHandler;
        var first = Bar(5);
        derived.OnEvent(ref first, 0, true);
        derived.OnShutdown();
        Wait.Until(() => storage.Stats[StorageStream.Bars].Checkpoint == 5, "first bar");

        var revised = Bar(9);
        revised.Bar.Close = 250100;
        revised.Header.Flags = DerivedFlags.Revised;
        derived.OnEvent(ref revised, 1, true);
        derived.OnShutdown();
        storage.Stop(TimeSpan.FromSeconds(30));

        Assert.Equal("9|2501.00|4", Assert.Single(Db.Rows(cs, "SELECT seq, close::text, flags FROM llfeed.bars")));
    }

    internal static DerivedEvent Bar(long sourceSequence)
    {
        var d = default(DerivedEvent);
        d.Header.Kind = DerivedEventKind.Bar;
        d.Header.Instrument = Reliance;
        d.Header.PriceDecimals = 2;
        d.Header.QuantityDecimals = 0;
        d.Header.SourceSequence = sourceSequence;
        d.Header.Flags = DerivedFlags.ClosedByClock;
        d.Bar.StartTimeNs = BaseTimeNs;
        d.Bar.EndTimeNs = BaseTimeNs + 60_000_000_000;
        d.Bar.TimeframeNs = 60_000_000_000;
        d.Bar.Open = 250000;
        d.Bar.High = 250125;
        d.Bar.Low = 249950;
        d.Bar.Close = 250050;
        d.Bar.Volume = 30;
        d.Bar.Turnover = 7501250; // 2500.00×10 + 2501.25×10 + 2499.50×5 + 2500.50×5 = 75012.50
        d.Bar.Vwap = 250042;      // 75012.50 / 30 = 2500.4166… → 2500.42
        d.Bar.TradeCount = 3;
        return d;
    }

    private static DerivedEvent Metrics(long sourceSequence)
    {
        var d = default(DerivedEvent);
        d.Header.Kind = DerivedEventKind.BookMetrics;
        d.Header.Instrument = Nifty;
        d.Header.PriceDecimals = 2;
        d.Header.SourceSequence = sourceSequence;
        d.Header.SourceExchangeTimeNs = BaseTimeNs + 3_000_123;
        d.Metrics.BestBid = 2199995;
        d.Metrics.BestAsk = 2200005;
        d.Metrics.BestBidQuantity = 100;
        d.Metrics.BestAskQuantity = 50;
        d.Metrics.Spread = 10;
        d.Metrics.Mid = 22000000;              // one more decimal: 22000.000
        d.Metrics.MicropriceMantissa = 2200002; // (21999.95×50 + 22000.05×100) / 150 = 22000.0166… → 22000.02
        d.Metrics.TotalBidQuantity = 1500;
        d.Metrics.TotalAskQuantity = 750;
        d.Metrics.BidLevels = 5;
        d.Metrics.AskLevels = 5;
        d.Metrics.WindowCount = 1;
        d.Metrics.Windows[0] = new ImbalanceWindow { Depth = 1, BidQuantity = 100, AskQuantity = 50, Imbalance = 1.0 / 3.0 };
        return d;
    }

    private static DerivedEvent Signal(long sourceSequence)
    {
        var d = default(DerivedEvent);
        d.Header.Kind = DerivedEventKind.Signal;
        d.Header.Instrument = Nifty;
        d.Header.PriceDecimals = 2;
        d.Header.SourceSequence = sourceSequence;
        d.Header.SourceExchangeTimeNs = BaseTimeNs + 3_000_123;
        d.Signal.Side = SignalSide.Buy;
        d.Signal.PreviousSide = SignalSide.Flat;
        d.Signal.WindowDepth = 5;
        d.Signal.Imbalance = 0.6;
        d.Signal.Threshold = 0.5;
        d.Signal.WindowBidQuantity = 1500;
        d.Signal.WindowAskQuantity = 750;
        d.Signal.BestBid = 2199995;
        d.Signal.BestAsk = 2200005;
        d.Signal.ConditionSinceNs = BaseTimeNs;
        return d;
    }
}
