using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Kotak;
using LowLatencyFeed.Protocols.Tests.Support;
using static LowLatencyFeed.Protocols.Tests.Kotak.HsmTestData;

namespace LowLatencyFeed.Protocols.Tests.Kotak;

/// <summary>SNAP and UPDATE records built from Kotak/README.md §4–§5 decode to hand-computed events, merged per topic.</summary>
public sealed class HsmRecordVectorTests
{
    private const long Trade = TradeSeconds * 1_000_000_000L;
    private const long Feed = FeedSeconds * 1_000_000_000L;

    private const TickFields AllScripFields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.AveragePrice | TickFields.CumulativeVolume
        | TickFields.TotalBuySell | TickFields.DayOhl | TickFields.Close | TickFields.OpenInterest | TickFields.LastTradeTime;

    [Fact]
    public void Scrip_snap_gives_a_tick_and_a_quote()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(4);

        Assert.Equal(2, protocol.Decode(Data(null, RelianceSnap()).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink));
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);

        ref readonly MarketEvent tick = ref sink[0];
        Assert.Equal(EventKind.Tick, tick.Header.Kind);
        Assert.Equal(FeedKind.Kotak, tick.Header.Feed);
        Assert.Equal(Reliance, tick.Header.Instrument);
        Assert.Equal(4, tick.Header.SessionId);
        Assert.Equal(2, tick.Header.PriceDecimals);
        Assert.Equal(EventFlags.None, tick.Header.Flags);
        Assert.Equal(Feed, tick.Header.ExchangeTimeNs);        // fdtm, not ltt
        Assert.Equal(ReceiveTimeNs, tick.Header.ReceiveTimeNs);
        Assert.Equal(285525, tick.Tick.LastPrice);             // 2855.25
        Assert.Equal(10, tick.Tick.LastQuantity);
        Assert.Equal(285010, tick.Tick.AveragePrice);
        Assert.Equal(987654, tick.Tick.CumulativeVolume);
        Assert.Equal(1500, tick.Tick.TotalBuyQuantity);
        Assert.Equal(1700, tick.Tick.TotalSellQuantity);
        Assert.Equal(284550, tick.Tick.Open);
        Assert.Equal(286000, tick.Tick.High);
        Assert.Equal(284000, tick.Tick.Low);
        Assert.Equal(283000, tick.Tick.Close);
        Assert.Equal(0, tick.Tick.OpenInterest);
        Assert.Equal(Trade, tick.Tick.LastTradeTimeNs);
        Assert.Equal(0, tick.Tick.NetChange);                  // HSM does not send it (the SDK computes it)
        Assert.Equal(AllScripFields, tick.Tick.Fields);

        ref readonly MarketEvent quote = ref sink[1];
        Assert.Equal(EventKind.Quote, quote.Header.Kind);
        Assert.Equal(Reliance, quote.Header.Instrument);
        Assert.Equal(Feed, quote.Header.ExchangeTimeNs);
        Assert.Equal(new QuotePayload { BidPrice = 285520, BidQuantity = 40, AskPrice = 285530, AskQuantity = 25 }, quote.Quote);

        Assert.Equal(1, protocol.State.TopicCount);
    }

    [Fact]
    public void Update_merges_into_the_snap_and_publishes_the_merged_view()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(8);
        protocol.Decode(Data(null, RelianceSnap()).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        sink.Clear();

        // Volume, LTP and ask price changed; the sentinel leaves LTQ (10), bid (2855.20 × 40) and the rest as they were.
        Assert.Equal(2, protocol.Decode(Data(null, RelianceUpdate()).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink));

        ref readonly MarketEvent tick = ref sink[0];
        Assert.Equal(Feed + 1_000_000_000L, tick.Header.ExchangeTimeNs);
        Assert.Equal(285550, tick.Tick.LastPrice);
        Assert.Equal(987664, tick.Tick.CumulativeVolume);
        Assert.Equal(10, tick.Tick.LastQuantity);
        Assert.Equal(285010, tick.Tick.AveragePrice);
        Assert.Equal(284550, tick.Tick.Open);
        Assert.Equal(283000, tick.Tick.Close);
        Assert.Equal(Trade, tick.Tick.LastTradeTimeNs);
        Assert.Equal(AllScripFields, tick.Tick.Fields);
        Assert.Equal(new QuotePayload { BidPrice = 285520, BidQuantity = 40, AskPrice = 285560, AskQuantity = 25 }, sink[1].Quote);

        // An update that only moves the bid quantity publishes the quote alone; one with only times publishes nothing.
        sink.Clear();
        Assert.Equal(1, protocol.Decode(Data(null, Update(RelianceTopic, No, No, No, No, No, No, No, No, No, No, No, 55)).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink));
        Assert.Equal(EventKind.Quote, sink[0].Header.Kind);
        Assert.Equal(new QuotePayload { BidPrice = 285520, BidQuantity = 55, AskPrice = 285560, AskQuantity = 25 }, sink[0].Quote);
        sink.Clear();
        Assert.Equal(0, protocol.Decode(Data(null, Update(RelianceTopic, TradeSeconds + 9, TradeSeconds + 9, FeedSeconds + 9)).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink));
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
    }

    [Fact]
    public void A_snap_without_some_fields_flags_only_what_is_known_until_updates_fill_it_in()
    {
        int[] partial = RelianceValues();
        partial[14] = No;  // low
        partial[6] = No;   // LTQ
        partial[8] = No;   // total sell
        partial[3] = No;   // LTT
        partial[2] = No;   // feed time
        var protocol = NewProtocol();
        var sink = new CollectingSink(8);
        protocol.Decode(Data(null, Snap(RelianceTopic, "sf|nse_cm|2885", partial)).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);

        ref readonly MarketEvent first = ref sink[0];
        Assert.Equal(TickFields.LastPrice | TickFields.AveragePrice | TickFields.CumulativeVolume | TickFields.Close | TickFields.OpenInterest, first.Tick.Fields);
        Assert.Equal(0, first.Tick.High);          // part of an incomplete group: not published
        Assert.Equal(0, first.Tick.TotalBuyQuantity);
        Assert.Equal(EventFlags.ExchangeTimeFromReceive, first.Header.Flags);
        Assert.Equal(ReceiveTimeNs, first.Header.ExchangeTimeNs);

        sink.Clear();
        protocol.Decode(Data(null, Update(RelianceTopic, No, No, No, TradeSeconds, No, No, 7, No, 1800, No, No, No, No, No, 283900)).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        ref readonly MarketEvent merged = ref sink[0];
        Assert.Equal(AllScripFields, merged.Tick.Fields);
        Assert.Equal(7, merged.Tick.LastQuantity);
        Assert.Equal((1500, 1700 + 100), (merged.Tick.TotalBuyQuantity, merged.Tick.TotalSellQuantity));
        Assert.Equal((284550, 286000, 283900), (merged.Tick.Open, merged.Tick.High, merged.Tick.Low));
        Assert.Equal(Trade, merged.Header.ExchangeTimeNs); // no feed time yet: the trade time stands in
    }

    [Fact]
    public void Index_snap_gives_an_index_tick()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(2);
        Assert.Equal(1, protocol.Decode(Data(null, NiftySnap()).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink));

        ref readonly MarketEvent e = ref sink[0];
        Assert.Equal(Nifty, e.Header.Instrument);
        Assert.Equal(EventFlags.Index, e.Header.Flags);
        Assert.Equal(Trade, e.Header.ExchangeTimeNs);
        Assert.Equal(2405040, e.Tick.LastPrice);   // 24050.40
        Assert.Equal(2401050, e.Tick.Open);
        Assert.Equal(2410025, e.Tick.High);
        Assert.Equal(2395075, e.Tick.Low);
        Assert.Equal(2399000, e.Tick.Close);
        Assert.Equal(TickFields.LastPrice | TickFields.DayOhl | TickFields.Close, e.Tick.Fields);
    }

    [Fact]
    public void Depth_snap_gives_a_five_by_five_snapshot_and_updates_move_single_levels()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(4);
        Assert.Equal(1, protocol.Decode(Data(null, DepthSnap()).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink));

        ref readonly MarketEvent depth = ref sink[0];
        Assert.Equal(EventKind.Depth, depth.Header.Kind);
        Assert.Equal(NiftyFuture, depth.Header.Instrument);
        Assert.Equal(EventFlags.ExchangeTimeFromReceive, depth.Header.Flags); // depth topics carry no time
        Assert.Equal(DepthUpdateKind.Snapshot, depth.Depth.UpdateKind);
        Assert.Equal(-1, depth.Depth.SlabIndex);
        Assert.Equal(4, depth.Depth.BidCount);   // the level with price 0 is left out
        Assert.Equal(5, depth.Depth.AskCount);
        Assert.Equal(new DepthLevel(1950000, 100, 4), depth.Depth.Levels[0]);
        Assert.Equal(new DepthLevel(1949500, 200, 7), depth.Depth.Levels[1]);
        Assert.Equal(new DepthLevel(1948500, 150, 2), depth.Depth.Levels[2]);
        Assert.Equal(new DepthLevel(1948000, 75, 1), depth.Depth.Levels[3]);
        Assert.Equal(new DepthLevel(1950500, 50, 1), depth.Depth.Levels[4]);
        Assert.Equal(new DepthLevel(1952500, 90, 5), depth.Depth.Levels[8]);

        // Fill the empty third bid (price id 4, quantity id 14, orders id 24): 19490.00 × 120 in 3 orders.
        int[] update = [.. Enumerable.Repeat(No, 25)];
        update[4] = 1949000;
        update[14] = 120;
        update[24] = 3;
        sink.Clear();
        Assert.Equal(1, protocol.Decode(Data(null, Update(FutureDepthTopic, update)).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink));
        Assert.Equal(5, sink[0].Depth.BidCount);
        Assert.Equal(new DepthLevel(1949000, 120, 3), sink[0].Depth.Levels[2]);
        Assert.Equal(new DepthLevel(1948500, 150, 2), sink[0].Depth.Levels[3]);
        Assert.Equal(new DepthLevel(1950500, 50, 1), sink[0].Depth.Levels[5]);
    }

    [Fact]
    public void Float_fields_are_scaled_exactly_by_multiplier_and_precision()
    {
        // USDINR is configured with 4 decimals. Multiplier 100, precision 2: 832525 / (100 × 10^2) = 83.2525.
        // Multiplier 4, precision 2: 33301 / (4 × 10^2) = 83.2525 as well, exactly (10^4 is a multiple of 400).
        var protocol = NewProtocol();
        var sink = new CollectingSink(8);
        protocol.Decode(Data(null, Snap(UsdInrTopic, "sf|cde_fo|1234", ScripWith(832525, 832500, 100, 2))).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        protocol.Decode(Data(null, Snap(UsdInrTopic + 1, "sf|cde_fo|1234", ScripWith(33301, 33300, 4, 2))).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);

        Assert.Equal(4, sink[0].Header.PriceDecimals);
        Assert.Equal(832525, sink[0].Tick.LastPrice);
        Assert.Equal(832500, sink[1].Quote.BidPrice);
        Assert.Equal(832525, sink[2].Tick.LastPrice);
        Assert.Equal(832500, sink[3].Quote.BidPrice);   // 33300 / 400 = 83.25
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);

        // A later precision change re-scales the cached values: 832525 at precision 3 with multiplier 100 = 8.32525 → 8.3253 (half away from zero).
        sink.Clear();
        protocol.Decode(Data(null, Update(UsdInrTopic, [.. Enumerable.Repeat(No, 24), 3])).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        Assert.Equal(83253, sink[0].Tick.LastPrice);
        Assert.Equal(83250, sink[1].Quote.BidPrice);
    }

    [Fact]
    public void Unknown_topics_when_published_take_their_decimals_from_the_precision()
    {
        var protocol = NewProtocol(publishUnknown: true);
        var sink = new CollectingSink(8);
        protocol.Decode(Data(null, Snap(7001, "sf|nse_cm|7777", ScripWith(285525, 285500, 1, 2)), Snap(7002, "sf|bse_cm|500325", ScripWith(33301, 33300, 4, 2)), Snap(7003, "if|bse_cm|SENSEX", [No, No, 7250012, 7240000, TradeSeconds, No, No, No, 1, 3])).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);

        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
        Assert.Equal(5, sink.Count);
        Assert.Equal(7777, sink[0].Header.Instrument.Token);
        Assert.Equal(2, sink[0].Header.PriceDecimals);
        Assert.Equal(285525, sink[0].Tick.LastPrice);
        Assert.Equal(500325, sink[2].Header.Instrument.Token);
        Assert.Equal(4, sink[2].Header.PriceDecimals);  // precision 2 + the 2 digits multiplier 4 needs
        Assert.Equal(832525, sink[2].Tick.LastPrice);
        Assert.Equal(7003, sink[4].Header.Instrument.Token); // an index named, not numbered: its topic id
        Assert.Equal(3, sink[4].Header.PriceDecimals);
        Assert.Equal(7250012, sink[4].Tick.LastPrice);  // 7250.012
        Assert.Equal(TickFields.LastPrice | TickFields.Close, sink[4].Tick.Fields);
    }

    [Fact]
    public void Configured_decimals_below_the_wire_precision_round_and_log_once()
    {
        var logger = new CapturingLogger();
        var protocol = NewProtocol(logger: logger);
        var sink = new CollectingSink(8);

        // Reliance is configured with 2 decimals; precision 4 sends 2855.2551 → 2855.26 (half away from zero).
        protocol.Decode(Data(null, Snap(RelianceTopic, "sf|nse_cm|2885", ScripWith(28552551, 28552500, 1, 4)), Snap(RelianceTopic + 1, "sf|nse_cm|2885", ScripWith(28552549, 28552500, 1, 4))).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);

        Assert.Equal(285526, sink[0].Tick.LastPrice);
        Assert.Equal(285525, sink[2].Tick.LastPrice);
        Assert.Single(logger.Entries, e => e.Message.Contains("rounded", StringComparison.Ordinal));
    }

    [Fact]
    public void Connect_response_sets_the_ack_interval_and_clears_the_topic_cache()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(8);
        protocol.Decode(Data(null, RelianceSnap(), NiftySnap()).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        Assert.Equal(2, protocol.State.TopicCount);

        Assert.Equal(0, protocol.Decode(ConnectResponse('K', 3).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink));
        Assert.True(protocol.IsConnected);
        Assert.Equal(3, protocol.State.AckInterval);
        Assert.Equal(0, protocol.State.TopicCount);
        Assert.Equal(1, protocol.Accepted(KotakHsmMessageType.Connect));

        // Topic ids of the previous connection are gone: an UPDATE before its SNAP is out of sequence.
        sink.Clear();
        Assert.Equal(0, protocol.Decode(Data(1, RelianceUpdate()).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink));
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.Sequencing));

        // A connect response without field 2 asks for no ACKs: frames carry no message number.
        protocol.Decode(ConnectResponse('K').AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        Assert.Equal(0, protocol.State.AckInterval);
        Assert.Equal(2, protocol.Decode(Data(null, RelianceSnap()).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink));
    }

    [Fact]
    public void Rejected_connect_is_a_server_disconnect_event_and_rejected_requests_are_counted()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(4);
        Assert.Equal(1, protocol.Decode(ConnectResponse('N').AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink));
        Assert.False(protocol.IsConnected);
        ref readonly MarketEvent e = ref sink[0];
        Assert.Equal(EventKind.Control, e.Header.Kind);
        Assert.Equal(ControlCode.ServerDisconnect, e.Control.Code);
        Assert.Equal(11001, e.Control.Reason);
        Assert.Equal(4, e.Header.SessionId);
        Assert.Equal(1, protocol.Rejected(KotakHsmMessageType.Connect));

        foreach (byte[] status in new[] { Status(4, 'K'), Status(4, 'K'), Status(4, 'N'), Status(5, 'K'), Status(5, 'N'), Status(7, 'K'), Status(8, 'N'), Status(9, 'K') })
        {
            Assert.Equal(0, protocol.Decode(status.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink));
        }

        Assert.Equal(2, protocol.Accepted(KotakHsmMessageType.Subscribe));
        Assert.Equal(1, protocol.Rejected(KotakHsmMessageType.Subscribe));
        Assert.Equal(1, protocol.Accepted(KotakHsmMessageType.Unsubscribe));
        Assert.Equal(1, protocol.Rejected(KotakHsmMessageType.Unsubscribe));
        Assert.Equal(1, protocol.Accepted(KotakHsmMessageType.ChannelPause));
        Assert.Equal(1, protocol.Rejected(KotakHsmMessageType.ChannelResume));
        Assert.Equal(1, protocol.Accepted(KotakHsmMessageType.Snapshot));

        // Throttling (2), ACK (3) and option-chain (10) responses are counted only.
        protocol.Decode(Status(2, 'K').AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        protocol.Decode(Status(3, 'K').AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        protocol.Decode(Status(10, 'K').AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        Assert.Equal(3, protocol.OtherResponses);
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
        Assert.Equal(1, sink.Count);
    }

    [Fact]
    public void Records_of_every_kind_stream_in_one_frame()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(8);
        byte[] frame = Data(null, NiftySnap(), RelianceSnap(), DepthSnap(), RelianceUpdate());

        Assert.Equal(6, protocol.Decode(frame.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink));
        Assert.Equal(
            [EventKind.Tick, EventKind.Tick, EventKind.Quote, EventKind.Depth, EventKind.Tick, EventKind.Quote],
            sink.ToArray().Select(e => e.Header.Kind));
        Assert.Equal(3, protocol.State.TopicCount);
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
    }

    /// <summary>Reliance scrip values with LTP <paramref name="lastPrice"/>, every other price <paramref name="otherPrices"/>, and the given scale.</summary>
    private static int[] ScripWith(int lastPrice, int otherPrices, int multiplier, int precision)
    {
        int[] v = RelianceValues();
        foreach (int price in new[] { 9, 10, 13, 14, 15, 16, 17, 18, 19, 20, 21 })
        {
            v[price] = otherPrices;
        }

        v[5] = lastPrice;
        v[23] = multiplier;
        v[24] = precision;
        return v;
    }
}
