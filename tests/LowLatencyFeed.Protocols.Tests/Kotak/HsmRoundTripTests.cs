using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Kotak;
using LowLatencyFeed.Protocols.Tests.Support;
using static LowLatencyFeed.Protocols.Tests.Kotak.HsmTestData;

namespace LowLatencyFeed.Protocols.Tests.Kotak;

/// <summary>Encoder → parser round trips, the encoder against the hand-built layout, every split of a frame, and zero allocation.</summary>
public sealed class HsmRoundTripTests
{
    [Fact]
    public void Encoder_writes_the_documented_layout()
    {
        byte[] snap = KotakHsmEncoder.Snap(RelianceTopic, "sf|nse_cm|2885", RelianceValues(), [(52, "2885"), (53, "nse_cm"), (54, "RELIANCE-EQ")]);
        Assert.Equal(RelianceSnap(), snap);
        Assert.Equal(RelianceUpdate(), KotakHsmEncoder.Update(RelianceTopic, [No, No, FeedSeconds + 1, No, 987664, 285550, No, No, No, No, 285560]));
        Assert.Equal(Data(7, snap), KotakHsmEncoder.DataFrame(7, snap));
        Assert.Equal(Data(null, snap, snap), KotakHsmEncoder.DataFrame(null, snap, snap));

        byte[] buffer = new byte[32];
        Assert.Equal(ConnectResponse('K', 25), buffer.AsSpan(0, KotakHsmEncoder.WriteConnectResponse(buffer, ok: true, ackInterval: 25)).ToArray());
        Assert.Equal(ConnectResponse('N'), buffer.AsSpan(0, KotakHsmEncoder.WriteConnectResponse(buffer, ok: false)).ToArray());
        Assert.Equal(ConnectResponse('K'), buffer.AsSpan(0, KotakHsmEncoder.WriteConnectResponse(buffer, ok: true)).ToArray());
        Assert.Equal(Status(5, 'N'), buffer.AsSpan(0, KotakHsmEncoder.WriteStatusResponse(buffer, KotakHsmMessageType.Unsubscribe, ok: false)).ToArray());
    }

    [Fact]
    public void Changes_carry_only_differing_values_and_the_sentinel_elsewhere()
    {
        int[] update = new int[8];
        Assert.Equal(5, KotakHsmEncoder.Changes([1, 2, 3, 4, 5, 6], [1, 9, 3, 4, 8, 6], update));
        Assert.Equal([No, 9, No, No, 8], update[..5]);
        Assert.Equal(0, KotakHsmEncoder.Changes([1, 2], [1, 2], update));
    }

    [Fact]
    public void Random_ticks_quotes_indices_and_books_round_trip_through_snap_and_update()
    {
        var random = new Random(2885);
        var protocol = NewProtocol();
        int[] previousScrip = new int[KotakHsmEncoder.ScripValueCount];
        int[] previousDepth = new int[KotakHsmEncoder.DepthValueCount];
        int[] values = new int[KotakHsmLayout.MaxFields];
        int[] update = new int[KotakHsmLayout.MaxFields];
        for (int n = 0; n < 200; n++)
        {
            MarketEvent tick = RandomTick(random, 2);
            var quote = new QuotePayload { BidPrice = tick.Tick.LastPrice - 5, BidQuantity = random.Next(1, 100_000), AskPrice = tick.Tick.LastPrice + 5, AskQuantity = random.Next(1, 100_000) };
            MarketEvent depth = RandomDepth(random, tick.Tick.LastPrice);

            // The first round sends SNAPs, every later one UPDATEs with only what changed.
            KotakHsmEncoder.ScripValues(values, in tick, in quote, 1, 2);
            byte[] scripRecord = n == 0
                ? KotakHsmEncoder.Snap(FutureScripTopic, "sf|nse_fo|42149", values.AsSpan(0, KotakHsmEncoder.ScripValueCount))
                : KotakHsmEncoder.Update(FutureScripTopic, update.AsSpan(0, KotakHsmEncoder.Changes(previousScrip, values.AsSpan(0, KotakHsmEncoder.ScripValueCount), update)));
            values.AsSpan(0, KotakHsmEncoder.ScripValueCount).CopyTo(previousScrip);
            KotakHsmEncoder.DepthValues(values, in depth, 1, 2);
            byte[] depthRecord = n == 0
                ? KotakHsmEncoder.Snap(FutureDepthTopic, "dp|nse_fo|42149", values.AsSpan(0, KotakHsmEncoder.DepthValueCount))
                : KotakHsmEncoder.Update(FutureDepthTopic, update.AsSpan(0, KotakHsmEncoder.Changes(previousDepth, values.AsSpan(0, KotakHsmEncoder.DepthValueCount), update)));
            values.AsSpan(0, KotakHsmEncoder.DepthValueCount).CopyTo(previousDepth);

            var sink = new CollectingSink(4);
            Assert.Equal(3, protocol.Decode(KotakHsmEncoder.DataFrame(null, scripRecord, depthRecord).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink));

            ref readonly MarketEvent t = ref sink[0];
            Assert.Equal(NiftyFuture, t.Header.Instrument);
            Assert.Equal(tick.Header.ExchangeTimeNs, t.Header.ExchangeTimeNs);
            Assert.Equal(tick.Tick.Fields, t.Tick.Fields);
            Assert.Equal(tick.Tick.LastPrice, t.Tick.LastPrice);
            Assert.Equal(tick.Tick.LastQuantity, t.Tick.LastQuantity);
            Assert.Equal(tick.Tick.AveragePrice, t.Tick.AveragePrice);
            Assert.Equal(tick.Tick.CumulativeVolume, t.Tick.CumulativeVolume);
            Assert.Equal(tick.Tick.TotalBuyQuantity, t.Tick.TotalBuyQuantity);
            Assert.Equal(tick.Tick.TotalSellQuantity, t.Tick.TotalSellQuantity);
            Assert.Equal((tick.Tick.Open, tick.Tick.High, tick.Tick.Low, tick.Tick.Close), (t.Tick.Open, t.Tick.High, t.Tick.Low, t.Tick.Close));
            Assert.Equal(tick.Tick.OpenInterest, t.Tick.OpenInterest);
            Assert.Equal(tick.Tick.LastTradeTimeNs, t.Tick.LastTradeTimeNs);
            Assert.Equal(quote, sink[1].Quote);
            Assert.Equal(depth.Depth.BidCount, sink[2].Depth.BidCount);
            Assert.Equal(depth.Depth.AskCount, sink[2].Depth.AskCount);
            Assert.Equal(Levels(in depth), Levels(in sink[2]));
        }

        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
        Assert.Equal(2, protocol.State.TopicCount); // the future's scrip and depth topics
    }

    [Fact]
    public void Index_round_trips_with_a_non_decimal_multiplier()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(2);
        var tick = new MarketEvent();
        tick.Header.PriceDecimals = 2;
        tick.Header.Flags = EventFlags.Index;
        tick.Header.ExchangeTimeNs = TradeSeconds * 1_000_000_000L;
        tick.Tick.LastPrice = 2405040;
        tick.Tick.Open = 2401050;
        tick.Tick.High = 2410025;
        tick.Tick.Low = 2395075;
        tick.Tick.Close = 2399000;
        tick.Tick.Fields = TickFields.LastPrice | TickFields.DayOhl | TickFields.Close;
        int[] values = new int[KotakHsmEncoder.IndexValueCount];

        // Multiplier 4, precision 1: 24050.40 is sent as 962016 and comes back exactly at the configured 2 decimals.
        KotakHsmEncoder.IndexValues(values, in tick, 4, 1);
        Assert.Equal(962016, values[KotakHsmLayout.IndexValue]);
        protocol.Decode(KotakHsmEncoder.DataFrame(null, KotakHsmEncoder.Snap(NiftyTopic, "if|nse_cm|Nifty 50", values)).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);

        Assert.Equal(EventFlags.Index, sink[0].Header.Flags);
        Assert.Equal(tick.Header.ExchangeTimeNs, sink[0].Header.ExchangeTimeNs);
        Assert.Equal(tick.Tick.Fields, sink[0].Tick.Fields);
        Assert.Equal((2405040, 2401050, 2410025, 2395075, 2399000), (sink[0].Tick.LastPrice, sink[0].Tick.Open, sink[0].Tick.High, sink[0].Tick.Low, sink[0].Tick.Close));
    }

    [Fact]
    public void A_frame_split_at_every_byte_position_decodes_identically()
    {
        byte[] message = Data(42, NiftySnap(), RelianceSnap(), DepthSnap(), RelianceUpdate(), Update(NiftyTopic, No, No, 2405100));
        MarketEvent[] expected = Decode(message, split: null);
        Assert.Equal(7, expected.Length);

        for (int cut = 0; cut <= message.Length; cut++)
        {
            EventAssert.SequenceEqual(expected, Decode(message, cut), $"cut at {cut}");
        }

        for (int size = 1; size <= 9; size++)
        {
            KotakHsmProtocol protocol = Connected();
            var sink = new CollectingSink(16);
            protocol.Decode(SegmentedSequence.Chunked(message, size), MessageKind.Binary, ReceiveTimeNs, ref sink);
            EventAssert.SequenceEqual(expected, sink.ToArray(), $"chunks of {size}");
        }
    }

    [Fact]
    public void Decoding_snaps_and_updates_allocates_nothing_once_the_topics_are_cached()
    {
        KotakHsmProtocol protocol = Connected();
        var sink = new CollectingSink(1000);
        protocol.Decode(Data(1, NiftySnap(), RelianceSnap(), DepthSnap()).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);

        // SNAPs too: their topic names are matched against the subscriptions without allocating.
        var records = new List<byte[]> { NiftySnap(), DepthSnap() };
        for (int i = 0; i < 100; i++)
        {
            int[] depth = [.. Enumerable.Repeat(No, 20)];
            depth[2] = 1950000 + (i * 5);
            depth[12] = 100 + i;
            records.AddRange([Update(RelianceTopic, No, No, FeedSeconds + i, No, 987654 + i, 285525 + i, 1 + i, No, No, 285520 + i, 285530 + i), Update(NiftyTopic, No, No, 2405040 + i), Update(FutureDepthTopic, depth)]);
        }

        byte[] message = Data(2, [.. records]);
        var segmented = SegmentedSequence.Chunked(message, 1021);
        sink.Clear();

        long allocated = FewestBytesAllocated(() =>
        {
            sink.Clear();
            protocol.Decode(message.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
            sink.Clear();
            protocol.Decode(segmented, MessageKind.Binary, ReceiveTimeNs, ref sink);
        });

        Assert.Equal(0, allocated);
        Assert.Equal(402, sink.Count); // per round: 2 SNAPs + 100 × (tick + quote + index tick + depth)
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
    }

    private static DepthLevel[] Levels(in MarketEvent e)
    {
        ReadOnlySpan<DepthLevel> levels = e.Depth.Levels;
        return levels.ToArray();
    }

    private static KotakHsmProtocol Connected()
    {
        KotakHsmProtocol protocol = NewProtocol();
        var sink = new CollectingSink(1);
        protocol.Decode(ConnectResponse('K', 1000).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        return protocol;
    }

    private static MarketEvent[] Decode(byte[] message, int? split)
    {
        KotakHsmProtocol protocol = Connected();
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
        Assert.Equal(42, protocol.State.LastMessageNumber);
        return sink.ToArray();
    }

    private static MarketEvent RandomTick(Random random, byte decimals)
    {
        long price = random.NextInt64(100, 2_000_000_000);
        var e = new MarketEvent();
        e.Header.PriceDecimals = decimals;
        e.Header.ExchangeTimeNs = random.NextInt64(1_600_000_000, 2_000_000_000) * 1_000_000_000L;
        e.Tick.LastPrice = price;
        e.Tick.LastQuantity = random.NextInt64(1, 1_000_000);
        e.Tick.AveragePrice = price + random.Next(-50, 50);
        e.Tick.CumulativeVolume = random.NextInt64(0, int.MaxValue);
        e.Tick.TotalBuyQuantity = random.NextInt64(0, int.MaxValue);
        e.Tick.TotalSellQuantity = random.NextInt64(0, int.MaxValue);
        e.Tick.Open = price - random.Next(0, 50);
        e.Tick.High = price + random.Next(0, 50);
        e.Tick.Low = price - random.Next(50, 99);
        e.Tick.Close = price - random.Next(-30, 30);
        e.Tick.OpenInterest = random.NextInt64(0, int.MaxValue);
        e.Tick.LastTradeTimeNs = random.NextInt64(1_600_000_000, 2_000_000_000) * 1_000_000_000L;
        e.Tick.Fields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.AveragePrice | TickFields.CumulativeVolume | TickFields.TotalBuySell
            | TickFields.DayOhl | TickFields.Close | TickFields.OpenInterest | TickFields.LastTradeTime;
        return e;
    }

    private static MarketEvent RandomDepth(Random random, long price)
    {
        var e = new MarketEvent();
        e.Header.PriceDecimals = 2;
        e.Depth.UpdateKind = DepthUpdateKind.Snapshot;
        e.Depth.SlabIndex = -1;
        // At least one level with a random quantity, so consecutive books always differ (an unchanged book publishes nothing).
        int bids = random.Next(1, 6);
        int asks = random.Next(0, 6);
        for (int i = 0; i < bids; i++)
        {
            e.Depth.Levels[i] = new DepthLevel(price - ((i + 1) * 5), random.Next(1, 100_000), random.Next(1, 50));
        }

        for (int i = 0; i < asks; i++)
        {
            e.Depth.Levels[bids + i] = new DepthLevel(price + ((i + 1) * 5), random.Next(1, 100_000), random.Next(1, 50));
        }

        e.Depth.BidCount = (ushort)bids;
        e.Depth.AskCount = (ushort)asks;
        return e;
    }
}
