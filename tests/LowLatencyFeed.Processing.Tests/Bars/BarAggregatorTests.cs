using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Common;
using LowLatencyFeed.Processing.Derived;
using static LowLatencyFeed.Processing.Tests.Bars.BarTestKit;
using static LowLatencyFeed.Processing.Tests.Events;

namespace LowLatencyFeed.Processing.Tests.Bars;

public sealed class BarAggregatorTests
{
    /// <summary>2024-07-03 10:00:00 UTC.</summary>
    private const long T = July3Utc + (10 * Hour);

    [Fact]
    public void Trades_build_ohlc_volume_turnover_vwap_and_trade_count()
    {
        BarAggregator bars = Create(out DerivedEventBuffer sink, BarTimeframe.Minutes(1));
        MarketEvent closing = Trade(BtcUsdt, T + (60 * Second), 10200, 1);
        Feed(
            bars,
            Trade(BtcUsdt, T + (5 * Second), 10000, 2),
            Trade(BtcUsdt, T + (20 * Second), 10150, 1),
            Trade(BtcUsdt, T + (30 * Second), 10010, 0),
            Trade(BtcUsdt, T + (40 * Second), 9975, 3),
            Trade(BtcUsdt, T + (60 * Second) - 1, 10025, 4),
            closing);

        DerivedEvent bar = Assert.Single(Emitted(sink));
        AssertOhlc(bar, 10000, 10150, 9975, 10025);
        Assert.Equal(10, bar.Bar.Volume);
        Assert.Equal(4, bar.Bar.TradeCount); // the zero-quantity trade moves no volume and is not counted
        Assert.Equal((Int128)100_175, bar.Bar.Turnover); // 10000*2 + 10150*1 + 9975*3 + 10025*4
        Assert.Equal(10018, bar.Bar.Vwap); // 10017.5 rounded half away from zero
        Assert.Equal(T, bar.Bar.StartTimeNs);
        Assert.Equal(T + Minute, bar.Bar.EndTimeNs);
        Assert.Equal(Minute, bar.Bar.TimeframeNs);
        Assert.Equal(DerivedFlags.None, bar.Header.Flags);
        Assert.Equal(closing.Header.Sequence, bar.Header.SourceSequence);
        Assert.Equal(closing.Header.ReceiveTimeNs, bar.Header.SourceReceiveTimeNs);
        Assert.Equal(BtcUsdt, bar.Header.Instrument);
        Assert.Equal(2, bar.Header.PriceDecimals);
    }

    [Fact]
    public void Cumulative_volume_deltas_reset_at_the_next_session_and_daily_bars_follow_india_time()
    {
        BarAggregator bars = Create(out DerivedEventBuffer sink, BarTimeframe.Minutes(1), BarTimeframe.Day());
        long day1 = July3Utc + (9 * Hour) + (59 * Minute); // 15:29 IST on 3 July
        long day2 = July3Utc + (24 * Hour) + (3 * Hour) + (45 * Minute); // 09:15 IST on 4 July
        Feed(
            bars,
            Ticker(Reliance, day1, 250000, 1000), // first cumulative value: baseline only
            Ticker(Reliance, day1 + (10 * Second), 250000, 1010), // +10
            Ticker(Reliance, day1 + (20 * Second), 250100, 1010), // +0: price only
            Ticker(Reliance, day1 + (30 * Second), 249900, 1025), // +15
            Ticker(Reliance, day2, 251000, 5), // went down: new session, +5
            Ticker(Reliance, day2 + (5 * Second), 251500, 12), // +7
            Clock(day2 + (2 * Minute)));
        Flush(bars);

        List<DerivedEvent> minute = Emitted(sink, 0);
        List<DerivedEvent> daily = Emitted(sink, 1);
        Assert.Equal(2, minute.Count);
        Assert.Equal(2, daily.Count);

        AssertOhlc(minute[0], 250000, 250100, 249900, 249900);
        Assert.Equal(25, minute[0].Bar.Volume);
        Assert.Equal(2, minute[0].Bar.TradeCount);
        Assert.Equal((Int128)6_248_500, minute[0].Bar.Turnover); // 250000*10 + 249900*15
        Assert.Equal(249940, minute[0].Bar.Vwap);

        AssertOhlc(minute[1], 251000, 251500, 251000, 251500);
        Assert.Equal(12, minute[1].Bar.Volume);
        Assert.Equal(2, minute[1].Bar.TradeCount);
        Assert.Equal((Int128)3_015_500, minute[1].Bar.Turnover); // 251000*5 + 251500*7
        Assert.Equal(251292, minute[1].Bar.Vwap); // 251291.67
        Assert.Equal(DerivedFlags.VolumeReset | DerivedFlags.ClosedByClock, minute[1].Header.Flags);

        // Daily bars run from IST midnight (18:30 UTC the day before).
        Assert.Equal(July3Utc - (5 * Hour) - (30 * Minute), daily[0].Bar.StartTimeNs);
        Assert.Equal(July3Utc + (18 * Hour) + (30 * Minute), daily[0].Bar.EndTimeNs);
        Assert.Equal(25, daily[0].Bar.Volume);
        Assert.Equal(DerivedFlags.None, daily[0].Header.Flags);
        Assert.Equal(daily[0].Bar.EndTimeNs, daily[1].Bar.StartTimeNs);
        Assert.Equal(12, daily[1].Bar.Volume);
        Assert.Equal(DerivedFlags.VolumeReset | DerivedFlags.Partial, daily[1].Header.Flags);
        Assert.Equal(1, bars.VolumeResets);
    }

    [Fact]
    public void Daily_bars_split_at_ist_midnight_for_indian_instruments_and_at_utc_midnight_for_crypto()
    {
        BarAggregator bars = Create(out DerivedEventBuffer sink, BarTimeframe.Day());
        long beforeIstMidnight = July3Utc + (18 * Hour) + (29 * Minute) + (59 * Second);
        long istMidnight = July3Utc + (18 * Hour) + (30 * Minute);
        Feed(
            bars,
            Ticker(Reliance, beforeIstMidnight, 100, 0),
            Trade(BtcUsdt, beforeIstMidnight, 100, 1),
            Ticker(Reliance, istMidnight, 101, 0),
            Trade(BtcUsdt, istMidnight, 101, 1));
        Flush(bars);

        List<DerivedEvent> reliance = Emitted(sink, instrument: Reliance);
        Assert.Equal(2, reliance.Count);
        Assert.Equal(istMidnight, reliance[0].Bar.EndTimeNs);
        Assert.Equal(istMidnight, reliance[1].Bar.StartTimeNs);

        DerivedEvent btc = Assert.Single(Emitted(sink, instrument: BtcUsdt));
        Assert.Equal(July3Utc, btc.Bar.StartTimeNs);
        Assert.Equal(July3Utc + (24 * Hour), btc.Bar.EndTimeNs);
        AssertOhlc(btc, 100, 101, 100, 101);
    }

    [Fact]
    public void Quiet_instrument_bar_closes_on_a_clock_event_after_the_grace_delay()
    {
        BarAggregator bars = Create(out DerivedEventBuffer sink, new BarOptions { Timeframes = [BarTimeframe.Minutes(1)], ClockCloseDelay = TimeSpan.FromSeconds(2) });
        Feed(bars, Trade(BtcUsdt, T + (5 * Second), 10000, 1), Clock(T + (61 * Second)));
        Assert.Equal(0, sink.Count);

        MarketEvent clock = Clock(T + (62 * Second));
        Feed(bars, clock);
        DerivedEvent bar = Assert.Single(Emitted(sink));
        Assert.Equal(DerivedFlags.ClosedByClock, bar.Header.Flags);
        Assert.Equal(clock.Header.Sequence, bar.Header.SourceSequence);
        Assert.Equal(clock.Header.ExchangeTimeNs, bar.Header.SourceExchangeTimeNs);
        Assert.Equal(BtcUsdt, bar.Header.Instrument);

        // A trade stamped inside the closed interval is now older than anything open.
        Feed(bars, Trade(BtcUsdt, T + (59 * Second), 10100, 1));
        Assert.Equal(1, bars.OlderTicks);
        Assert.Equal(1, bars.DroppedOlderTicks);
        Assert.Equal(1, sink.Count);
    }

    [Fact]
    public void Flat_bars_are_a_per_timeframe_option()
    {
        BarAggregator bars = Create(out DerivedEventBuffer sink, BarTimeframe.Minutes(1, emitFlatBars: true), BarTimeframe.Minutes(5));
        Feed(bars, Trade(BtcUsdt, T + (5 * Second), 10000, 1), Clock(T + (3 * Minute)));

        // The clock closes the real bar and the two quiet minutes after it; the 5m bar is not due.
        List<DerivedEvent> minute = Emitted(sink, 0);
        Assert.Equal(3, minute.Count);
        Assert.Empty(Emitted(sink, 1));

        Feed(bars, Trade(BtcUsdt, T + (5 * Minute) + (10 * Second), 10500, 2));
        minute = Emitted(sink, 0);
        Assert.Equal(5, minute.Count);
        Assert.Equal(DerivedFlags.ClosedByClock, minute[0].Header.Flags);
        for (int i = 1; i < 5; i++)
        {
            Assert.Equal(T + (i * Minute), minute[i].Bar.StartTimeNs);
            Assert.Equal(T + ((i + 1) * Minute), minute[i].Bar.EndTimeNs);
            AssertOhlc(minute[i], 10000, 10000, 10000, 10000);
            Assert.Equal(0, minute[i].Bar.Volume);
            Assert.Equal(0, minute[i].Bar.TradeCount);
            Assert.True((minute[i].Header.Flags & DerivedFlags.Flat) != 0);
        }

        DerivedEvent fiveMinute = Assert.Single(Emitted(sink, 1));
        AssertOhlc(fiveMinute, 10000, 10000, 10000, 10000);
        Assert.Equal(1, fiveMinute.Bar.Volume);
        Assert.Equal(4, bars.FlatBarsEmitted);
    }

    [Fact]
    public void Late_trade_inside_the_open_bar_updates_it_by_exchange_time()
    {
        BarAggregator bars = Create(out DerivedEventBuffer sink, BarTimeframe.Minutes(1));
        Feed(
            bars,
            Trade(BtcUsdt, T + (30 * Second), 10100, 1),
            Trade(BtcUsdt, T + (50 * Second), 10200, 1),
            Trade(BtcUsdt, T + (50 * Second), 10300, 1), // same stamp, arrived later: becomes the close
            Trade(BtcUsdt, T + (10 * Second), 9900, 1)); // late: earliest stamp, becomes the open
        Flush(bars);

        DerivedEvent bar = Assert.Single(Emitted(sink));
        AssertOhlc(bar, 9900, 10300, 9900, 10300);
        Assert.Equal(4, bar.Bar.Volume);
        Assert.Equal(1, bars.LateTicks);
        Assert.Equal(0, bars.OlderTicks);
    }

    [Fact]
    public void Older_trade_is_dropped_and_counted_by_default()
    {
        BarAggregator bars = Create(out DerivedEventBuffer sink, BarTimeframe.Minutes(1));
        Feed(
            bars,
            Trade(BtcUsdt, T + (10 * Second), 10000, 1),
            Trade(BtcUsdt, T + (70 * Second), 10100, 1),
            Trade(BtcUsdt, T + (20 * Second), 15000, 5));
        Flush(bars);

        List<DerivedEvent> list = Emitted(sink);
        Assert.Equal(2, list.Count);
        AssertOhlc(list[0], 10000, 10000, 10000, 10000);
        Assert.Equal(1, list[0].Bar.Volume);
        AssertOhlc(list[1], 10100, 10100, 10100, 10100);
        Assert.Equal(1, bars.LateTicks);
        Assert.Equal(1, bars.OlderTicks);
        Assert.Equal(1, bars.DroppedOlderTicks);
    }

    [Fact]
    public void Older_trade_revises_the_last_closed_bar_when_configured()
    {
        BarAggregator bars = Create(out DerivedEventBuffer sink, new BarOptions
        {
            Timeframes = [BarTimeframe.Minutes(1)],
            ClockCloseDelay = TimeSpan.Zero,
            LateTradePolicy = LateTradePolicy.ReviseLastClosed,
        });
        MarketEvent late = Trade(BtcUsdt, T + (20 * Second), 15000, 5);
        Feed(
            bars,
            Trade(BtcUsdt, T + (10 * Second), 10000, 1),
            Trade(BtcUsdt, T + (70 * Second), 10100, 1),
            late,
            Trade(BtcUsdt, T - (30 * Second), 9000, 1)); // before the last closed bar: dropped

        List<DerivedEvent> list = Emitted(sink);
        Assert.Equal(2, list.Count);
        DerivedEvent revised = list[1];
        Assert.Equal(T, revised.Bar.StartTimeNs);
        AssertOhlc(revised, 10000, 15000, 10000, 15000);
        Assert.Equal(6, revised.Bar.Volume);
        Assert.Equal(2, revised.Bar.TradeCount);
        Assert.Equal((Int128)85_000, revised.Bar.Turnover);
        Assert.Equal(DerivedFlags.Revised, revised.Header.Flags);
        Assert.Equal(late.Header.Sequence, revised.Header.SourceSequence);
        Assert.Equal(1, bars.BarsRevised);
        Assert.Equal(2, bars.OlderTicks);
        Assert.Equal(1, bars.DroppedOlderTicks);
    }

    [Fact]
    public void Bars_overlapping_a_disconnect_are_flagged_for_that_session_only()
    {
        BarAggregator bars = Create(out DerivedEventBuffer sink, BarTimeframe.Minutes(1));
        Feed(
            bars,
            Control(ControlCode.Connected, FeedKind.Binance, 1, T - (10 * Second)), // first connect: not a gap
            Trade(BtcUsdt, T + (5 * Second), 10000, 1, session: 1),
            Trade(EthUsdt, T + (5 * Second), 300000, 1, session: 2),
            Control(ControlCode.Disconnected, FeedKind.Binance, 1, T + (20 * Second)),
            Control(ControlCode.Connected, FeedKind.Binance, 1, T + (130 * Second)),
            Trade(BtcUsdt, T + (135 * Second), 10100, 1, session: 1),
            Trade(BtcUsdt, T + (185 * Second), 10200, 1, session: 1),
            Trade(EthUsdt, T + (185 * Second), 301000, 1, session: 2));
        Flush(bars);

        List<DerivedEvent> btc = Emitted(sink, instrument: BtcUsdt);
        Assert.Equal(3, btc.Count);
        Assert.Equal(DerivedFlags.GapAffected, btc[0].Header.Flags); // open when the feed dropped
        Assert.Equal(T + (2 * Minute), btc[1].Bar.StartTimeNs);
        Assert.Equal(DerivedFlags.GapAffected, btc[1].Header.Flags); // started before the reconnect
        Assert.Equal(DerivedFlags.Partial, btc[2].Header.Flags); // entirely after the gap

        List<DerivedEvent> eth = Emitted(sink, instrument: EthUsdt);
        Assert.Equal(2, eth.Count);
        Assert.Equal(DerivedFlags.None, eth[0].Header.Flags);
        Assert.Equal(1, bars.GapsObserved);
    }

    [Fact]
    public void Session_zero_and_engine_stop_gaps_cover_every_session()
    {
        BarAggregator bars = Create(out DerivedEventBuffer sink, BarTimeframe.Minutes(1));
        Feed(
            bars,
            Trade(BtcUsdt, T + (5 * Second), 10000, 1, session: 1),
            Trade(EthUsdt, T + (5 * Second), 300000, 1, session: 2),
            Ticker(Reliance, T + (5 * Second), 250000, 10),
            Control(ControlCode.StaleFeed, FeedKind.Binance, 0, T + (10 * Second)),
            Trade(BtcUsdt, T + (65 * Second), 10000, 1, session: 1),
            Trade(EthUsdt, T + (65 * Second), 300000, 1, session: 2),
            Ticker(Reliance, T + (65 * Second), 250000, 20));
        Assert.Equal(DerivedFlags.GapAffected, Emitted(sink, instrument: BtcUsdt)[0].Header.Flags);
        Assert.Equal(DerivedFlags.GapAffected, Emitted(sink, instrument: EthUsdt)[0].Header.Flags);
        Assert.Equal(DerivedFlags.None, Emitted(sink, instrument: Reliance)[0].Header.Flags);

        Feed(
            bars,
            Control(ControlCode.EngineStop, FeedKind.None, 0, T + (70 * Second)),
            Control(ControlCode.EngineStart, FeedKind.None, 0, T + (10 * Minute)),
            Ticker(Reliance, T + (10 * Minute) + Second, 250000, 30));
        Assert.Equal(DerivedFlags.GapAffected, Emitted(sink, instrument: Reliance)[1].Header.Flags);
    }

    [Fact]
    public void Index_ticks_build_price_only_bars()
    {
        BarAggregator bars = Create(out DerivedEventBuffer sink, BarTimeframe.Minutes(1));
        Feed(bars, IndexValue(Nifty, T + Second, 2_400_000), IndexValue(Nifty, T + (2 * Second), 2_401_050), IndexValue(Nifty, T + (3 * Second), 2_399_900));
        Flush(bars);

        DerivedEvent bar = Assert.Single(Emitted(sink));
        AssertOhlc(bar, 2_400_000, 2_401_050, 2_399_900, 2_399_900);
        Assert.Equal(0, bar.Bar.Volume);
        Assert.Equal(0, bar.Bar.TradeCount);
        Assert.Equal(0, bar.Bar.Vwap);
        Assert.Equal(DerivedFlags.PriceOnly | DerivedFlags.Partial, bar.Header.Flags);
    }

    [Fact]
    public void Unpriced_tick_contributes_nothing_and_its_volume_lands_in_the_next_priced_tick()
    {
        BarAggregator bars = Create(out DerivedEventBuffer sink, BarTimeframe.Minutes(1));
        MarketEvent unpriced = Ticker(Reliance, T + (2 * Second), 0, 150);
        unpriced.Tick.Fields = TickFields.CumulativeVolume;
        Feed(bars, Ticker(Reliance, T + Second, 250000, 100), unpriced, Ticker(Reliance, T + (3 * Second), 250500, 160));
        Flush(bars);

        DerivedEvent bar = Assert.Single(Emitted(sink));
        AssertOhlc(bar, 250000, 250500, 250000, 250500);
        Assert.Equal(60, bar.Bar.Volume);
        Assert.Equal(1, bar.Bar.TradeCount);
        Assert.Equal(1, bars.UnpricedTicks);
    }

    [Fact]
    public void Bad_ticks_are_rejected_with_a_reason_and_change_nothing()
    {
        BarAggregator bars = Create(out DerivedEventBuffer sink, BarTimeframe.Minutes(1));
        Feed(
            bars,
            Trade(BtcUsdt, T + Second, 10000, 1),
            Trade(BtcUsdt, T + (2 * Second), 99999, -5),
            Trade(BtcUsdt, T + (3 * Second), 1, 1, priceDecimals: 8),
            Ticker(Reliance, T + Second, 250000, -1));
        Flush(bars);

        Assert.Equal(3, bars.RejectedTicks);
        Assert.Equal(2, bars.Rejections(RejectReason.NegativeQuantity));
        Assert.Equal(1, bars.Rejections(RejectReason.DecimalsChanged));
        DerivedEvent bar = Assert.Single(Emitted(sink));
        AssertOhlc(bar, 10000, 10000, 10000, 10000);
        Assert.Equal(1, bar.Bar.Volume);
    }

    [Fact]
    public void Intraday_bars_align_to_the_session_anchor_and_never_cross_local_midnight()
    {
        var options = new BarOptions
        {
            Timeframes = [BarTimeframe.Hours(1), BarTimeframe.Hours(4)],
            ClockCloseDelay = TimeSpan.Zero,
            SessionResolver = _ => TradingSession.India with { IntradayAnchor = new TimeSpan(9, 15, 0) },
        };
        BarAggregator bars = Create(out DerivedEventBuffer sink, options);
        long istMidnightJuly4 = July3Utc + (18 * Hour) + (30 * Minute);
        Feed(bars, Ticker(Reliance, July3Utc + (3 * Hour) + (50 * Minute), 100, 0)); // 09:20 IST
        Flush(bars);
        sink.Clear();
        Feed(bars, Ticker(Reliance, istMidnightJuly4 + (30 * Minute), 100, 0)); // 00:30 IST next day
        Flush(bars);

        List<DerivedEvent> hourly = Emitted(sink, 0);
        List<DerivedEvent> fourHour = Emitted(sink, 1);

        // 09:15-10:15 IST and 09:15-13:15 IST were flushed before; the next day's 00:30 tick:
        Assert.Equal(istMidnightJuly4 + (15 * Minute), hourly[^1].Bar.StartTimeNs); // 00:15 IST
        Assert.Equal(istMidnightJuly4, fourHour[^1].Bar.StartTimeNs); // 21:15 bucket clamped to midnight
        Assert.Equal(istMidnightJuly4 + Hour + (15 * Minute), fourHour[^1].Bar.EndTimeNs); // 01:15 IST
    }

    [Fact]
    public void Intraday_anchor_places_the_first_nse_bars_at_0915()
    {
        var options = new BarOptions
        {
            Timeframes = [BarTimeframe.Hours(1), BarTimeframe.Hours(4)],
            ClockCloseDelay = TimeSpan.Zero,
            SessionResolver = _ => TradingSession.India with { IntradayAnchor = new TimeSpan(9, 15, 0) },
        };
        BarAggregator bars = Create(out DerivedEventBuffer sink, options);
        Feed(bars, Ticker(Reliance, July3Utc + (3 * Hour) + (50 * Minute), 100, 0)); // 09:20 IST
        Flush(bars);

        long nine15Ist = July3Utc + (3 * Hour) + (45 * Minute);
        Assert.Equal(nine15Ist, Emitted(sink, 0)[0].Bar.StartTimeNs);
        Assert.Equal(nine15Ist + Hour, Emitted(sink, 0)[0].Bar.EndTimeNs);
        Assert.Equal(nine15Ist, Emitted(sink, 1)[0].Bar.StartTimeNs);
        Assert.Equal(nine15Ist + (4 * Hour), Emitted(sink, 1)[0].Bar.EndTimeNs);
    }

    [Fact]
    public void Defaults_are_the_seven_standard_timeframes_without_flat_bars()
    {
        var options = new BarOptions();
        Assert.Equal(
            [TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1), TimeSpan.FromHours(4), TimeSpan.FromDays(1)],
            options.Timeframes.Select(t => t.Span));
        Assert.All(options.Timeframes, t => Assert.False(t.EmitFlatBars));
        Assert.Equal(LateTradePolicy.Drop, options.LateTradePolicy);
        Assert.Equal(TradingSession.India, options.SessionResolver(Reliance));
        Assert.Equal(TradingSession.Utc, options.SessionResolver(BtcUsdt));
    }

    [Fact]
    public void Invalid_options_are_refused()
    {
        var sink = new DerivedEventBuffer();
        Assert.Throws<ArgumentException>(() => new BarAggregator(new BarOptions { Timeframes = [] }, sink));
        Assert.Throws<ArgumentException>(() => new BarAggregator(new BarOptions { Timeframes = [new BarTimeframe(TimeSpan.Zero)] }, sink));
        Assert.Throws<ArgumentException>(() => new BarAggregator(new BarOptions { Timeframes = [new BarTimeframe(TimeSpan.FromDays(2))] }, sink));
        Assert.Throws<ArgumentException>(() => new BarAggregator(new BarOptions { ClockCloseDelay = TimeSpan.FromSeconds(-1) }, sink));
    }

    [Fact]
    public void Handler_forwards_ring_events_and_exposes_counters()
    {
        var sink = new DerivedEventBuffer();
        var handler = new BarBuilderHandler(new BarOptions { Timeframes = [BarTimeframe.Minutes(1)], ClockCloseDelay = TimeSpan.Zero }, sink);
        handler.OnStart();
        handler.OnBatchStart(3);
        MarketEvent a = Trade(BtcUsdt, T + Second, 10000, 1);
        MarketEvent b = Trade(BtcUsdt, T + Minute + Second, 10100, 1);
        MarketEvent c = Trade(BtcUsdt, T + (2 * Second), 10100, 1);
        handler.OnEvent(ref a, 1, false);
        handler.OnEvent(ref b, 2, false);
        handler.OnEvent(ref c, 3, true);
        handler.OnBatchEnd(3);
        handler.OnTimeout(3);
        handler.OnShutdown();

        Assert.Equal(1, handler.BarsEmitted);
        Assert.Equal(1, handler.LateTrades);
        Assert.Equal(1, handler.OlderTrades);
        Assert.Equal(1, handler.DroppedTrades);
        Assert.Equal(1, sink.Count);
    }
}
