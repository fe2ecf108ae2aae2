using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Kotak;
using LowLatencyFeed.Protocols.Tests.Dhan;
using LowLatencyFeed.Protocols.Tests.Support;
using static LowLatencyFeed.Protocols.Tests.Kotak.KotakTestData;

namespace LowLatencyFeed.Protocols.Tests.Kotak;

/// <summary>Encoder → parser round trips, every split of a frame across segments, and zero allocation.</summary>
public sealed class KotakRoundTripTests
{
    [Fact]
    public void Random_market_pictures_round_trip_at_every_level()
    {
        var random = new Random(2885);
        var pool = new DepthSlabPool(4, 200);
        var protocol = NewProtocol(pool);
        byte[] buffer = new byte[KotakSFeedEncoder.MarketPictureLength(40, 40)];
        foreach (KotakLevel level in new[] { KotakLevel.Level2, KotakLevel.TouchLine, KotakLevel.Depth, KotakLevel.FullDepth })
        {
            for (int n = 0; n < 100; n++)
            {
                MarketEvent tick = RandomTick(random);
                int rows = level switch { KotakLevel.TouchLine => 1, KotakLevel.Depth => 5, KotakLevel.FullDepth => 20, _ => 0 };
                DepthLevel[] bids = [.. Enumerable.Range(0, rows).Select(i => new DepthLevel(tick.Tick.LastPrice - ((i + 1) * 5), random.Next(1, 100000), random.Next(1, 100)))];
                DepthLevel[] asks = [.. Enumerable.Range(0, rows).Select(i => new DepthLevel(tick.Tick.LastPrice + ((i + 1) * 5), random.Next(1, 100000), random.Next(1, 100)))];
                int length = KotakSFeedEncoder.WriteMarketPicture(buffer, level, 2, 42149, in tick, bids, asks);

                var sink = new CollectingSink(2);
                Assert.Equal(rows == 0 ? 1 : 2, protocol.Decode(buffer.AsSpan(0, length), MessageKind.Binary, ReceiveTimeNs, ref sink));

                ref readonly MarketEvent t = ref sink[0];
                Assert.Equal(tick.Tick.LastPrice, t.Tick.LastPrice);
                Assert.Equal(tick.Tick.LastQuantity, t.Tick.LastQuantity);
                Assert.Equal(tick.Tick.AveragePrice, t.Tick.AveragePrice);
                Assert.Equal(tick.Tick.CumulativeVolume, t.Tick.CumulativeVolume);
                Assert.Equal(tick.Tick.TotalBuyQuantity, t.Tick.TotalBuyQuantity);
                Assert.Equal(tick.Tick.TotalSellQuantity, t.Tick.TotalSellQuantity);
                Assert.Equal(tick.Tick.Open, t.Tick.Open);
                Assert.Equal(tick.Tick.High, t.Tick.High);
                Assert.Equal(tick.Tick.Low, t.Tick.Low);
                Assert.Equal(tick.Tick.Close, t.Tick.Close);
                Assert.Equal(tick.Tick.OpenInterest, t.Tick.OpenInterest);
                Assert.Equal(tick.Tick.NetChange, t.Tick.NetChange);
                Assert.Equal(tick.Tick.LastTradeTimeNs, t.Tick.LastTradeTimeNs);
                Assert.Equal(tick.Header.ExchangeTimeNs, t.Header.ExchangeTimeNs);
                if (level == KotakLevel.TouchLine)
                {
                    Assert.Equal(new QuotePayload { BidPrice = bids[0].Price, BidQuantity = bids[0].Quantity, BidOrders = bids[0].Orders, AskPrice = asks[0].Price, AskQuantity = asks[0].Quantity, AskOrders = asks[0].Orders }, sink[1].Quote);
                }
                else if (rows > 0)
                {
                    Assert.Equal(bids, pool.Bids(in sink[1].Depth).ToArray());
                    Assert.Equal(asks, pool.Asks(in sink[1].Depth).ToArray());
                }
            }
        }

        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
    }

    [Fact]
    public void Mini_touch_line_and_index_round_trip_at_a_currency_divider()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(4);
        protocol.Decode(AuthResponse(), MessageKind.Text, ReceiveTimeNs, ref sink);
        var tick = new MarketEvent();
        tick.Header.PriceDecimals = 4;
        tick.Tick.LastPrice = 832525;
        tick.Tick.LastQuantity = 7;
        tick.Tick.Close = 831000;
        tick.Tick.NetChange = 1525;
        tick.Tick.LastTradeTimeNs = TradeSeconds * 1_000_000_000L;
        byte[] buffer = new byte[128];

        int length = KotakSFeedEncoder.WriteMiniTouchLine(buffer, 3, 1234, in tick, 10_000_000);
        Assert.Equal(1, protocol.Decode(buffer.AsSpan(0, length), MessageKind.Binary, ReceiveTimeNs, ref sink));
        Assert.Equal(832525, sink[0].Tick.LastPrice);
        Assert.Equal(7, sink[0].Tick.LastQuantity);
        Assert.Equal(831000, sink[0].Tick.Close);
        Assert.Equal(1525, sink[0].Tick.NetChange);

        tick.Header.PriceDecimals = 2;
        tick.Tick.Open = 2401050;
        tick.Tick.High = 2410025;
        tick.Tick.Low = 2395075;
        tick.Tick.LastPrice = 2405040;
        tick.Tick.Close = 2399000;
        length = KotakSFeedEncoder.WriteIndex(buffer, 1, 26000, "Nifty 50", in tick);
        Assert.Equal(KotakSFeedLayout.IndexLength, length);
        byte[] handBuilt = Index(26000, "Nifty 50");
        Assert.Equal(Convert.ToHexString(handBuilt.AsSpan(0, 41)), Convert.ToHexString(buffer.AsSpan(0, 41)));
        Assert.Equal(Convert.ToHexString(handBuilt.AsSpan(66, 21)), Convert.ToHexString(buffer.AsSpan(66, 21)));
        Assert.Equal(1, protocol.Decode(buffer.AsSpan(0, length), MessageKind.Binary, ReceiveTimeNs, ref sink));
        Assert.Equal(2405040, sink[1].Tick.LastPrice);
        Assert.Equal(EventFlags.Index, sink[1].Header.Flags);
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
    }

    [Fact]
    public void A_mixed_frame_split_at_every_byte_position_decodes_identically()
    {
        byte[] message = Concat(
            MarketPicture(4, 2885, 1, TouchBuy, TouchSell),
            HeaderOnly(6511),
            Index(),
            MiniTouchLine(),
            MarketStatus(1, "OPEN"),
            MarketPicture(8, 42149, 2, TouchBuy, TouchSell));
        MarketEvent[] expected = Decode(message.AsSpan().ToArray(), split: null);
        Assert.Equal(6, expected.Length);

        for (int cut = 0; cut <= message.Length; cut++)
        {
            EventAssert.SequenceEqual(expected, Decode(message, cut), $"cut at {cut}");
        }

        for (int size = 1; size <= 9; size++)
        {
            var protocol = NewProtocol();
            var sink = new CollectingSink(16);
            protocol.Decode(SegmentedSequence.Chunked(message, size), MessageKind.Binary, ReceiveTimeNs, ref sink);
            EventAssert.SequenceEqual(expected, sink.ToArray(), $"chunks of {size}");
        }
    }

    [Fact]
    public void Decoding_allocates_nothing_once_warm()
    {
        var pool = new DepthSlabPool(16, 200);
        var protocol = NewProtocol(pool);
        (long, int, int)[] twenty = [.. Enumerable.Range(0, 20).Select(i => (10L + i, 1950000 - (i * 5), i + 1))];
        var parts = new List<byte[]>();
        for (int i = 0; i < 100; i++)
        {
            parts.AddRange([MarketPicture(4, 2885, 1, TouchBuy, TouchSell), MarketPicture(16, 42149, 2, twenty, twenty), Index(), MiniTouchLine(), HeaderOnly(6511)]);
        }

        byte[] message = Concat([.. parts]);
        var segmented = SegmentedSequence.Chunked(message, 4093);
        var sink = new CollectingSink(1000);

        long allocated = DhanAllocationTests.Measure(() =>
        {
            sink.Clear();
            protocol.Decode(message.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
            sink.Clear();
            protocol.Decode(segmented, MessageKind.Binary, ReceiveTimeNs, ref sink);
        });

        Assert.Equal(0, allocated);
        Assert.Equal(600, sink.Count);
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
    }

    private static MarketEvent[] Decode(byte[] message, int? split)
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(16);
        if (split is int cut)
        {
            protocol.Decode(SegmentedSequence.Split(message, cut), MessageKind.Binary, ReceiveTimeNs, ref sink);
        }
        else
        {
            protocol.Decode(message.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        }

        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
        return sink.ToArray();
    }

    private static MarketEvent RandomTick(Random random)
    {
        long price = random.NextInt64(100, 4_000_000_00);
        var e = new MarketEvent();
        e.Header.PriceDecimals = 2;
        e.Header.ExchangeTimeNs = random.NextInt64(1_600_000_000, 1_900_000_000) * 1_000_000_000L;
        e.Tick.LastPrice = price;
        e.Tick.LastQuantity = random.NextInt64(1, 1_000_000);
        e.Tick.AveragePrice = price + random.Next(-500, 500);
        e.Tick.CumulativeVolume = random.NextInt64(0, long.MaxValue / 2);
        e.Tick.TotalBuyQuantity = random.NextInt64(0, long.MaxValue / 2);
        e.Tick.TotalSellQuantity = random.NextInt64(0, long.MaxValue / 2);
        e.Tick.Open = price - random.Next(0, 50);
        e.Tick.High = price + random.Next(0, 50);
        e.Tick.Low = price - random.Next(50, 100);
        e.Tick.Close = price - random.Next(-30, 30);
        e.Tick.OpenInterest = random.NextInt64(0, uint.MaxValue);
        e.Tick.NetChange = e.Tick.LastPrice - e.Tick.Close;
        e.Tick.LastTradeTimeNs = random.NextInt64(1_600_000_000, 1_900_000_000) * 1_000_000_000L;
        return e;
    }
}
