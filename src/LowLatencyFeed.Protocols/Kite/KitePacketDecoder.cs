using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Core.Time;
using L = LowLatencyFeed.Protocols.Kite.KitePacketLayout;

namespace LowLatencyFeed.Protocols.Kite;

/// <summary>
/// Decodes one packet of a known length straight into claimed sink slots. Prices stay the raw wire integers and the
/// segment's divisor becomes <see cref="EventHeader.PriceDecimals"/>, so no arithmetic is needed on the hot path.
/// </summary>
internal static class KitePacketDecoder
{
    /// <summary>Returned instead of an event count when the token's segment has no defined divisor.</summary>
    public const int UnknownSegment = -1;

    /// <summary>Publishes the events of <paramref name="packet"/>; its length must satisfy <see cref="KitePacketLayout.IsKnownLength"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Decode<TSink>(ReadOnlySpan<byte> packet, long receiveTimeNs, ushort sessionId, ref TSink sink)
        where TSink : IEventSink
    {
        Debug.Assert(L.IsKnownLength(packet.Length), "The frame loop dispatches known lengths only.");
        ref byte p = ref MemoryMarshal.GetReference(packet);
        uint token = KiteWire.ReadUInt32(ref p, L.Token);
        int segment = (int)(token & 0xFF);
        if (!KiteSegments.TryGetPriceDecimals(segment, out byte decimals))
        {
            return UnknownSegment;
        }

        var header = new EventHeader
        {
            Kind = EventKind.Tick,
            Feed = FeedKind.Kite,
            PriceDecimals = decimals,
            Flags = KiteSegments.IsIndex(segment) ? EventFlags.Index : EventFlags.None,
            SessionId = sessionId,
            Instrument = InstrumentId.From(FeedKind.Kite, token),
            ReceiveTimeNs = receiveTimeNs,
        };

        switch (packet.Length)
        {
            case L.LtpLength:
                DecodeLtp(ref p, ref header, ref sink);
                return 1;
            case L.QuoteLength:
                DecodeQuote(ref p, ref header, ref sink);
                return 1;
            case L.FullLength:
                DecodeFull(ref p, ref header, ref sink);
                return 2;
            case L.IndexQuoteLength:
                DecodeIndex(ref p, ref header, hasTimestamp: false, ref sink);
                return 1;
            default:
                DecodeIndex(ref p, ref header, hasTimestamp: true, ref sink);
                return 1;
        }
    }

    private static void DecodeLtp<TSink>(ref byte p, ref EventHeader header, ref TSink sink)
        where TSink : IEventSink
    {
        SetExchangeTime(ref header, 0);
        ref MarketEvent e = ref sink.Claim();
        e.Header = header;
        e.Tick.LastPrice = KiteWire.ReadUInt32(ref p, L.LastPrice);
        e.Tick.Fields = TickFields.LastPrice;
        sink.Publish();
    }

    private static void DecodeQuote<TSink>(ref byte p, ref EventHeader header, ref TSink sink)
        where TSink : IEventSink
    {
        SetExchangeTime(ref header, 0);
        ref MarketEvent e = ref sink.Claim();
        e.Header = header;
        ReadQuoteFields(ref p, ref e.Tick);
        e.Tick.Fields = QuoteFields;
        sink.Publish();
    }

    private static void DecodeFull<TSink>(ref byte p, ref EventHeader header, ref TSink sink)
        where TSink : IEventSink
    {
        SetExchangeTime(ref header, KiteWire.ReadUInt32(ref p, L.ExchangeTimestamp));
        ref MarketEvent e = ref sink.Claim();
        e.Header = header;
        ref TickPayload tick = ref e.Tick;
        ReadQuoteFields(ref p, ref tick);
        tick.OpenInterest = KiteWire.ReadUInt32(ref p, L.OpenInterest);
        TickFields fields = QuoteFields | TickFields.OpenInterest;

        // 0 means "not available" (Kite/README.md §7), so a zero last-trade time is reported as absent.
        uint lastTradeTime = KiteWire.ReadUInt32(ref p, L.LastTradeTime);
        if (lastTradeTime != 0)
        {
            tick.LastTradeTimeNs = UnixTime.FromSeconds(lastTradeTime);
            fields |= TickFields.LastTradeTime;
        }

        tick.Fields = fields;
        sink.Publish();

        ref MarketEvent d = ref sink.Claim();
        d.Header = header;
        d.Header.Kind = EventKind.Depth;
        ref DepthPayload depth = ref d.Depth;
        depth.UpdateKind = DepthUpdateKind.Snapshot;
        depth.BidCount = L.DepthLevelsPerSide;
        depth.AskCount = L.DepthLevelsPerSide;
        depth.SlabIndex = -1;

        // Ten entries at constant offsets: no index arithmetic, no bounds check per level (the packet length was checked).
        ref DepthLevel levels = ref MemoryMarshal.GetReference((Span<DepthLevel>)depth.Levels);
        ReadDepthEntry(ref p, ref levels, 0);
        ReadDepthEntry(ref p, ref levels, 1);
        ReadDepthEntry(ref p, ref levels, 2);
        ReadDepthEntry(ref p, ref levels, 3);
        ReadDepthEntry(ref p, ref levels, 4);
        ReadDepthEntry(ref p, ref levels, 5);
        ReadDepthEntry(ref p, ref levels, 6);
        ReadDepthEntry(ref p, ref levels, 7);
        ReadDepthEntry(ref p, ref levels, 8);
        ReadDepthEntry(ref p, ref levels, 9);
        sink.Publish();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ReadDepthEntry(ref byte p, ref DepthLevel levels, int index)
    {
        int at = L.Depth + (index * L.DepthEntryLength);
        ref DepthLevel level = ref Unsafe.Add(ref levels, index);
        level.Quantity = KiteWire.ReadUInt32(ref p, at + L.DepthQuantity);
        level.Price = KiteWire.ReadUInt32(ref p, at + L.DepthPrice);
        level.Orders = KiteWire.ReadUInt16(ref p, at + L.DepthOrders);
    }

    private static void DecodeIndex<TSink>(ref byte p, ref EventHeader header, bool hasTimestamp, ref TSink sink)
        where TSink : IEventSink
    {
        // Index packets are index values whatever the token's segment says.
        header.Flags |= EventFlags.Index;
        SetExchangeTime(ref header, hasTimestamp ? KiteWire.ReadUInt32(ref p, L.IndexExchangeTimestamp) : 0);
        ref MarketEvent e = ref sink.Claim();
        e.Header = header;
        ref TickPayload tick = ref e.Tick;
        tick.LastPrice = KiteWire.ReadUInt32(ref p, L.LastPrice);
        tick.High = KiteWire.ReadUInt32(ref p, L.IndexHigh);
        tick.Low = KiteWire.ReadUInt32(ref p, L.IndexLow);
        tick.Open = KiteWire.ReadUInt32(ref p, L.IndexOpen);
        tick.Close = KiteWire.ReadUInt32(ref p, L.IndexClose);

        // The only signed field of the protocol (the forum dump's FF FF FF DC is -36).
        tick.NetChange = (int)KiteWire.ReadUInt32(ref p, L.IndexChange);
        tick.Fields = TickFields.LastPrice | TickFields.DayOhl | TickFields.Close | TickFields.NetChange;
        sink.Publish();
    }

    private const TickFields QuoteFields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.AveragePrice
        | TickFields.CumulativeVolume | TickFields.TotalBuySell | TickFields.DayOhl | TickFields.Close;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ReadQuoteFields(ref byte p, ref TickPayload tick)
    {
        // Quantities are unsigned 32-bit like every official SDK reads them.
        tick.LastPrice = KiteWire.ReadUInt32(ref p, L.LastPrice);
        tick.LastQuantity = KiteWire.ReadUInt32(ref p, L.LastQuantity);
        tick.AveragePrice = KiteWire.ReadUInt32(ref p, L.AveragePrice);
        tick.CumulativeVolume = KiteWire.ReadUInt32(ref p, L.Volume);
        tick.TotalBuyQuantity = KiteWire.ReadUInt32(ref p, L.TotalBuyQuantity);
        tick.TotalSellQuantity = KiteWire.ReadUInt32(ref p, L.TotalSellQuantity);
        tick.Open = KiteWire.ReadUInt32(ref p, L.Open);
        tick.High = KiteWire.ReadUInt32(ref p, L.High);
        tick.Low = KiteWire.ReadUInt32(ref p, L.Low);
        tick.Close = KiteWire.ReadUInt32(ref p, L.Close);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SetExchangeTime(ref EventHeader header, uint exchangeSeconds)
    {
        if (exchangeSeconds != 0)
        {
            header.ExchangeTimeNs = UnixTime.FromSeconds(exchangeSeconds);
        }
        else
        {
            header.ExchangeTimeNs = header.ReceiveTimeNs;
            header.Flags |= EventFlags.ExchangeTimeFromReceive;
        }
    }
}
