using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Processing.Books;
using LowLatencyFeed.Processing.Common;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Processing.Signals;
using static LowLatencyFeed.Processing.Tests.Events;

namespace LowLatencyFeed.Processing.Tests.Books;

public sealed class BookBuilderTests
{
    private const long T = July3Utc + (4 * Hour);
    private const long Ms = 1_000_000;

    private static BookBuilder Create(out DerivedEventBuffer sink, BookOptions? options = null, SignalOptions? signals = null, DepthSlabPool? slabs = null)
    {
        sink = new DerivedEventBuffer(64);
        return new BookBuilder(options ?? new BookOptions(), signals, sink, slabs);
    }

    private static void Feed(BookBuilder builder, params MarketEvent[] events)
    {
        foreach (MarketEvent e in events)
        {
            builder.OnEvent(in e);
        }
    }

    private static List<DerivedEvent> OfKind(DerivedEventBuffer sink, DerivedEventKind kind) => sink.Events.ToArray().Where(e => e.Header.Kind == kind).ToList();

    [Fact]
    public void Inline_snapshot_and_diff_each_publish_a_metrics_sample()
    {
        BookBuilder builder = Create(out DerivedEventBuffer sink);
        MarketEvent snapshot = Depth(Reliance, T, DepthUpdateKind.Snapshot, [L(250000, 10, 2), L(249995, 20, 3)], [L(250005, 5, 1), L(250010, 15, 4)]);
        MarketEvent diff = Depth(Reliance, T + Ms, DepthUpdateKind.Diff, [L(250000, 0)], [L(250005, 25)]);
        Feed(builder, snapshot, diff);

        List<DerivedEvent> samples = OfKind(sink, DerivedEventKind.BookMetrics);
        Assert.Equal(2, samples.Count);
        BookMetricsValues first = samples[0].Metrics;
        Assert.Equal(250000, first.BestBid);
        Assert.Equal(250005, first.BestAsk);
        Assert.Equal(5, first.Spread);
        Assert.Equal(30, first.TotalBidQuantity);
        Assert.Equal(20, first.TotalAskQuantity);
        Assert.Equal(snapshot.Header.Sequence, samples[0].Header.SourceSequence);
        Assert.Equal(Reliance, samples[0].Header.Instrument);
        Assert.Equal(DerivedFlags.None, samples[0].Header.Flags);

        BookMetricsValues second = samples[1].Metrics;
        Assert.Equal(249995, second.BestBid);
        Assert.Equal(25, second.BestAskQuantity);
        Assert.Equal(-20.0 / 60, second.Windows[3].Imbalance, 15); // (20 - 40) / (20 + 40)
        Assert.Equal(diff.Header.Sequence, samples[1].Header.SourceSequence);
        Assert.Equal(1, builder.Snapshots);
        Assert.Equal(1, builder.Diffs);
        Assert.Equal(2, builder.Updates);
    }

    [Fact]
    public void Deep_one_side_snapshots_come_from_the_slab_pool()
    {
        var pool = new DepthSlabPool(4);
        BookBuilder builder = Create(out DerivedEventBuffer sink, slabs: pool);
        MarketEvent bids = SlabEvent(pool, DepthUpdateKind.BidSnapshot, T, bid: true);
        MarketEvent asks = SlabEvent(pool, DepthUpdateKind.AskSnapshot, T + Ms, bid: false);
        Feed(builder, bids, asks);

        List<DerivedEvent> samples = OfKind(sink, DerivedEventKind.BookMetrics);
        Assert.Equal(2, samples.Count);
        Assert.Equal(DerivedFlags.OneSided, samples[0].Header.Flags);
        BookMetricsValues metrics = samples[1].Metrics;
        Assert.Equal(200, metrics.BidLevels);
        Assert.Equal(200, metrics.AskLevels);
        Assert.Equal(20_100, metrics.TotalBidQuantity); // 1 + 2 + ... + 200
        Assert.Equal(200 * 7, metrics.TotalAskQuantity);
        Assert.Equal(1 + 2 + 3 + 4 + 5, metrics.Windows[1].BidQuantity);
        Assert.Equal(5 * 7, metrics.Windows[1].AskQuantity);
        Assert.Equal(210, metrics.Windows[2].BidQuantity); // top 20
        Assert.Equal(1_000_000, metrics.BestBid);
        Assert.Equal(1_000_005, metrics.BestAsk);
        Assert.Equal(0, builder.RejectedUpdates);
    }

    [Fact]
    public void Bad_depth_events_are_rejected_with_a_reason()
    {
        BookBuilder builder = Create(out DerivedEventBuffer sink);
        MarketEvent slab = Depth(Reliance, T, DepthUpdateKind.Snapshot, [], []);
        slab.Depth.SlabIndex = 0;
        slab.Depth.BidCount = 20;
        MarketEvent tooMany = Depth(Reliance, T, DepthUpdateKind.Snapshot, [], []);
        tooMany.Depth.BidCount = 6;
        tooMany.Depth.AskCount = 6;
        MarketEvent unknown = Depth(Reliance, T, (DepthUpdateKind)9, [L(1, 1)], []);
        MarketEvent first = Depth(BtcUsdt, T, DepthUpdateKind.Snapshot, [L(100, 1)], [L(101, 1)]);
        MarketEvent rescaled = Depth(BtcUsdt, T, DepthUpdateKind.Snapshot, [L(100, 1)], [L(101, 1)], priceDecimals: 8);
        Feed(builder, slab, tooMany, unknown, first, rescaled);

        Assert.Equal(4, builder.RejectedUpdates);
        Assert.Equal(1, builder.Rejections(RejectReason.SlabUnavailable));
        Assert.Equal(1, builder.Rejections(RejectReason.InlineDepthTooLarge));
        Assert.Equal(1, builder.Rejections(RejectReason.UnknownUpdateKind));
        Assert.Equal(1, builder.Rejections(RejectReason.DecimalsChanged));
        Assert.Single(OfKind(sink, DerivedEventKind.BookMetrics));
    }

    [Fact]
    public void Inconsistent_and_crossed_updates_are_counted_and_flagged()
    {
        BookBuilder builder = Create(out DerivedEventBuffer sink);
        Feed(
            builder,
            Depth(Reliance, T, DepthUpdateKind.Snapshot, [L(100, 1)], [L(102, 1)]),
            Depth(Reliance, T + 1, DepthUpdateKind.BidSnapshot, [L(99, 1), L(101, 1)], [L(500, 9)]),
            Depth(Reliance, T + 2, DepthUpdateKind.Diff, [L(103, 1)], []));

        List<DerivedEvent> samples = OfKind(sink, DerivedEventKind.BookMetrics);
        Assert.Equal(DerivedFlags.Inconsistent, samples[1].Header.Flags);
        Assert.Equal(102, samples[1].Metrics.BestAsk); // the ask level of a bid snapshot was ignored
        Assert.Equal(101, samples[1].Metrics.BestBid); // sorted in
        Assert.Equal(DerivedFlags.Crossed, samples[2].Header.Flags);
        Assert.Equal(1, builder.InconsistentUpdates);
        Assert.Equal(1, builder.CrossedBooks);
    }

    [Fact]
    public void Disconnect_marks_books_of_that_session_stale_until_a_snapshot()
    {
        BookBuilder builder = Create(out DerivedEventBuffer sink);
        Feed(
            builder,
            Depth(BtcUsdt, T, DepthUpdateKind.Snapshot, [L(100, 1)], [L(101, 1)], session: 1),
            Depth(EthUsdt, T, DepthUpdateKind.Snapshot, [L(100, 1)], [L(101, 1)], session: 2),
            Control(ControlCode.Disconnected, FeedKind.Binance, 1, T + 1),
            Depth(BtcUsdt, T + 2, DepthUpdateKind.Diff, [L(100, 2)], [], session: 1),
            Depth(EthUsdt, T + 2, DepthUpdateKind.Diff, [L(100, 2)], [], session: 2),
            Depth(BtcUsdt, T + 3, DepthUpdateKind.Snapshot, [L(100, 3)], [L(101, 1)], session: 1));

        List<DerivedEvent> samples = OfKind(sink, DerivedEventKind.BookMetrics);
        Assert.Equal(DerivedFlags.Stale, samples[2].Header.Flags);
        Assert.Equal(DerivedFlags.None, samples[3].Header.Flags);
        Assert.Equal(DerivedFlags.None, samples[4].Header.Flags);
    }

    [Fact]
    public void Resync_clears_the_book()
    {
        BookBuilder builder = Create(out _);
        Feed(
            builder,
            Depth(BtcUsdt, T, DepthUpdateKind.Snapshot, [L(100, 1)], [L(101, 1)]),
            Control(ControlCode.BookResync, FeedKind.Binance, 1, T + 1, BtcUsdt));
        OrderBook book = builder.GetBook(BtcUsdt)!;
        Assert.Equal(0, book.Bids.Length);
        Assert.Equal(0, book.Asks.Length);
        Assert.Equal(1, builder.Resyncs);
        Assert.Null(builder.GetBook(EthUsdt));
    }

    [Fact]
    public void Samples_can_be_throttled_by_exchange_time()
    {
        BookBuilder builder = Create(out DerivedEventBuffer sink, new BookOptions { MetricsSampleInterval = TimeSpan.FromMilliseconds(100) });
        foreach (long at in new[] { 0L, 50, 100, 120, 250 })
        {
            MarketEvent e = Depth(BtcUsdt, T + (at * Ms), DepthUpdateKind.Diff, [L(100, at + 1)], [L(101, 1)]);
            builder.OnEvent(in e);
        }

        List<DerivedEvent> samples = OfKind(sink, DerivedEventKind.BookMetrics);
        Assert.Equal([T, T + (100 * Ms), T + (250 * Ms)], samples.Select(s => s.Header.SourceExchangeTimeNs));
        Assert.Equal(5, builder.Updates);
    }

    [Fact]
    public void Imbalance_signal_fires_after_persistence_on_a_clock_and_ends_on_the_way_back()
    {
        BookBuilder builder = Create(
            out DerivedEventBuffer sink,
            new BookOptions { EmitMetrics = false },
            new SignalOptions { WindowDepth = 1, Threshold = 0.3, Hysteresis = 0.1, MinPersistence = TimeSpan.FromMilliseconds(500) });
        MarketEvent clock = Clock(T + (500 * Ms));
        Feed(
            builder,
            Depth(BtcUsdt, T, DepthUpdateKind.Snapshot, [L(100, 10)], [L(101, 2)]), // (10-2)/12 = 0.667
            Depth(BtcUsdt, T + (200 * Ms), DepthUpdateKind.Diff, [L(100, 9)], []),
            Clock(T + (499 * Ms)));
        Assert.Equal(0, sink.Count);

        Feed(builder, clock, Depth(BtcUsdt, T + (600 * Ms), DepthUpdateKind.Diff, [], [L(101, 9)])); // 0
        List<DerivedEvent> signals = OfKind(sink, DerivedEventKind.Signal);
        Assert.Equal(2, signals.Count);

        SignalValues buy = signals[0].Signal;
        Assert.Equal(SignalSide.Buy, buy.Side);
        Assert.Equal(SignalSide.Flat, buy.PreviousSide);
        Assert.Equal(T, buy.ConditionSinceNs);
        Assert.Equal(7.0 / 11, buy.Imbalance, 15); // (9-2)/(9+2), the last imbalance seen
        Assert.Equal(9, buy.WindowBidQuantity);
        Assert.Equal(2, buy.WindowAskQuantity);
        Assert.Equal(1, buy.WindowDepth);
        Assert.Equal(0.3, buy.Threshold);
        Assert.Equal(clock.Header.Sequence, signals[0].Header.SourceSequence);

        Assert.Equal(SignalSide.Flat, signals[1].Signal.Side);
        Assert.Equal(SignalSide.Buy, signals[1].Signal.PreviousSide);
        Assert.Equal(2, builder.SignalsEmitted);
        Assert.Equal(SignalSide.Flat, builder.GetSignalState(BtcUsdt).Side);
    }

    [Fact]
    public void Signal_window_must_be_one_of_the_book_windows()
    {
        Assert.Throws<ArgumentException>(() => new BookBuilder(new BookOptions(), new SignalOptions { WindowDepth = 7 }, new DerivedEventBuffer()));
    }

    [Fact]
    public void Handler_forwards_ring_events_and_exposes_counters()
    {
        var sink = new DerivedEventBuffer();
        var handler = new BookBuilderHandler(new BookOptions(), new SignalOptions(), sink);
        MarketEvent a = Depth(BtcUsdt, T, DepthUpdateKind.Snapshot, [L(100, 1)], [L(101, 1)]);
        MarketEvent b = Depth(BtcUsdt, T + 1, DepthUpdateKind.Diff, [L(102, 1)], []);
        handler.OnStart();
        handler.OnEvent(ref a, 1, false);
        handler.OnEvent(ref b, 2, true);
        handler.OnShutdown();
        Assert.Equal(2, handler.Updates);
        Assert.Equal(2, handler.SamplesEmitted);
        Assert.Equal(1, handler.CrossedBooks);
        Assert.Equal(0, handler.InconsistentUpdates);
    }

    private static MarketEvent SlabEvent(DepthSlabPool pool, DepthUpdateKind kind, long timeNs, bool bid)
    {
        MarketEvent e = Depth(Dhan(), timeNs, kind, [], []);
        int slab = pool.Claim();
        Span<DepthLevel> levels = bid ? pool.WritableBids(slab) : pool.WritableAsks(slab);
        for (int i = 0; i < 200; i++)
        {
            levels[i] = bid ? L(1_000_000 - (5 * i), i + 1) : L(1_000_005 + (5 * i), 7);
        }

        e.Depth.SlabIndex = slab;
        e.Depth.BidCount = (ushort)(bid ? 200 : 0);
        e.Depth.AskCount = (ushort)(bid ? 0 : 200);
        pool.Commit(slab, e.Header.Sequence);
        return e;
    }

    private static Core.Instruments.InstrumentId Dhan() => Core.Instruments.InstrumentId.From(FeedKind.Dhan, 1333);
}
