using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Dhan;
using LowLatencyFeed.Protocols.Tests.Support;
using static LowLatencyFeed.Protocols.Tests.Dhan.DhanTestData;

namespace LowLatencyFeed.Protocols.Tests.Dhan;

/// <summary>Each main-feed packet type, built byte by byte from Dhan/README.md §4, decodes to hand-computed values.</summary>
public sealed class DhanPacketVectorTests
{
    private const long Ltt = 1_719_984_600L * 1_000_000_000L;

    [Fact]
    public void Worked_example_full_packet_decodes_to_every_documented_value()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(4);

        int published = protocol.Decode(Bytes(Full1333Hex).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);

        Assert.Equal(2, published);
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
        ref readonly MarketEvent tick = ref sink[0];
        Assert.Equal(EventKind.Tick, tick.Header.Kind);
        Assert.Equal(FeedKind.Dhan, tick.Header.Feed);
        Assert.Equal(Hdfc, tick.Header.Instrument);
        Assert.Equal(2, tick.Header.PriceDecimals);
        Assert.Equal(0, tick.Header.QuantityDecimals);
        Assert.Equal(3, tick.Header.SessionId);
        Assert.Equal(EventFlags.None, tick.Header.Flags);
        Assert.Equal(Ltt, tick.Header.ExchangeTimeNs);
        Assert.Equal(ReceiveTimeNs, tick.Header.ReceiveTimeNs);
        Assert.Equal(161225, tick.Tick.LastPrice);          // 1612.25
        Assert.Equal(25, tick.Tick.LastQuantity);
        Assert.Equal(Ltt, tick.Tick.LastTradeTimeNs);        // 2024-07-03 05:30:00 UTC
        Assert.Equal(160575, tick.Tick.AveragePrice);        // 1605.75
        Assert.Equal(4567890, tick.Tick.CumulativeVolume);
        Assert.Equal(812345, tick.Tick.TotalSellQuantity);
        Assert.Equal(765432, tick.Tick.TotalBuyQuantity);
        Assert.Equal(0, tick.Tick.OpenInterest);
        Assert.Equal(160100, tick.Tick.Open);                // 1601.0
        Assert.Equal(161550, tick.Tick.High);                // 1615.5
        Assert.Equal(159625, tick.Tick.Low);                 // 1596.25
        Assert.Equal(0, tick.Tick.Close);                    // day close is not the previous close: not mapped
        Assert.Equal(
            TickFields.LastPrice | TickFields.LastQuantity | TickFields.AveragePrice | TickFields.CumulativeVolume
            | TickFields.TotalBuySell | TickFields.DayOhl | TickFields.OpenInterest | TickFields.LastTradeTime,
            tick.Tick.Fields);

        ref readonly MarketEvent depth = ref sink[1];
        Assert.Equal(EventKind.Depth, depth.Header.Kind);
        Assert.Equal(Hdfc, depth.Header.Instrument);
        Assert.Equal(Ltt, depth.Header.ExchangeTimeNs);
        Assert.Equal(DepthUpdateKind.Snapshot, depth.Depth.UpdateKind);
        Assert.Equal(-1, depth.Depth.SlabIndex);
        Assert.Equal(5, depth.Depth.BidCount);
        Assert.Equal(5, depth.Depth.AskCount);
        DepthLevel[] expected =
        [
            Level(161200, 120, 3), Level(161175, 450, 7), Level(161150, 90, 2), Level(161125, 300, 5), Level(161100, 1000, 11),
            Level(161225, 75, 2), Level(161250, 200, 4), Level(161275, 640, 9), Level(161300, 55, 1), Level(161325, 980, 12),
        ];
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], depth.Depth.Levels[i]);
        }
    }

    [Fact]
    public void Ticker_packet_gives_last_price_and_trade_time()
    {
        MarketEvent e = DecodeOne(Ticker1333Hex);
        Assert.Equal(EventKind.Tick, e.Header.Kind);
        Assert.Equal(Hdfc, e.Header.Instrument);
        Assert.Equal(161225, e.Tick.LastPrice);
        Assert.Equal(Ltt, e.Tick.LastTradeTimeNs);
        Assert.Equal(Ltt, e.Header.ExchangeTimeNs);
        Assert.Equal(TickFields.LastPrice | TickFields.LastTradeTime, e.Tick.Fields);
        Assert.Equal(EventFlags.None, e.Header.Flags);
    }

    [Fact]
    public void Prev_close_packet_gives_the_close_and_takes_exchange_time_from_receive()
    {
        MarketEvent e = DecodeOne(PrevClose1333Hex);
        Assert.Equal(160100, e.Tick.Close);
        Assert.Equal(TickFields.Close, e.Tick.Fields);
        Assert.Equal(0, e.Tick.OpenInterest); // previous-day OI has no field
        Assert.Equal(EventFlags.ExchangeTimeFromReceive, e.Header.Flags);
        Assert.Equal(ReceiveTimeNs, e.Header.ExchangeTimeNs);
    }

    [Fact]
    public void Quote_packet_reads_sell_before_buy_and_open_close_high_low_order()
    {
        MarketEvent e = DecodeOne(Quote1333Hex);
        Assert.Equal(161225, e.Tick.LastPrice);
        Assert.Equal(25, e.Tick.LastQuantity);
        Assert.Equal(Ltt, e.Tick.LastTradeTimeNs);
        Assert.Equal(160575, e.Tick.AveragePrice);
        Assert.Equal(4567890, e.Tick.CumulativeVolume);
        Assert.Equal(812345, e.Tick.TotalSellQuantity);
        Assert.Equal(765432, e.Tick.TotalBuyQuantity);
        Assert.Equal(160100, e.Tick.Open);
        Assert.Equal(161550, e.Tick.High);
        Assert.Equal(159625, e.Tick.Low);
        Assert.Equal(
            TickFields.LastPrice | TickFields.LastQuantity | TickFields.AveragePrice | TickFields.CumulativeVolume
            | TickFields.TotalBuySell | TickFields.DayOhl | TickFields.LastTradeTime,
            e.Tick.Fields);
    }

    [Fact]
    public void Open_interest_packet_gives_open_interest_for_the_fno_instrument()
    {
        MarketEvent e = DecodeOne(OpenInterest42661Hex);
        Assert.Equal(NiftyFuture, e.Header.Instrument);
        Assert.Equal(123456, e.Tick.OpenInterest);
        Assert.Equal(TickFields.OpenInterest, e.Tick.Fields);
    }

    [Fact]
    public void Index_packet_of_16_bytes_decodes_as_ticker_layout_with_the_index_flag()
    {
        MarketEvent e = DecodeOne(Index13Hex);
        Assert.Equal(Nifty, e.Header.Instrument);
        Assert.Equal(2250075, e.Tick.LastPrice); // 22500.75
        Assert.Equal(Ltt, e.Tick.LastTradeTimeNs);
        Assert.Equal(EventFlags.Index, e.Header.Flags);
    }

    [Fact]
    public void Index_packet_of_another_length_is_counted_and_skipped_and_the_next_packet_still_decodes()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(4);
        byte[] odd = Bytes("01140000", "0d000000", "80c9af46", "d8e18466", "00000000"); // 20 bytes
        int published = protocol.Decode(Bytes(Convert.ToHexString(odd), Ticker1333Hex).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);

        Assert.Equal(1, published);
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.UnknownPacketLength));
        Assert.Equal(161225, sink[0].Tick.LastPrice);
    }

    [Fact]
    public void Disconnect_packet_becomes_a_server_disconnect_control_event_with_the_reason_code()
    {
        var logger = new CapturingLogger();
        var protocol = new DhanProtocol(new DhanFeedOptions { SessionId = 7 }, Subscriptions(), logger: logger);
        var sink = new CollectingSink(2);

        Assert.Equal(1, protocol.Decode(Bytes(Disconnect805Hex).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink));

        ref readonly MarketEvent e = ref sink[0];
        Assert.Equal(EventKind.Control, e.Header.Kind);
        Assert.Equal(FeedKind.Dhan, e.Header.Feed);
        Assert.Equal(7, e.Header.SessionId);
        Assert.Equal(ControlCode.ServerDisconnect, e.Control.Code);
        Assert.Equal(805, e.Control.Reason);
        Assert.Equal(805, protocol.LastDisconnectReason);
        Assert.Equal(1, protocol.Disconnects);
        Assert.Contains(logger.Entries, l => l.Message.Contains("805", StringComparison.Ordinal) && l.Message.Contains("more than 5 sockets", StringComparison.Ordinal));
    }

    [Fact]
    public void Reason_table_keeps_the_annexure_texts()
    {
        Assert.Equal("Access token expired", DhanDisconnectReasons.Describe(807));
        Assert.Equal("Authentication failed: client id or access token invalid", DhanDisconnectReasons.Describe(808));
        Assert.Equal("Access token invalid", DhanDisconnectReasons.Describe(809));
        Assert.Equal("Client ID invalid", DhanDisconnectReasons.Describe(810));
        Assert.True(DhanDisconnectReasons.IsKnown(814));
        Assert.False(DhanDisconnectReasons.IsKnown(801));
    }

    [Fact]
    public void Code_zero_and_market_status_publish_nothing_and_are_not_errors()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(2);
        int published = protocol.Decode(Bytes(HeartbeatHex, MarketStatusHex).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);

        Assert.Equal(0, published);
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
        Assert.Equal(1, protocol.Heartbeats);
        Assert.Equal(1, protocol.MarketStatusPackets);
    }

    [Fact]
    public void Several_packets_in_one_message_are_walked_by_their_header_lengths()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(16);
        byte[] message = Bytes(PrevClose1333Hex, Ticker1333Hex, HeartbeatHex, Quote1333Hex, OpenInterest42661Hex, Full1333Hex, Index13Hex, MarketStatusHex);

        int published = protocol.Decode(message.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);

        Assert.Equal(7, published);
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
        Assert.Equal(TickFields.Close, sink[0].Tick.Fields);
        Assert.Equal(TickFields.LastPrice | TickFields.LastTradeTime, sink[1].Tick.Fields);
        Assert.Equal(4567890, sink[2].Tick.CumulativeVolume);
        Assert.Equal(123456, sink[3].Tick.OpenInterest);
        Assert.Equal(EventKind.Depth, sink[5].Header.Kind);
        Assert.Equal(Nifty, sink[6].Header.Instrument);
        Assert.Equal(1, protocol.Diagnostics.Messages);
        Assert.Equal(7, protocol.Diagnostics.Events);
    }

    [Fact]
    public void Legacy_market_depth_packet_gives_ltp_and_five_levels()
    {
        // v1 code 3: LTP at 8, five records at 12 — reuse the worked example's records.
        byte[] full = Bytes(Full1333Hex);
        byte[] packet = new byte[112];
        Bytes("03700001", "35050000", "0088c944").CopyTo(packet, 0);
        full.AsSpan(62, 100).CopyTo(packet.AsSpan(12));
        var protocol = NewProtocol();
        var sink = new CollectingSink(2);

        Assert.Equal(2, protocol.Decode(packet.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink));
        Assert.Equal(161225, sink[0].Tick.LastPrice);
        Assert.Equal(Level(161200, 120, 3), sink[1].Depth.Levels[0]);
        Assert.Equal(Level(161325, 980, 12), sink[1].Depth.Levels[9]);
    }

    [Fact]
    public void Price_decimals_come_from_the_subscription()
    {
        var protocol = new DhanProtocol(subscriptions: [new Subscription(Hdfc, string.Empty, "NSE_EQ", SubscriptionMode.Ltp, 4, 0)]);
        var sink = new CollectingSink(1);
        protocol.Decode(Bytes(Ticker1333Hex).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        Assert.Equal(4, sink[0].Header.PriceDecimals);
        Assert.Equal(16122500, sink[0].Tick.LastPrice);
    }

    [Fact]
    public void Time_offset_option_shifts_wire_seconds()
    {
        var protocol = new DhanProtocol(new DhanFeedOptions { TimeOffsetSeconds = -19800 }, Subscriptions());
        var sink = new CollectingSink(1);
        protocol.Decode(Bytes(Ticker1333Hex).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        Assert.Equal((1_719_984_600L - 19_800L) * 1_000_000_000L, sink[0].Tick.LastTradeTimeNs);
    }

    private static MarketEvent DecodeOne(string hex)
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(2);
        Assert.Equal(1, protocol.Decode(Bytes(hex).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink));
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
        return sink[0];
    }
}
