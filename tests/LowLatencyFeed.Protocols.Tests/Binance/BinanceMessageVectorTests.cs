using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Binance;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Tests.Support;
using static LowLatencyFeed.Protocols.Tests.Binance.BinanceTestData;

namespace LowLatencyFeed.Protocols.Tests.Binance;

/// <summary>Each Binance payload decoded into the event it must produce, values written out by hand.</summary>
public sealed class BinanceMessageVectorTests
{
    [Fact]
    public void BookTicker_sample_becomes_a_quote_with_update_id_and_receive_time()
    {
        var protocol = Create();
        var sink = new CollectingSink(8);

        Assert.Equal(1, Decode(protocol, BookTicker, ref sink));

        ref readonly MarketEvent e = ref sink[0];
        Assert.Equal(EventKind.Quote, e.Header.Kind);
        Assert.Equal(FeedKind.Binance, e.Header.Feed);
        Assert.Equal(BnbUsdt, e.Header.Instrument);
        Assert.Equal(4, e.Header.PriceDecimals);
        Assert.Equal(8, e.Header.QuantityDecimals);
        Assert.Equal(253519, e.Quote.BidPrice);           // 25.3519
        Assert.Equal(3_121_000_000, e.Quote.BidQuantity);  // 31.21
        Assert.Equal(253652, e.Quote.AskPrice);           // 25.3652
        Assert.Equal(4_066_000_000, e.Quote.AskQuantity);  // 40.66
        Assert.Equal(400900217, e.Quote.UpdateId);
        Assert.Equal(ReceiveTime, e.Header.ReceiveTimeNs);
        Assert.Equal(ReceiveTime, e.Header.ExchangeTimeNs);
        Assert.Equal(EventFlags.ExchangeTimeFromReceive, e.Header.Flags);
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
    }

    [Fact]
    public void Trade_becomes_a_trade_tick_timed_by_trade_time()
    {
        var protocol = Create();
        var sink = new CollectingSink(8);

        Assert.Equal(1, Decode(protocol, Trade, ref sink));

        ref readonly MarketEvent e = ref sink[0];
        Assert.Equal(EventKind.Tick, e.Header.Kind);
        Assert.Equal(BnbBtc, e.Header.Instrument);
        Assert.Equal(100_000, e.Tick.LastPrice);               // 0.001 at 8 decimals
        Assert.Equal(10_000_000_000, e.Tick.LastQuantity);     // 100 at 8 decimals
        Assert.Equal(12345, e.Tick.TradeId);
        Assert.Equal(1_672_515_782_134_000_000, e.Header.ExchangeTimeNs); // T, not E
        Assert.Equal(1_672_515_782_134_000_000, e.Tick.LastTradeTimeNs);
        Assert.Equal(ReceiveTime, e.Header.ReceiveTimeNs);
        Assert.Equal(EventFlags.SellerAggressor, e.Header.Flags);    // m = true: buyer is maker
        Assert.Equal(
            TickFields.IsTrade | TickFields.LastPrice | TickFields.LastQuantity | TickFields.TradeId | TickFields.LastTradeTime,
            e.Tick.Fields);
    }

    [Fact]
    public void Legacy_trade_with_order_ids_b_and_a_is_tolerated()
    {
        var protocol = Create();
        var sink = new CollectingSink(8);

        Assert.Equal(1, Decode(protocol, LegacyTrade, ref sink));

        ref readonly MarketEvent e = ref sink[0];
        Assert.Equal(12345, e.Tick.TradeId);                 // t, not the seller order id a = 50
        Assert.Equal(100_000, e.Tick.LastPrice);
        Assert.Equal(123_456_785_000_000, e.Header.ExchangeTimeNs);
        Assert.Equal(EventFlags.None, e.Header.Flags);        // m = false: buyer was the aggressor
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
    }

    [Fact]
    public void AggTrade_uses_the_aggregate_id_as_trade_id()
    {
        var protocol = Create();
        var sink = new CollectingSink(8);

        Assert.Equal(1, Decode(protocol, AggTrade, ref sink));

        ref readonly MarketEvent e = ref sink[0];
        Assert.Equal(12345, e.Tick.TradeId);
        Assert.Equal(100_000, e.Tick.LastPrice);
        Assert.Equal(10_000_000_000, e.Tick.LastQuantity);
        Assert.Equal(1_672_515_782_136_000_000, e.Header.ExchangeTimeNs);
        Assert.True(e.Tick.Fields.HasFlag(TickFields.IsTrade | TickFields.TradeId));
        Assert.Equal(EventFlags.SellerAggressor, e.Header.Flags);
    }

    [Fact]
    public void Unsynchronized_depth_update_is_one_diff_with_its_update_ids()
    {
        var protocol = Create(new BinanceProtocolOptions { SynchronizeBooks = false });
        var sink = new CollectingSink(8);

        Assert.Equal(1, Decode(protocol, Section6Diff, ref sink));

        ref readonly MarketEvent e = ref sink[0];
        Assert.Equal(EventKind.Depth, e.Header.Kind);
        Assert.Equal(BtcUsdt, e.Header.Instrument);
        Assert.Equal(DepthUpdateKind.Diff, e.Depth.UpdateKind);
        Assert.Equal(-1, e.Depth.SlabIndex);
        Assert.Equal(1_622_370_862_564_000_000, e.Header.ExchangeTimeNs);
        var (bids, asks) = Levels(e);
        Assert.Equal([new DepthLevel(3574398, 0, 0), new DepthLevel(3574387, 1500, 0)], bids);
        Assert.Equal([new DepthLevel(3574388, 24_000_000, 0), new DepthLevel(3574397, 0, 0)], asks);
        Assert.Equal(new BinanceDepthUpdateIds(11294093710, 11294093726, 0, true), Ids(e));
    }

    [Fact]
    public void Partial_depth_in_a_combined_stream_takes_its_symbol_from_the_stream_name()
    {
        var protocol = Create();
        var sink = new CollectingSink(8);

        Assert.Equal(1, Decode(protocol, Combined("bnbbtc@depth20@100ms", PartialDepth), ref sink));

        ref readonly MarketEvent e = ref sink[0];
        Assert.Equal(BnbBtc, e.Header.Instrument);
        Assert.Equal(DepthUpdateKind.Snapshot, e.Depth.UpdateKind);
        var (bids, asks) = Levels(e);
        Assert.Equal([new DepthLevel(240_000, 1_000_000_000, 0)], bids);      // 0.0024 / 10
        Assert.Equal([new DepthLevel(260_000, 10_000_000_000, 0)], asks);     // 0.0026 / 100
        Assert.Equal(new BinanceDepthUpdateIds(160, 160, 0, true), Ids(e));
        Assert.Equal(EventFlags.ExchangeTimeFromReceive, e.Header.Flags);
    }

    [Fact]
    public void Raw_partial_depth_without_symbol_uses_the_connection_single_symbol()
    {
        var protocol = Create(null, BnbBtcDepth20);
        var sink = new CollectingSink(8);

        Assert.Equal(1, Decode(protocol, PartialDepth, ref sink));
        Assert.Equal(BnbBtc, sink[0].Header.Instrument);
        Assert.Equal(240_000, sink[0].Depth.Levels[0].Price);
    }

    [Fact]
    public void Raw_partial_depth_without_symbol_on_a_multi_symbol_connection_is_an_unknown_instrument()
    {
        var protocol = Create();
        var sink = new CollectingSink(8);

        Assert.Equal(0, Decode(protocol, PartialDepth, ref sink));
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.UnknownInstrument));
    }

    [Fact]
    public void Combined_wrapper_gives_the_same_events_as_the_raw_payload()
    {
        foreach ((string stream, string data) in new[]
        {
            ("bnbusdt@bookTicker", BookTicker),
            ("bnbbtc@trade", Trade),
            ("bnbbtc@aggTrade", AggTrade),
        })
        {
            var raw = new CollectingSink(4);
            var wrapped = new CollectingSink(4);
            Decode(Create(), data, ref raw);
            Decode(Create(), Combined(stream, data), ref wrapped);
            AssertSameEvents(raw.ToArray(), wrapped.ToArray());
        }
    }

    [Fact]
    public void Wrapper_with_data_before_stream_still_resolves_the_symbol_from_the_stream()
    {
        var protocol = Create();
        var sink = new CollectingSink(4);

        Assert.Equal(1, Decode(protocol, "{\"data\":" + PartialDepth + ",\"stream\":\"bnbbtc@depth5\"}", ref sink));
        Assert.Equal(BnbBtc, sink[0].Header.Instrument);
        Assert.Equal(240_000, sink[0].Depth.Levels[0].Price);
    }

    [Fact]
    public void Keys_in_any_order_decode_the_same()
    {
        var protocol = Create();
        var ordered = new CollectingSink(4);
        var shuffled = new CollectingSink(4);

        Decode(protocol, BookTicker, ref ordered);
        Decode(protocol, """{"A":"40.66000000","a":"25.36520000","B":"31.21000000","b":"25.35190000","s":"BNBUSDT","u":400900217}""", ref shuffled);

        AssertSameEvents(ordered.ToArray(), shuffled.ToArray());
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
    }

    [Fact]
    public void Unknown_keys_and_nested_values_are_ignored()
    {
        var protocol = Create();
        var sink = new CollectingSink(4);

        string json = """{"e":"trade","x":{"deep":[1,2,{"z":null}]},"E":1,"s":"BNBBTC","t":7,"p":"0.001","q":"1","T":2,"m":false,"M":true,"extra":"yes"}""";
        Assert.Equal(1, Decode(protocol, json, ref sink));
        Assert.Equal(7, sink[0].Tick.TradeId);
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
    }

    [Fact]
    public void Microsecond_time_unit_scales_times_by_a_thousand()
    {
        var protocol = Create(new BinanceProtocolOptions { TimeUnit = BinanceTimeUnit.Microsecond });
        var sink = new CollectingSink(4);

        Decode(protocol, """{"e":"trade","E":1672515782136001,"s":"BNBBTC","t":1,"p":"1","q":"1","T":1672515782136000,"m":false}""", ref sink);

        Assert.Equal(1_672_515_782_136_000_000, sink[0].Header.ExchangeTimeNs);
    }

    [Fact]
    public void Escaped_strings_are_unescaped_before_parsing()
    {
        var protocol = Create();
        var sink = new CollectingSink(4);

        // "\u0032" is '2': the price reads 25.3519 once unescaped; the symbol is escaped too.
        Decode(protocol, """{"u":1,"s":"BNB\u0055SDT","b":"\u00325.35190000","B":"1","a":"25.3652","A":"1"}""", ref sink);

        Assert.Equal(1, sink.Count);
        Assert.Equal(253519, sink[0].Quote.BidPrice);
    }
}
