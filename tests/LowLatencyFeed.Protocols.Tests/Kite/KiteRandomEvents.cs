using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Kite;

namespace LowLatencyFeed.Protocols.Tests.Kite;

/// <summary>
/// Seeded random events in exactly the shape the parser produces for each packet kind (fields present per kind,
/// wire-range values, receive-time fallbacks), so encode → decode must return them unchanged.
/// </summary>
internal static class KiteRandomEvents
{
    private const TickFields QuoteFields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.AveragePrice
        | TickFields.CumulativeVolume | TickFields.TotalBuySell | TickFields.DayOhl | TickFields.Close;

    private static readonly int[] s_tradableSegments = [1, 2, 3, 4, 5, 6, 7, 8];

    /// <summary>A tick (and, for tradable full mode, its depth; otherwise default) as the decoder would publish it.</summary>
    public static (MarketEvent Tick, MarketEvent Depth) Next(Random random, KiteMode mode, bool index, long receiveTimeNs, ushort session)
    {
        int segment = index ? KiteSegments.Indices : s_tradableSegments[random.Next(s_tradableSegments.Length)];
        uint token = ((uint)random.Next(1, 1 << 24) << 8) | (uint)segment;
        KiteSegments.TryGetPriceDecimals(segment, out byte decimals);

        var header = new EventHeader
        {
            Kind = EventKind.Tick,
            Feed = FeedKind.Kite,
            PriceDecimals = decimals,
            Flags = index ? EventFlags.Index : EventFlags.None,
            SessionId = session,
            Instrument = InstrumentId.From(FeedKind.Kite, token),
            ReceiveTimeNs = receiveTimeNs,
        };

        bool hasTimestamp = mode == KiteMode.Full && random.Next(8) != 0;
        if (hasTimestamp)
        {
            header.ExchangeTimeNs = NextSeconds(random) * 1_000_000_000L;
        }
        else
        {
            header.ExchangeTimeNs = receiveTimeNs;
            header.Flags |= EventFlags.ExchangeTimeFromReceive;
        }

        var tick = new MarketEvent { Header = header };
        ref TickPayload t = ref tick.Tick;
        t.LastPrice = NextUInt32(random);
        if (mode == KiteMode.Ltp)
        {
            t.Fields = TickFields.LastPrice;
            return (tick, default);
        }

        t.Open = NextUInt32(random);
        t.High = NextUInt32(random);
        t.Low = NextUInt32(random);
        t.Close = NextUInt32(random);
        if (index)
        {
            t.NetChange = random.Next(int.MinValue, int.MaxValue);
            t.Fields = TickFields.LastPrice | TickFields.DayOhl | TickFields.Close | TickFields.NetChange;
            return (tick, default);
        }

        t.LastQuantity = NextUInt32(random);
        t.AveragePrice = NextUInt32(random);
        t.CumulativeVolume = NextUInt32(random);
        t.TotalBuyQuantity = NextUInt32(random);
        t.TotalSellQuantity = NextUInt32(random);
        t.Fields = QuoteFields;
        if (mode == KiteMode.Quote)
        {
            return (tick, default);
        }

        t.OpenInterest = NextUInt32(random);
        t.Fields |= TickFields.OpenInterest;
        if (random.Next(8) != 0)
        {
            t.LastTradeTimeNs = NextSeconds(random) * 1_000_000_000L;
            t.Fields |= TickFields.LastTradeTime;
        }

        var depth = new MarketEvent { Header = header };
        depth.Header.Kind = EventKind.Depth;
        depth.Depth.UpdateKind = DepthUpdateKind.Snapshot;
        depth.Depth.BidCount = 5;
        depth.Depth.AskCount = 5;
        depth.Depth.SlabIndex = -1;
        for (int i = 0; i < InlineDepthLevels.Capacity; i++)
        {
            depth.Depth.Levels[i] = new DepthLevel(NextUInt32(random), NextUInt32(random), random.Next(0, ushort.MaxValue + 1));
        }

        return (tick, depth);
    }

    private static long NextUInt32(Random random) => random.Next(4) switch
    {
        0 => random.NextInt64(0, 256),
        1 => random.NextInt64((long)int.MaxValue, (long)uint.MaxValue + 1),
        _ => random.NextInt64(0, (long)uint.MaxValue + 1),
    };

    private static long NextSeconds(Random random) => random.NextInt64(1, (long)uint.MaxValue + 1);
}
