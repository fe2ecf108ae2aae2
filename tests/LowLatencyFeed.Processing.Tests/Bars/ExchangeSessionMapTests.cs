using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Derived;
using static LowLatencyFeed.Processing.Tests.Bars.BarTestKit;
using static LowLatencyFeed.Processing.Tests.Events;

namespace LowLatencyFeed.Processing.Tests.Bars;

/// <summary>Bar anchors chosen per instrument by its exchange segment, not per feed (IST = UTC+05:30).</summary>
public sealed class ExchangeSessionMapTests
{
    private static readonly InstrumentId s_infy = InstrumentId.From(FeedKind.Kite, 408065);       // NSE equity, opens 09:15 IST
    private static readonly InstrumentId s_crudeOil = InstrumentId.From(FeedKind.Kite, 5633287);  // MCX future (Kite segment byte 7), opens 09:00 IST

    [Fact]
    public void An_mcx_and_an_nse_instrument_on_the_same_kite_feed_get_their_own_segments_hourly_bars()
    {
        var map = new ExchangeSessionMap([new(s_infy, "NSE"), new(s_crudeOil, "MCX")]);
        var options = new BarOptions
        {
            Timeframes = [BarTimeframe.Hours(1), BarTimeframe.Hours(4)],
            ClockCloseDelay = TimeSpan.Zero,
            SessionResolver = map.Resolve,
        };
        BarAggregator bars = Create(out DerivedEventBuffer sink, options);
        Feed(
            bars,
            Trade(s_crudeOil, July3Utc + (3 * Hour) + (35 * Minute), 600000, 1),  // 09:05 IST
            Trade(s_infy, July3Utc + (3 * Hour) + (50 * Minute), 157000, 1),      // 09:20 IST
            Trade(s_crudeOil, July3Utc + (17 * Hour) + (40 * Minute), 601000, 1)); // 23:10 IST, MCX's evening
        Flush(bars);

        // Worked by hand. MCX: 09:00–10:00 IST = 03:30–04:30 UTC; 23:00–24:00 IST = 17:30–18:30 UTC; 4-hour bars from
        // 09:00 IST (03:30 UTC) and 21:00 IST (15:30 UTC), the last cut at IST midnight (18:30 UTC).
        List<DerivedEvent> crudeHourly = Emitted(sink, 0, s_crudeOil);
        Assert.Equal(2, crudeHourly.Count);
        Assert.Equal((July3Utc + (3 * Hour) + (30 * Minute), July3Utc + (4 * Hour) + (30 * Minute)), (crudeHourly[0].Bar.StartTimeNs, crudeHourly[0].Bar.EndTimeNs));
        Assert.Equal((July3Utc + (17 * Hour) + (30 * Minute), July3Utc + (18 * Hour) + (30 * Minute)), (crudeHourly[1].Bar.StartTimeNs, crudeHourly[1].Bar.EndTimeNs));
        List<DerivedEvent> crudeFourHour = Emitted(sink, 1, s_crudeOil);
        Assert.Equal((July3Utc + (3 * Hour) + (30 * Minute), July3Utc + (7 * Hour) + (30 * Minute)), (crudeFourHour[0].Bar.StartTimeNs, crudeFourHour[0].Bar.EndTimeNs));
        Assert.Equal((July3Utc + (15 * Hour) + (30 * Minute), July3Utc + (18 * Hour) + (30 * Minute)), (crudeFourHour[1].Bar.StartTimeNs, crudeFourHour[1].Bar.EndTimeNs));

        // NSE on the same feed: 09:15–10:15 IST = 03:45–04:45 UTC; 4 hours 09:15–13:15 IST = 03:45–07:45 UTC.
        DerivedEvent infyHourly = Assert.Single(Emitted(sink, 0, s_infy));
        Assert.Equal((July3Utc + (3 * Hour) + (45 * Minute), July3Utc + (4 * Hour) + (45 * Minute)), (infyHourly.Bar.StartTimeNs, infyHourly.Bar.EndTimeNs));
        DerivedEvent infyFourHour = Assert.Single(Emitted(sink, 1, s_infy));
        Assert.Equal((July3Utc + (3 * Hour) + (45 * Minute), July3Utc + (7 * Hour) + (45 * Minute)), (infyFourHour.Bar.StartTimeNs, infyFourHour.Bar.EndTimeNs));
    }

    [Fact]
    public void Exchanges_map_to_their_open_and_unknown_or_ambiguous_tokens_keep_the_feeds_default()
    {
        Assert.Equal(new TimeSpan(9, 15, 0), TradingSession.ForExchange("nse")!.IntradayAnchor);
        Assert.Equal(new TimeSpan(9, 15, 0), TradingSession.ForExchange("BFO")!.IntradayAnchor);
        Assert.Equal(new TimeSpan(9, 0, 0), TradingSession.ForExchange("MCX")!.IntradayAnchor);
        Assert.Equal(new TimeSpan(9, 0, 0), TradingSession.ForExchange("CDS")!.IntradayAnchor);
        Assert.Equal(new TimeSpan(9, 0, 0), TradingSession.ForExchange("BCD")!.IntradayAnchor);
        Assert.Equal(TradingSession.Utc, TradingSession.ForExchange("BINANCE"));
        Assert.Null(TradingSession.ForExchange("NYSE"));
        Assert.Equal(TradingSession.India.TimeZone, TradingSession.IndiaFromNine.TimeZone);

        InstrumentId usdInr = InstrumentId.From(FeedKind.Dhan, 10093);
        InstrumentId shared = InstrumentId.From(FeedKind.Dhan, 500);
        var map = new ExchangeSessionMap([new(s_infy, "NSE"), new(s_crudeOil, "MCX"), new(usdInr, "CDS"), new(shared, "BSE"), new(shared, "MCX"), new(InstrumentId.From(FeedKind.Kite, 1), "NYSE")]);
        Assert.Equal(2, map.Count); // only instruments away from their feed's 09:15 default are kept
        Assert.Equal(1, map.Ambiguous);
        Assert.Equal(TradingSession.IndiaFromNine, map.Resolve(s_crudeOil));
        Assert.Equal(TradingSession.IndiaFromNine, map.Resolve(usdInr));
        Assert.Equal(TradingSession.India, map.Resolve(s_infy));
        Assert.Equal(TradingSession.India, map.Resolve(shared));
        Assert.Equal(TradingSession.India, map.Resolve(InstrumentId.From(FeedKind.Kotak, 99)));
        Assert.Equal(TradingSession.Utc, map.Resolve(BtcUsdt));
    }
}
