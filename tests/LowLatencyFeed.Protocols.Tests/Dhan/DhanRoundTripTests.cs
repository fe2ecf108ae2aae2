using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Dhan;
using LowLatencyFeed.Protocols.Tests.Support;
using static LowLatencyFeed.Protocols.Tests.Dhan.DhanTestData;

namespace LowLatencyFeed.Protocols.Tests.Dhan;

/// <summary>Encoder → parser round trips with seeded random values, and every way of splitting a message into segments.</summary>
public sealed class DhanRoundTripTests
{
    private const ushort Session = 3;

    [Fact]
    public void Random_full_packets_round_trip_to_the_same_tick_and_depth()
    {
        var random = new Random(20240703);
        var protocol = NewProtocol(session: Session);
        byte[] buffer = new byte[DhanPacketLayout.FullLength];
        for (int n = 0; n < 500; n++)
        {
            MarketEvent tick = RandomTick(random, Hdfc);
            DepthLevel[] bids = RandomSide(random, tick.Tick.LastPrice, -5);
            DepthLevel[] asks = RandomSide(random, tick.Tick.LastPrice, 5);
            DhanEncoder.WriteFull(buffer, DhanExchangeSegment.NseEq, 1333, in tick, bids, asks);

            var sink = new CollectingSink(2);
            Assert.Equal(2, protocol.Decode(buffer.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink));

            MarketEvent expectedTick = Expected(in tick, EventKind.Tick);
            expectedTick.Tick.Fields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.AveragePrice | TickFields.CumulativeVolume
                | TickFields.TotalBuySell | TickFields.DayOhl | TickFields.OpenInterest | TickFields.LastTradeTime;
            expectedTick.Tick.Close = 0;
            EventAssert.Equal(expectedTick, sink[0], $"packet {n}");

            MarketEvent expectedDepth = Expected(in tick, EventKind.Depth);
            expectedDepth.Depth = new DepthPayload { UpdateKind = DepthUpdateKind.Snapshot, BidCount = 5, AskCount = 5, SlabIndex = -1 };
            for (int i = 0; i < 5; i++)
            {
                expectedDepth.Depth.Levels[i] = bids[i];
                expectedDepth.Depth.Levels[5 + i] = asks[i];
            }

            EventAssert.Equal(expectedDepth, sink[1], $"packet {n}");
        }

        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
    }

    [Fact]
    public void Random_ticker_quote_oi_and_prev_close_round_trip()
    {
        var random = new Random(7);
        var protocol = NewProtocol(session: Session);
        byte[] buffer = new byte[64];
        for (int n = 0; n < 300; n++)
        {
            MarketEvent tick = RandomTick(random, Hdfc);
            var sink = new CollectingSink(4);

            int length = DhanEncoder.WriteTicker(buffer, DhanExchangeSegment.NseEq, 1333, in tick);
            protocol.Decode(buffer.AsSpan(0, length), MessageKind.Binary, ReceiveTimeNs, ref sink);
            MarketEvent ticker = Expected(in tick, EventKind.Tick);
            ticker.Tick = new TickPayload { LastPrice = tick.Tick.LastPrice, LastTradeTimeNs = tick.Tick.LastTradeTimeNs, Fields = TickFields.LastPrice | TickFields.LastTradeTime };
            EventAssert.Equal(ticker, sink[0], "ticker");

            length = DhanEncoder.WriteQuote(buffer, DhanExchangeSegment.NseEq, 1333, in tick);
            protocol.Decode(buffer.AsSpan(0, length), MessageKind.Binary, ReceiveTimeNs, ref sink);
            MarketEvent quote = Expected(in tick, EventKind.Tick);
            quote.Tick.OpenInterest = 0;
            quote.Tick.Close = 0;
            quote.Tick.Fields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.AveragePrice | TickFields.CumulativeVolume
                | TickFields.TotalBuySell | TickFields.DayOhl | TickFields.LastTradeTime;
            EventAssert.Equal(quote, sink[1], "quote");

            length = DhanEncoder.WriteOpenInterest(buffer, DhanExchangeSegment.NseEq, 1333, in tick);
            protocol.Decode(buffer.AsSpan(0, length), MessageKind.Binary, ReceiveTimeNs, ref sink);
            Assert.Equal(tick.Tick.OpenInterest, sink[2].Tick.OpenInterest);
            Assert.Equal(TickFields.OpenInterest, sink[2].Tick.Fields);

            length = DhanEncoder.WritePrevClose(buffer, DhanExchangeSegment.NseEq, 1333, in tick);
            protocol.Decode(buffer.AsSpan(0, length), MessageKind.Binary, ReceiveTimeNs, ref sink);
            Assert.Equal(tick.Tick.Close, sink[3].Tick.Close);
        }

        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
    }

    [Fact]
    public void Worked_example_re_encodes_to_the_same_bytes()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(2);
        byte[] original = Bytes(Full1333Hex);
        protocol.Decode(original.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        var pool = new DepthSlabPool(1, 10);

        byte[] encoded = new byte[DhanPacketLayout.FullLength];
        DhanEncoder.WriteFull(encoded, DhanExchangeSegment.NseEq, 1333, in sink[0], pool.Bids(in sink[1].Depth), pool.Asks(in sink[1].Depth));

        Assert.Equal(Convert.ToHexString(original), Convert.ToHexString(encoded));
    }

    [Fact]
    public void A_mixed_message_split_at_every_byte_position_decodes_identically()
    {
        byte[] message = MixedMessage();
        MarketEvent[] expected = DecodeSpan(message);
        Assert.Equal(10, expected.Length);

        for (int cut = 0; cut <= message.Length; cut++)
        {
            MarketEvent[] actual = DecodeSequence(SegmentedSequence.Split(message, cut));
            EventAssert.SequenceEqual(expected, actual, $"cut at {cut}");
        }
    }

    [Fact]
    public void A_mixed_message_in_small_chunks_and_three_way_splits_decodes_identically()
    {
        byte[] message = MixedMessage();
        MarketEvent[] expected = DecodeSpan(message);
        for (int size = 1; size <= 9; size++)
        {
            EventAssert.SequenceEqual(expected, DecodeSequence(SegmentedSequence.Chunked(message, size)), $"chunks of {size}");
        }

        for (int a = 0; a < message.Length; a += 7)
        {
            for (int b = a; b <= message.Length; b += 11)
            {
                EventAssert.SequenceEqual(expected, DecodeSequence(SegmentedSequence.Split(message, a, b)), $"cuts {a},{b}");
            }
        }
    }

    [Fact]
    public void Depth_side_split_at_every_byte_position_decodes_identically()
    {
        var pool = new DepthSlabPool(4, 200);
        var protocol = DhanDepthTestData.NewDepth(SubscriptionMode.Depth20, pool);
        byte[] bid = new byte[DhanDepthLayout.Side20Length];
        byte[] ask = new byte[DhanDepthLayout.Side20Length];
        DepthLevel[] bids = [.. Enumerable.Range(0, 20).Select(i => Level(161200 - (i * 5), 10 + i, 1 + i))];
        DepthLevel[] asks = [.. Enumerable.Range(0, 20).Select(i => Level(161205 + (i * 5), 20 + i, 2 + i))];
        DhanDepthEncoder.WriteSide20(bid, true, DhanExchangeSegment.NseEq, 1333, bids, 2, 9);
        DhanDepthEncoder.WriteSide20(ask, false, DhanExchangeSegment.NseEq, 1333, asks, 2, 10);
        byte[] message = [.. bid, .. ask];

        for (int cut = 0; cut <= message.Length; cut++)
        {
            var sink = new CollectingSink(2);
            Assert.Equal(2, protocol.Decode(SegmentedSequence.Split(message, cut), MessageKind.Binary, ReceiveTimeNs, ref sink));
            Assert.Equal(bids, pool.Bids(in sink[0].Depth).ToArray());
            Assert.Equal(asks, pool.Asks(in sink[1].Depth).ToArray());
        }

        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
    }

    [Fact]
    public void Two_hundred_level_sides_round_trip_in_any_row_order()
    {
        var random = new Random(200);
        var pool = new DepthSlabPool(4, 200);
        var protocol = DhanDepthTestData.NewDepth(SubscriptionMode.Depth200, pool);
        byte[] buffer = new byte[DhanDepthEncoder.Side200Length(200)];
        for (int n = 0; n < 50; n++)
        {
            int rows = random.Next(0, 201);
            DepthLevel[] sorted = [.. Enumerable.Range(0, rows).Select(i => Level(500000 - (i * 5), random.Next(1, 100000), random.Next(1, 500)))];
            DepthLevel[] shuffled = [.. sorted];
            random.Shuffle(shuffled);
            int length = DhanDepthEncoder.WriteSide200(buffer, true, DhanExchangeSegment.NseEq, 1333, shuffled, 2);

            var sink = new CollectingSink(1);
            Assert.Equal(1, protocol.Decode(buffer.AsSpan(0, length), MessageKind.Binary, ReceiveTimeNs, ref sink));
            Assert.Equal(sorted, pool.Bids(in sink[0].Depth).ToArray());
        }
    }

    private static byte[] MixedMessage() =>
        Bytes(PrevClose1333Hex, Ticker1333Hex, Full1333Hex, HeartbeatHex, Quote1333Hex, OpenInterest42661Hex, Index13Hex, MarketStatusHex, Full1333Hex, Disconnect805Hex);

    private static MarketEvent[] DecodeSpan(byte[] message)
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(32);
        protocol.Decode(message.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
        return sink.ToArray();
    }

    private static MarketEvent[] DecodeSequence(System.Buffers.ReadOnlySequence<byte> message)
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(32);
        protocol.Decode(message, MessageKind.Binary, ReceiveTimeNs, ref sink);
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
        return sink.ToArray();
    }

    /// <summary>A tick whose every value survives float32 and the wire's integer widths.</summary>
    private static MarketEvent RandomTick(Random random, InstrumentId instrument)
    {
        long price = random.NextInt64(100, 5_000_000); // 1.00 .. 50000.00: exact through float32 rounding
        var e = new MarketEvent();
        e.Header.Kind = EventKind.Tick;
        e.Header.Feed = FeedKind.Dhan;
        e.Header.PriceDecimals = 2;
        e.Header.Instrument = instrument;
        e.Tick.LastPrice = price;
        e.Tick.LastQuantity = random.Next(1, 65536);
        e.Tick.LastTradeTimeNs = random.NextInt64(1_600_000_000, 1_900_000_000) * 1_000_000_000L;
        e.Tick.AveragePrice = price + random.Next(-500, 500);
        e.Tick.CumulativeVolume = random.NextInt64(0, uint.MaxValue);
        e.Tick.TotalBuyQuantity = random.NextInt64(0, uint.MaxValue);
        e.Tick.TotalSellQuantity = random.NextInt64(0, uint.MaxValue);
        e.Tick.Open = price - random.Next(0, 1000);
        e.Tick.High = price + random.Next(0, 1000);
        e.Tick.Low = price - random.Next(1000, 2000);
        e.Tick.Close = price - random.Next(-300, 300);
        e.Tick.OpenInterest = random.NextInt64(0, uint.MaxValue);
        return e;
    }

    private static DepthLevel[] RandomSide(Random random, long price, int step) =>
        [.. Enumerable.Range(1, 5).Select(i => Level(price + (i * step), random.Next(1, int.MaxValue), random.Next(1, 65536)))];

    private static MarketEvent Expected(in MarketEvent tick, EventKind kind)
    {
        MarketEvent e = tick;
        e.Header.Kind = kind;
        e.Header.SessionId = Session;
        e.Header.ExchangeTimeNs = tick.Tick.LastTradeTimeNs;
        e.Header.ReceiveTimeNs = ReceiveTimeNs;
        if (kind == EventKind.Depth)
        {
            e.Depth = default;
        }

        return e;
    }
}
