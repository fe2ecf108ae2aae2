using System.Buffers;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Core.Pricing;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Tests.Support;
using static LowLatencyFeed.Protocols.Tests.Kite.KiteTestData;

namespace LowLatencyFeed.Protocols.Tests.Kite;

/// <summary>Each packet kind decoded from bytes laid out by hand, with every expected value written out.</summary>
public sealed class KitePacketVectorTests
{
    private const TickFields QuoteFields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.AveragePrice
        | TickFields.CumulativeVolume | TickFields.TotalBuySell | TickFields.DayOhl | TickFields.Close;

    private const long MockExchangeTimeNs = 1_625_461_887_000_000_000; // 0x60E2947F s = 2021-07-05T10:41:27+05:30

    [Fact]
    public void Ltp_packet_gives_last_price_with_receive_time_as_exchange_time()
    {
        var protocol = NewProtocol();
        var sink = DecodeSpan(protocol, Frame(Ltp));

        Assert.Equal(1, sink.Count);
        ref readonly MarketEvent e = ref sink[0];
        Assert.Equal(EventKind.Tick, e.Header.Kind);
        Assert.Equal(FeedKind.Kite, e.Header.Feed);
        Assert.Equal(InstrumentId.From(FeedKind.Kite, 408065), e.Header.Instrument);
        Assert.Equal(2, e.Header.PriceDecimals);
        Assert.Equal(0, e.Header.QuantityDecimals);
        Assert.Equal(Session, e.Header.SessionId);
        Assert.Equal(EventFlags.ExchangeTimeFromReceive, e.Header.Flags);
        Assert.Equal(ReceiveTimeNs, e.Header.ExchangeTimeNs);
        Assert.Equal(ReceiveTimeNs, e.Header.ReceiveTimeNs);
        Assert.Equal(0, e.Header.Sequence);
        Assert.Equal(TickFields.LastPrice, e.Tick.Fields);
        Assert.Equal(157370, e.Tick.LastPrice);
        Assert.Equal(1573.70m, FixedPoint.ToDecimal(e.Tick.LastPrice, e.Header.PriceDecimals));
        Assert.Equal(0, e.Tick.Close);
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
        Assert.Equal(1, protocol.Diagnostics.Messages);
        Assert.Equal(1, protocol.Diagnostics.Events);
    }

    [Fact]
    public void Quote_packet_gives_every_quote_field_and_reads_quantities_unsigned()
    {
        var protocol = NewProtocol();
        var sink = DecodeSpan(protocol, Frame(Quote));

        Assert.Equal(1, sink.Count);
        ref readonly MarketEvent e = ref sink[0];
        Assert.Equal(EventKind.Tick, e.Header.Kind);
        Assert.Equal(InstrumentId.From(FeedKind.Kite, 884737), e.Header.Instrument);
        Assert.Equal(2, e.Header.PriceDecimals);
        Assert.Equal(EventFlags.ExchangeTimeFromReceive, e.Header.Flags);
        Assert.Equal(ReceiveTimeNs, e.Header.ExchangeTimeNs);
        Assert.Equal(QuoteFields, e.Tick.Fields);
        Assert.Equal(250050, e.Tick.LastPrice);
        Assert.Equal(25, e.Tick.LastQuantity);
        Assert.Equal(249875, e.Tick.AveragePrice);
        Assert.Equal(2_147_483_649L, e.Tick.CumulativeVolume);
        Assert.Equal(120000, e.Tick.TotalBuyQuantity);
        Assert.Equal(95000, e.Tick.TotalSellQuantity);
        Assert.Equal(248000, e.Tick.Open);
        Assert.Equal(251000, e.Tick.High);
        Assert.Equal(247500, e.Tick.Low);
        Assert.Equal(249000, e.Tick.Close);
        Assert.Equal(0, e.Tick.OpenInterest);
        Assert.Equal(0, e.Tick.LastTradeTimeNs);
        Assert.Equal(0, e.Tick.NetChange);
    }

    [Fact]
    public void Full_packet_of_the_kite_md_worked_example_decodes_to_its_published_values()
    {
        byte[] packet = Full;
        Assert.Equal(184, packet.Length);
        var protocol = NewProtocol();
        var sink = DecodeSpan(protocol, Frame(packet));

        Assert.Equal(2, sink.Count);
        ref readonly MarketEvent tick = ref sink[0];
        Assert.Equal(EventKind.Tick, tick.Header.Kind);
        Assert.Equal(FeedKind.Kite, tick.Header.Feed);
        Assert.Equal(InstrumentId.From(FeedKind.Kite, 408065), tick.Header.Instrument);
        Assert.Equal(2, tick.Header.PriceDecimals);
        Assert.Equal(EventFlags.None, tick.Header.Flags);
        Assert.Equal(MockExchangeTimeNs, tick.Header.ExchangeTimeNs);
        Assert.Equal(new DateTimeOffset(2021, 7, 5, 10, 41, 27, TimeSpan.FromHours(5.5)), Core.Time.UnixTime.ToDateTimeOffset(tick.Header.ExchangeTimeNs));
        Assert.Equal(ReceiveTimeNs, tick.Header.ReceiveTimeNs);
        Assert.Equal(QuoteFields | TickFields.OpenInterest | TickFields.LastTradeTime, tick.Tick.Fields);
        Assert.Equal(1573.70m, Price(tick, tick.Tick.LastPrice));
        Assert.Equal(7, tick.Tick.LastQuantity);
        Assert.Equal(1570.37m, Price(tick, tick.Tick.AveragePrice));
        Assert.Equal(1192471, tick.Tick.CumulativeVolume);
        Assert.Equal(256443, tick.Tick.TotalBuyQuantity);
        Assert.Equal(363009, tick.Tick.TotalSellQuantity);
        Assert.Equal(1569.15m, Price(tick, tick.Tick.Open));
        Assert.Equal(1575.00m, Price(tick, tick.Tick.High));
        Assert.Equal(1561.05m, Price(tick, tick.Tick.Low));
        Assert.Equal(1567.80m, Price(tick, tick.Tick.Close));
        Assert.Equal(MockExchangeTimeNs, tick.Tick.LastTradeTimeNs);
        Assert.Equal(0, tick.Tick.OpenInterest);
        Assert.Equal(0, tick.Tick.NetChange);

        // Derived change (Kite/README.md §8): 1573.70 - 1567.80 = 5.90, exact in fixed point.
        Assert.Equal(5.90m, Price(tick, tick.Tick.LastPrice - tick.Tick.Close));

        ref readonly MarketEvent depth = ref sink[1];
        Assert.Equal(EventKind.Depth, depth.Header.Kind);
        Assert.Equal(tick.Header.Instrument, depth.Header.Instrument);
        Assert.Equal(2, depth.Header.PriceDecimals);
        Assert.Equal(MockExchangeTimeNs, depth.Header.ExchangeTimeNs);
        Assert.Equal(ReceiveTimeNs, depth.Header.ReceiveTimeNs);
        Assert.Equal(Session, depth.Header.SessionId);
        Assert.Equal(DepthUpdateKind.Snapshot, depth.Depth.UpdateKind);
        Assert.Equal(5, depth.Depth.BidCount);
        Assert.Equal(5, depth.Depth.AskCount);
        Assert.Equal(-1, depth.Depth.SlabIndex);
        (long Qty, decimal Price, int Orders)[] expected =
        [
            (5, 1573.40m, 1), (140, 1573.00m, 2), (2, 1572.95m, 1), (219, 1572.90m, 7), (50, 1572.85m, 1),
            (172, 1573.70m, 3), (44, 1573.75m, 3), (302, 1573.85m, 3), (141, 1573.90m, 2), (724, 1573.95m, 5),
        ];
        for (int i = 0; i < expected.Length; i++)
        {
            DepthLevel level = depth.Depth.Levels[i];
            Assert.Equal(expected[i].Qty, level.Quantity);
            Assert.Equal(expected[i].Price, Price(depth, level.Price));
            Assert.Equal(expected[i].Orders, level.Orders);
        }

        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
        Assert.Equal(2, protocol.Diagnostics.Events);
    }

    [Fact]
    public void Index_quote_uses_ltp_high_low_open_close_order_and_a_signed_change()
    {
        var protocol = NewProtocol();
        var sink = DecodeSpan(protocol, Frame(IndexQuote));

        Assert.Equal(1, sink.Count);
        ref readonly MarketEvent e = ref sink[0];
        Assert.Equal(EventKind.Tick, e.Header.Kind);
        Assert.Equal(InstrumentId.From(FeedKind.Kite, 256265), e.Header.Instrument);
        Assert.Equal(2, e.Header.PriceDecimals);
        Assert.Equal(EventFlags.Index | EventFlags.ExchangeTimeFromReceive, e.Header.Flags);
        Assert.Equal(ReceiveTimeNs, e.Header.ExchangeTimeNs);
        Assert.Equal(TickFields.LastPrice | TickFields.DayOhl | TickFields.Close | TickFields.NetChange, e.Tick.Fields);
        Assert.Equal(24500.00m, Price(e, e.Tick.LastPrice));
        Assert.Equal(24615.75m, Price(e, e.Tick.High));
        Assert.Equal(24388.20m, Price(e, e.Tick.Low));
        Assert.Equal(24455.10m, Price(e, e.Tick.Open));
        Assert.Equal(24500.36m, Price(e, e.Tick.Close));
        Assert.Equal(-36, e.Tick.NetChange);
        Assert.Equal(-0.36m, Price(e, e.Tick.NetChange));
        Assert.Equal(0, e.Tick.LastQuantity);
        Assert.Equal(0, e.Tick.CumulativeVolume);
    }

    [Fact]
    public void Index_full_adds_the_exchange_timestamp()
    {
        var protocol = NewProtocol();
        var sink = DecodeSpan(protocol, Frame(IndexFull));

        Assert.Equal(1, sink.Count);
        ref readonly MarketEvent e = ref sink[0];
        Assert.Equal(EventFlags.Index, e.Header.Flags);
        Assert.Equal(MockExchangeTimeNs, e.Header.ExchangeTimeNs);
        Assert.Equal(TickFields.LastPrice | TickFields.DayOhl | TickFields.Close | TickFields.NetChange, e.Tick.Fields);
        Assert.Equal(2450000, e.Tick.LastPrice);
        Assert.Equal(2461575, e.Tick.High);
        Assert.Equal(2438820, e.Tick.Low);
        Assert.Equal(2445510, e.Tick.Open);
        Assert.Equal(2450036, e.Tick.Close);
        Assert.Equal(-36, e.Tick.NetChange);
    }

    [Fact]
    public void Ltp_packet_of_an_index_token_is_flagged_index()
    {
        var sink = DecodeSpan(NewProtocol(), Frame(Hex("0003E909 00256250")));

        Assert.Equal(EventFlags.Index | EventFlags.ExchangeTimeFromReceive, sink[0].Header.Flags);
        Assert.Equal(24500.00m, Price(sink[0], sink[0].Tick.LastPrice));
    }

    [Fact]
    public void Cds_segment_prices_have_seven_decimals()
    {
        var sink = DecodeSpan(NewProtocol(), Frame(CdsLtp));

        ref readonly MarketEvent e = ref sink[0];
        Assert.Equal(InstrumentId.From(FeedKind.Kite, 315907), e.Header.Instrument);
        Assert.Equal(7, e.Header.PriceDecimals);
        Assert.Equal(834512500, e.Tick.LastPrice);
        Assert.Equal(83.4512500m, Price(e, e.Tick.LastPrice));
    }

    [Fact]
    public void Bcd_segment_prices_have_four_decimals()
    {
        var sink = DecodeSpan(NewProtocol(), Frame(BcdLtp));

        ref readonly MarketEvent e = ref sink[0];
        Assert.Equal(InstrumentId.From(FeedKind.Kite, 1453574), e.Header.Instrument);
        Assert.Equal(4, e.Header.PriceDecimals);
        Assert.Equal(834525, e.Tick.LastPrice);
        Assert.Equal(83.4525m, Price(e, e.Tick.LastPrice));
    }

    [Fact]
    public void Several_packets_in_one_frame_decode_in_order()
    {
        var protocol = NewProtocol();
        var sink = DecodeSpan(protocol, Frame(Ltp, Quote, Full, IndexQuote, CdsLtp, IndexFull, BcdLtp));

        Assert.Equal(8, sink.Count);
        (EventKind Kind, long Token, long LastPrice)[] expected =
        [
            (EventKind.Tick, 408065, 157370),
            (EventKind.Tick, 884737, 250050),
            (EventKind.Tick, 408065, 157370),
            (EventKind.Depth, 408065, 0),
            (EventKind.Tick, 256265, 2450000),
            (EventKind.Tick, 315907, 834512500),
            (EventKind.Tick, 256265, 2450000),
            (EventKind.Tick, 1453574, 834525),
        ];
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Kind, sink[i].Header.Kind);
            Assert.Equal(expected[i].Token, sink[i].Header.Instrument.Token);
            if (expected[i].Kind == EventKind.Tick)
            {
                Assert.Equal(expected[i].LastPrice, sink[i].Tick.LastPrice);
            }
        }

        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
        Assert.Equal(1, protocol.Diagnostics.Messages);
        Assert.Equal(8, protocol.Diagnostics.Events);
    }

    [Fact]
    public void Empty_frame_with_count_zero_is_valid_and_produces_nothing()
    {
        var protocol = NewProtocol();
        var sink = DecodeSpan(protocol, Hex("0000"));

        Assert.Equal(0, sink.Count);
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
    }

    [Fact]
    public void Zero_exchange_timestamp_in_a_full_packet_falls_back_to_receive_time_and_zero_trade_time_is_absent()
    {
        byte[] packet = Full;
        packet.AsSpan(44, 4).Clear();
        packet.AsSpan(60, 4).Clear();
        var sink = DecodeSpan(NewProtocol(), Frame(packet));

        Assert.Equal(EventFlags.ExchangeTimeFromReceive, sink[0].Header.Flags);
        Assert.Equal(ReceiveTimeNs, sink[0].Header.ExchangeTimeNs);
        Assert.Equal(QuoteFields | TickFields.OpenInterest, sink[0].Tick.Fields);
        Assert.Equal(0, sink[0].Tick.LastTradeTimeNs);
        Assert.Equal(EventFlags.ExchangeTimeFromReceive, sink[1].Header.Flags);
        Assert.Equal(ReceiveTimeNs, sink[1].Header.ExchangeTimeNs);
    }

    [Fact]
    public void Protocol_works_through_the_feed_interface()
    {
        IFeedProtocol protocol = NewProtocol();
        var sink = new CollectingSink(4);

        int published = protocol.Decode(new ReadOnlySequence<byte>(Frame(Ltp, Full)), MessageKind.Binary, ReceiveTimeNs, ref sink);

        Assert.Equal(FeedKind.Kite, protocol.Feed);
        Assert.Equal(3, published);
        Assert.Equal(3, protocol.Diagnostics.Events);
    }

    private static decimal Price(in MarketEvent e, long mantissa) => FixedPoint.ToDecimal(mantissa, e.Header.PriceDecimals);
}
