using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Kotak;
using LowLatencyFeed.Protocols.Tests.Support;
using static LowLatencyFeed.Protocols.Tests.Kotak.KotakTestData;

namespace LowLatencyFeed.Protocols.Tests.Kotak;

/// <summary>SFeed binary packets built from Kotak/README.md §8 decode to hand-computed events.</summary>
public sealed class KotakPacketVectorTests
{
    private const long Trade = TradeSeconds * 1_000_000_000L;
    private const long Update = UpdateSeconds * 1_000_000_000L;

    [Fact]
    public void Touch_line_market_picture_gives_a_tick_and_a_quote()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(4);

        Assert.Equal(2, protocol.Decode(MarketPicture(4, 2885, 1, TouchBuy, TouchSell).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink));
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);

        ref readonly MarketEvent tick = ref sink[0];
        Assert.Equal(EventKind.Tick, tick.Header.Kind);
        Assert.Equal(FeedKind.Kotak, tick.Header.Feed);
        Assert.Equal(Reliance, tick.Header.Instrument);
        Assert.Equal(4, tick.Header.SessionId);
        Assert.Equal(2, tick.Header.PriceDecimals);
        Assert.Equal(EventFlags.None, tick.Header.Flags);
        Assert.Equal(Update, tick.Header.ExchangeTimeNs);
        Assert.Equal(ReceiveTimeNs, tick.Header.ReceiveTimeNs);
        Assert.Equal(285525, tick.Tick.LastPrice);      // 2855.25
        Assert.Equal(10, tick.Tick.LastQuantity);
        Assert.Equal(285010, tick.Tick.AveragePrice);   // 2850.10
        Assert.Equal(987654, tick.Tick.CumulativeVolume);
        Assert.Equal(1500, tick.Tick.TotalBuyQuantity);
        Assert.Equal(1700, tick.Tick.TotalSellQuantity);
        Assert.Equal(284550, tick.Tick.Open);
        Assert.Equal(286000, tick.Tick.High);
        Assert.Equal(284000, tick.Tick.Low);
        Assert.Equal(283000, tick.Tick.Close);
        Assert.Equal(0, tick.Tick.OpenInterest);
        Assert.Equal(2525, tick.Tick.NetChange);        // 25.25
        Assert.Equal(Trade, tick.Tick.LastTradeTimeNs);
        Assert.Equal(
            TickFields.LastPrice | TickFields.LastQuantity | TickFields.AveragePrice | TickFields.CumulativeVolume | TickFields.TotalBuySell
            | TickFields.DayOhl | TickFields.Close | TickFields.OpenInterest | TickFields.NetChange | TickFields.LastTradeTime,
            tick.Tick.Fields);

        ref readonly MarketEvent quote = ref sink[1];
        Assert.Equal(EventKind.Quote, quote.Header.Kind);
        Assert.Equal(Reliance, quote.Header.Instrument);
        Assert.Equal(Update, quote.Header.ExchangeTimeNs);
        Assert.Equal(285520, quote.Quote.BidPrice);
        Assert.Equal(40, quote.Quote.BidQuantity);
        Assert.Equal(3, quote.Quote.BidOrders);
        Assert.Equal(285530, quote.Quote.AskPrice);
        Assert.Equal(25, quote.Quote.AskQuantity);
        Assert.Equal(2, quote.Quote.AskOrders);
    }

    [Fact]
    public void Depth_level_gives_a_tick_and_an_inline_five_by_five_snapshot()
    {
        (long, int, int)[] buys = [(100, 1950000, 4), (200, 1949500, 7), (0, 0, 0), (150, 1948500, 2), (75, 1948000, 1)];
        (long, int, int)[] sells = [(50, 1950500, 1), (60, 1951000, 2), (70, 1951500, 3), (80, 1952000, 4), (90, 1952500, 5)];
        var protocol = NewProtocol();
        var sink = new CollectingSink(4);

        Assert.Equal(2, protocol.Decode(MarketPicture(8, 42149, 2, buys, sells).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink));

        Assert.Equal(NiftyFuture, sink[0].Header.Instrument);
        ref readonly MarketEvent depth = ref sink[1];
        Assert.Equal(EventKind.Depth, depth.Header.Kind);
        Assert.Equal(DepthUpdateKind.Snapshot, depth.Depth.UpdateKind);
        Assert.Equal(-1, depth.Depth.SlabIndex);
        Assert.Equal(4, depth.Depth.BidCount); // the empty (price 0) row is left out
        Assert.Equal(5, depth.Depth.AskCount);
        Assert.Equal(new DepthLevel(1950000, 100, 4), depth.Depth.Levels[0]);
        Assert.Equal(new DepthLevel(1948500, 150, 2), depth.Depth.Levels[2]);
        Assert.Equal(new DepthLevel(1948000, 75, 1), depth.Depth.Levels[3]);
        Assert.Equal(new DepthLevel(1950500, 50, 1), depth.Depth.Levels[4]);
        Assert.Equal(new DepthLevel(1952500, 90, 5), depth.Depth.Levels[8]);
    }

    [Fact]
    public void Full_depth_level_goes_to_a_slab_when_a_pool_is_given()
    {
        (long, int, int)[] buys = [.. Enumerable.Range(0, 20).Select(i => (10L + i, 1950000 - (i * 5), i + 1))];
        (long, int, int)[] sells = [.. Enumerable.Range(0, 20).Select(i => (20L + i, 1950005 + (i * 5), i + 2))];
        var pool = new DepthSlabPool(4, 200);
        var protocol = NewProtocol(pool);
        var sink = new CollectingSink(4);

        Assert.Equal(2, protocol.Decode(MarketPicture(16, 42149, 2, buys, sells).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink));

        ref readonly MarketEvent depth = ref sink[1];
        Assert.True(depth.Depth.SlabIndex >= 0);
        DepthLevel[] bids = pool.Bids(in depth.Depth).ToArray();
        DepthLevel[] asks = pool.Asks(in depth.Depth).ToArray();
        Assert.Equal(20, bids.Length);
        Assert.Equal(20, asks.Length);
        Assert.Equal(new DepthLevel(1950000, 10, 1), bids[0]);
        Assert.Equal(new DepthLevel(1949905, 29, 20), bids[19]);
        Assert.Equal(new DepthLevel(1950100, 39, 21), asks[19]);
        Assert.Equal(0, protocol.TruncatedDepth);
    }

    [Fact]
    public void Full_depth_without_a_pool_keeps_the_best_five_per_side_inline_and_counts_it()
    {
        (long, int, int)[] buys = [.. Enumerable.Range(0, 20).Select(i => (10L + i, 1950000 - (i * 5), i + 1))];
        (long, int, int)[] sells = [.. Enumerable.Range(0, 20).Select(i => (20L + i, 1950005 + (i * 5), i + 2))];
        var protocol = NewProtocol();
        var sink = new CollectingSink(4);

        protocol.Decode(MarketPicture(16, 42149, 2, buys, sells).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);

        Assert.Equal(-1, sink[1].Depth.SlabIndex);
        Assert.Equal(5, sink[1].Depth.BidCount);
        Assert.Equal(5, sink[1].Depth.AskCount);
        Assert.Equal(new DepthLevel(1950005, 20, 2), sink[1].Depth.Levels[5]);
        Assert.Equal(1, protocol.TruncatedDepth);
    }

    [Fact]
    public void Mini_touch_line_uses_the_cde_fo_divider_from_the_auth_response()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(2);
        protocol.Decode(AuthResponse(), MessageKind.Text, ReceiveTimeNs, ref sink);
        Assert.True(protocol.IsAuthenticated);
        Assert.Equal(10_000_000, protocol.Exchanges.Divider(3));

        Assert.Equal(1, protocol.Decode(MiniTouchLine().AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink));

        ref readonly MarketEvent e = ref sink[0];
        Assert.Equal(UsdInr, e.Header.Instrument);
        Assert.Equal(4, e.Header.PriceDecimals);
        Assert.Equal(832525, e.Tick.LastPrice);  // 83.2525
        Assert.Equal(5, e.Tick.LastQuantity);
        Assert.Equal(831000, e.Tick.Close);      // 83.1000
        Assert.Equal(1525, e.Tick.NetChange);    // 0.1525
        Assert.Equal(Trade, e.Tick.LastTradeTimeNs);
        Assert.Equal(Trade, e.Header.ExchangeTimeNs);
        Assert.Equal(TickFields.LastPrice | TickFields.LastQuantity | TickFields.Close | TickFields.NetChange | TickFields.LastTradeTime, e.Tick.Fields);
    }

    [Fact]
    public void Before_the_auth_response_the_default_divider_of_100_applies()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(2);
        protocol.Decode(MiniTouchLine().AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        Assert.Equal(83252500000, sink[0].Tick.LastPrice); // 832525000 / 100 at 4 decimals
    }

    [Fact]
    public void Index_packet_is_matched_by_name_and_flagged_as_index()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(2);
        Assert.Equal(1, protocol.Decode(Index(token: 99999, name: "Nifty 50").AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink));

        ref readonly MarketEvent e = ref sink[0];
        Assert.Equal(Nifty, e.Header.Instrument);
        Assert.Equal(EventFlags.Index, e.Header.Flags);
        Assert.Equal(2405040, e.Tick.LastPrice);  // 24050.40
        Assert.Equal(2401050, e.Tick.Open);
        Assert.Equal(2410025, e.Tick.High);
        Assert.Equal(2395075, e.Tick.Low);
        Assert.Equal(2399000, e.Tick.Close);
        Assert.Equal(Trade, e.Tick.LastTradeTimeNs);
        Assert.Equal(TickFields.LastPrice | TickFields.DayOhl | TickFields.Close | TickFields.LastTradeTime, e.Tick.Fields);
    }

    [Fact]
    public void Status_open_close_and_auction_packets_are_counted_without_events()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(2);
        byte[] cas = new byte[33];
        cas[0] = 33;
        cas[2] = 104;
        byte[] message = Concat(HeaderOnly(6511), MarketStatus(4, "NORML"), cas, HeaderOnly(6521));

        Assert.Equal(0, protocol.Decode(message.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink));
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
        Assert.Equal(1, protocol.MarketOpens);
        Assert.Equal(1, protocol.MarketCloses);
        Assert.Equal(1, protocol.AuctionPackets);
        Assert.Equal(1, protocol.MarketStatusPackets);
        Assert.Equal(4, protocol.LastMarketStatus);
    }

    [Fact]
    public void Packets_are_walked_end_to_end_in_one_frame()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(16);
        byte[] message = Concat(
            MarketPicture(4, 2885, 1, TouchBuy, TouchSell),
            HeaderOnly(6511),
            Index(),
            MarketPicture(2, 2885, 1, [], []),
            MiniTouchLine(),
            MarketPicture(8, 42149, 2, TouchBuy, TouchSell));

        Assert.Equal(7, protocol.Decode(message.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink));
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
        Assert.Equal([EventKind.Tick, EventKind.Quote, EventKind.Tick, EventKind.Tick, EventKind.Tick, EventKind.Tick, EventKind.Depth], sink.ToArray().Select(e => e.Header.Kind));
    }

    [Theory]
    [InlineData(1_719_984_600L, 1_719_984_600_000_000_000L)]
    [InlineData(1_719_984_600_123L, 1_719_984_600_123_000_000L)]
    [InlineData(1_719_984_600_123_456L, 1_719_984_600_123_456_000L)]
    [InlineData(1_719_984_600_123_456_789L, 1_719_984_600_123_456_789L)]
    [InlineData(0L, 0L)]
    [InlineData(-1L, 0L)]
    public void Time_unit_is_inferred_from_magnitude(long wire, long expectedNs)
    {
        Assert.Equal(expectedNs, KotakTime.ToUnixNanoseconds(wire));
    }
}
