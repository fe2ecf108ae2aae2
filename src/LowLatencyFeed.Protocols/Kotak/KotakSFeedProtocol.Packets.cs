using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Common;
using L = LowLatencyFeed.Protocols.Kotak.KotakSFeedLayout;
using W = LowLatencyFeed.Protocols.Kotak.KotakWire;

namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>The binary packet loop and one decoder per packet kind.</summary>
public sealed partial class KotakSFeedProtocol
{
    private const int InlineSide = InlineDepthLevels.Capacity / 2;

    private int DecodeBinary<TSink>(ReadOnlySpan<byte> message, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        if (message.IsEmpty)
        {
            Diagnostics.Report(ParseErrorReason.Truncated, "empty binary message", message, 0);
            return 0;
        }

        ref byte start = ref MemoryMarshal.GetReference(message);
        int events = 0;
        int offset = 0;
        while (message.Length - offset >= sizeof(ushort))
        {
            ref byte p = ref Unsafe.Add(ref start, offset);
            int length = W.ReadUInt16(ref p, L.Length);
            int remaining = message.Length - offset;
            if (length < L.HeaderLength || length > remaining)
            {
                // The length is the only framing: once it is wrong the next packet boundary is unknown.
                ReportBadLength(message, offset, length, remaining);
                return events;
            }

            events += DecodePacket(ref p, length, message, offset, receiveTimeNs, ref sink);
            offset += length;
        }

        if (offset < message.Length)
        {
            Diagnostics.Report(ParseErrorReason.Truncated, "1 trailing byte cannot hold a packet length; ignored", message, offset);
        }

        return events;
    }

    private int DecodePacket<TSink>(ref byte p, int length, ReadOnlySpan<byte> message, int offset, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        ushort code = W.ReadUInt16(ref p, L.Code);
        switch ((KotakMessageCode)code)
        {
            case KotakMessageCode.MarketOpen:
                Volatile.Write(ref _marketOpens, _marketOpens + 1);
                return 0;
            case KotakMessageCode.MarketClose:
                Volatile.Write(ref _marketCloses, _marketCloses + 1);
                return 0;
            case KotakMessageCode.ClosingAuction:
                Volatile.Write(ref _auctionPackets, _auctionPackets + 1);
                return 0;
            case KotakMessageCode.MarketStatus:
                if (length < L.StatusLength)
                {
                    ReportLength(message, offset, code, length, L.StatusLength);
                    return 0;
                }

                Volatile.Write(ref _lastMarketStatus, W.ReadUInt16(ref p, L.StatusCode));
                Volatile.Write(ref _marketStatusPackets, _marketStatusPackets + 1);
                return 0;
            case KotakMessageCode.Index:
                if (length < L.IndexLength)
                {
                    ReportLength(message, offset, code, length, L.IndexLength);
                    return 0;
                }

                return DecodeIndex(ref p, message, offset, receiveTimeNs, ref sink);
        }

        byte level = Unsafe.Add(ref p, L.Level);
        switch ((KotakLevel)level)
        {
            case KotakLevel.MiniTouchLine:
                if (length < L.MiniLength)
                {
                    ReportLength(message, offset, code, length, L.MiniLength);
                    return 0;
                }

                return DecodeMini(ref p, message, offset, receiveTimeNs, ref sink);
            case KotakLevel.Level2:
            case KotakLevel.TouchLine:
            case KotakLevel.Depth:
            case KotakLevel.FullDepth:
                if (length < L.MarketPictureLength)
                {
                    ReportLength(message, offset, code, length, L.MarketPictureLength);
                    return 0;
                }

                return DecodeMarketPicture(ref p, length, (KotakLevel)level, message, offset, receiveTimeNs, ref sink);
            default:
                Diagnostics.Report(ParseErrorReason.UnknownMessageCode, $"message code {code} with level {level} is neither a known code nor a market-picture level (1/2/4/8/16); {length} byte(s) skipped", message, offset);
                return 0;
        }
    }

    private int DecodeMarketPicture<TSink>(ref byte p, int length, KotakLevel level, ReadOnlySpan<byte> message, int offset, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        byte exchangeId = Unsafe.Add(ref p, L.ExchangeId);
        uint token = W.ReadUInt32(ref p, L.Token);
        if (!TryResolveScrip(exchangeId, token, out KotakInstrument instrument))
        {
            ReportUnknownInstrument(message, offset, exchangeId, token);
            return 0;
        }

        KotakPriceScale scale = instrument.Scale;
        long qty = instrument.QuantityScale;
        long tradeTime = UnixNs(W.ReadInt64(ref p, L.LastTradeTime));
        long updateTime = UnixNs(W.ReadInt64(ref p, L.LastUpdateTime));

        ref MarketEvent e = ref sink.Claim();
        Stamp(ref e.Header, EventKind.Tick, in instrument, EventFlags.None, receiveTimeNs, updateTime != 0 ? updateTime : tradeTime);
        ref TickPayload t = ref e.Tick;
        t.LastPrice = scale.Apply(W.ReadUInt32(ref p, L.LastPrice));
        t.LastQuantity = W.ReadInt64(ref p, L.LastQuantity) * qty;
        t.AveragePrice = scale.Apply(W.ReadUInt32(ref p, L.AveragePrice));
        t.CumulativeVolume = W.ReadInt64(ref p, L.Volume) * qty;
        t.TotalBuyQuantity = W.ReadInt64(ref p, L.TotalBuyQuantity) * qty;
        t.TotalSellQuantity = W.ReadInt64(ref p, L.TotalSellQuantity) * qty;
        t.Open = scale.Apply(W.ReadUInt32(ref p, L.Open));
        t.High = scale.Apply(W.ReadUInt32(ref p, L.High));
        t.Low = scale.Apply(W.ReadUInt32(ref p, L.Low));
        t.Close = scale.Apply(W.ReadUInt32(ref p, L.Close));
        t.OpenInterest = W.ReadUInt32(ref p, L.OpenInterest) * qty;
        t.NetChange = scale.Apply(W.ReadInt32(ref p, L.NetChange));
        t.LastTradeTimeNs = tradeTime;
        TickFields fields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.AveragePrice | TickFields.CumulativeVolume
            | TickFields.TotalBuySell | TickFields.DayOhl | TickFields.Close | TickFields.OpenInterest | TickFields.NetChange;
        t.Fields = tradeTime != 0 ? fields | TickFields.LastTradeTime : fields;
        long exchangeTime = e.Header.ExchangeTimeNs;
        EventFlags timeFlag = e.Header.Flags;
        sink.Publish();

        uint buys = W.ReadUInt32(ref p, L.BuyDepthCount);
        uint sells = W.ReadUInt32(ref p, L.SellDepthCount);
        if (buys + (ulong)sells == 0)
        {
            return 1;
        }

        if (L.Rows + ((buys + (long)sells) * L.RowLength) > length)
        {
            // The tick above is intact; only the rows that would run past the packet are dropped.
            Diagnostics.Report(ParseErrorReason.BadLengthPrefix, $"market picture declares {buys} buy and {sells} sell rows but its {length}-byte packet holds {(length - L.Rows) / L.RowLength}; rows skipped", message, offset + L.BuyDepthCount);
            return 1;
        }

        ref byte buyRows = ref Unsafe.Add(ref p, L.Rows);
        ref byte sellRows = ref Unsafe.Add(ref buyRows, (int)buys * L.RowLength);
        if (level is KotakLevel.Level2 or KotakLevel.TouchLine)
        {
            PublishQuote(ref buyRows, (int)buys, ref sellRows, (int)sells, in instrument, timeFlag, exchangeTime, receiveTimeNs, ref sink);
        }
        else
        {
            PublishDepth(ref buyRows, (int)buys, ref sellRows, (int)sells, in instrument, timeFlag, exchangeTime, receiveTimeNs, ref sink);
        }

        return 2;
    }

    private void PublishQuote<TSink>(ref byte buyRows, int buys, ref byte sellRows, int sells, in KotakInstrument instrument, EventFlags flags, long exchangeTime, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        ref MarketEvent e = ref sink.Claim();
        Stamp(ref e.Header, EventKind.Quote, in instrument, flags, receiveTimeNs, exchangeTime);
        ref QuotePayload q = ref e.Quote;
        if (buys > 0)
        {
            q.BidPrice = instrument.Scale.Apply(W.ReadInt32(ref buyRows, L.RowPrice));
            q.BidQuantity = W.ReadInt64(ref buyRows, L.RowQuantity) * instrument.QuantityScale;
            q.BidOrders = W.ReadInt32(ref buyRows, L.RowOrders);
        }

        if (sells > 0)
        {
            q.AskPrice = instrument.Scale.Apply(W.ReadInt32(ref sellRows, L.RowPrice));
            q.AskQuantity = W.ReadInt64(ref sellRows, L.RowQuantity) * instrument.QuantityScale;
            q.AskOrders = W.ReadInt32(ref sellRows, L.RowOrders);
        }

        sink.Publish();
    }

    private void PublishDepth<TSink>(ref byte buyRows, int buys, ref byte sellRows, int sells, in KotakInstrument instrument, EventFlags flags, long exchangeTime, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        ref MarketEvent e = ref sink.Claim();
        Stamp(ref e.Header, EventKind.Depth, in instrument, flags, receiveTimeNs, exchangeTime);
        ref DepthPayload d = ref e.Depth;
        d.UpdateKind = DepthUpdateKind.Snapshot;
        int slab = -1;
        int bidCount;
        int askCount;
        if (buys + sells <= InlineDepthLevels.Capacity)
        {
            Span<DepthLevel> inline = d.Levels;
            bidCount = ReadRows(ref buyRows, buys, inline, in instrument);
            askCount = ReadRows(ref sellRows, sells, inline[bidCount..], in instrument);
        }
        else if (_slabs is not null)
        {
            slab = _slabs.Claim();
            int side = _slabs.LevelsPerSide;
            if (buys > side || sells > side)
            {
                Volatile.Write(ref _truncatedDepth, _truncatedDepth + 1);
            }

            bidCount = ReadRows(ref buyRows, Math.Min(buys, side), _slabs.WritableBids(slab), in instrument);
            askCount = ReadRows(ref sellRows, Math.Min(sells, side), _slabs.WritableAsks(slab), in instrument);
        }
        else
        {
            // No slab pool: keep the best levels that fit inline rather than dropping the book.
            Volatile.Write(ref _truncatedDepth, _truncatedDepth + 1);
            Span<DepthLevel> inline = d.Levels;
            int bidRows = Math.Min(buys, InlineDepthLevels.Capacity - Math.Min(sells, InlineSide));
            bidCount = ReadRows(ref buyRows, bidRows, inline, in instrument);
            askCount = ReadRows(ref sellRows, Math.Min(sells, InlineDepthLevels.Capacity - bidCount), inline[bidCount..], in instrument);
        }

        d.BidCount = (ushort)bidCount;
        d.AskCount = (ushort)askCount;
        d.SlabIndex = slab;
        sink.Publish();
        if (slab >= 0)
        {
            // The publisher stamps the slot's sequence; from here the slab is released once every consumer passes it.
            _slabs!.Commit(slab, e.Header.Sequence);
        }
    }

    /// <summary>Copies rows with a non-zero price, in wire order (best first), and returns how many were kept.</summary>
    private static int ReadRows(ref byte rows, int count, Span<DepthLevel> destination, in KotakInstrument instrument)
    {
        int n = 0;
        for (int i = 0; i < count; i++)
        {
            ref byte row = ref Unsafe.Add(ref rows, i * L.RowLength);
            int price = W.ReadInt32(ref row, L.RowPrice);
            if (price == 0)
            {
                continue;
            }

            destination[n++] = new DepthLevel(instrument.Scale.Apply(price), W.ReadInt64(ref row, L.RowQuantity) * instrument.QuantityScale, W.ReadInt32(ref row, L.RowOrders));
        }

        return n;
    }

    private int DecodeMini<TSink>(ref byte p, ReadOnlySpan<byte> message, int offset, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        byte exchangeId = Unsafe.Add(ref p, L.ExchangeId);
        uint token = W.ReadUInt32(ref p, L.Token);
        if (!TryResolveScrip(exchangeId, token, out KotakInstrument instrument))
        {
            ReportUnknownInstrument(message, offset, exchangeId, token);
            return 0;
        }

        long tradeTime = UnixNs(W.ReadInt64(ref p, L.MiniLastTradeTime));
        ref MarketEvent e = ref sink.Claim();
        Stamp(ref e.Header, EventKind.Tick, in instrument, EventFlags.None, receiveTimeNs, tradeTime);
        ref TickPayload t = ref e.Tick;
        t.LastPrice = instrument.Scale.Apply(W.ReadUInt32(ref p, L.MiniLastPrice));
        t.LastQuantity = W.ReadInt64(ref p, L.MiniLastQuantity) * instrument.QuantityScale;
        t.Close = instrument.Scale.Apply(W.ReadUInt32(ref p, L.MiniClose));
        t.NetChange = instrument.Scale.Apply(W.ReadInt32(ref p, L.MiniNetChange));
        t.LastTradeTimeNs = tradeTime;
        TickFields fields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.Close | TickFields.NetChange;
        t.Fields = tradeTime != 0 ? fields | TickFields.LastTradeTime : fields;
        sink.Publish();
        return 1;
    }

    private int DecodeIndex<TSink>(ref byte p, ReadOnlySpan<byte> message, int offset, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        byte exchangeId = Unsafe.Add(ref p, L.ExchangeId);
        uint token = W.ReadUInt32(ref p, L.Token);
        ReadOnlySpan<byte> name = IndexName(ref p);
        if (!_instruments.TryGetIndex(exchangeId, token, name, out KotakInstrument instrument) && !TryUnknown(exchangeId, token, out instrument))
        {
            ReportUnknownInstrument(message, offset, exchangeId, token);
            return 0;
        }

        long tradeTime = UnixNs(W.ReadInt64(ref p, L.IndexLastTradeTime));
        KotakPriceScale scale = instrument.Scale;
        ref MarketEvent e = ref sink.Claim();
        Stamp(ref e.Header, EventKind.Tick, in instrument, EventFlags.Index, receiveTimeNs, tradeTime);
        ref TickPayload t = ref e.Tick;
        t.LastPrice = scale.Apply(W.ReadInt32(ref p, L.IndexValue));
        t.Open = scale.Apply(W.ReadInt32(ref p, L.IndexOpen));
        t.High = scale.Apply(W.ReadInt32(ref p, L.IndexHigh));
        t.Low = scale.Apply(W.ReadInt32(ref p, L.IndexLow));
        t.Close = scale.Apply(W.ReadInt32(ref p, L.IndexClose));
        t.LastTradeTimeNs = tradeTime;
        TickFields fields = TickFields.LastPrice | TickFields.DayOhl | TickFields.Close;
        t.Fields = tradeTime != 0 ? fields | TickFields.LastTradeTime : fields;
        sink.Publish();
        return 1;
    }

    /// <summary>The index name field without its NUL padding.</summary>
    private static ReadOnlySpan<byte> IndexName(ref byte p)
    {
        ReadOnlySpan<byte> field = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref p, L.IndexName), L.IndexNameLength);
        int end = field.IndexOf((byte)0);
        return end < 0 ? field : field[..end];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Stamp(ref EventHeader header, EventKind kind, in KotakInstrument instrument, EventFlags flags, long receiveTimeNs, long exchangeTimeNs) =>
        EventStamp.Header(ref header, kind, FeedKind.Kotak, instrument.Id, instrument.PriceDecimals, instrument.QuantityDecimals, _options.SessionId, flags, receiveTimeNs, exchangeTimeNs);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long UnixNs(long value) => KotakTime.ToUnixNanoseconds(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryResolveScrip(byte exchangeId, uint token, out KotakInstrument instrument) =>
        _instruments.TryGetScrip(exchangeId, token, out instrument) || TryUnknown(exchangeId, token, out instrument);

    private bool TryUnknown(byte exchangeId, uint token, out KotakInstrument instrument)
    {
        if (_options.PublishUnknownInstruments)
        {
            byte decimals = _options.DefaultPriceDecimals;
            instrument = new KotakInstrument(InstrumentId.From(FeedKind.Kotak, token), decimals, 0, KotakPriceScale.Create(_exchanges.Divider(exchangeId), decimals));
            return true;
        }

        instrument = default;
        return false;
    }


    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportBadLength(ReadOnlySpan<byte> message, int offset, int length, int remaining)
    {
        if (length < L.HeaderLength)
        {
            Diagnostics.Report(ParseErrorReason.BadLengthPrefix, $"packet length {length} is shorter than the {L.HeaderLength}-byte header; the remaining {remaining} byte(s) are dropped", message, offset);
        }
        else
        {
            Diagnostics.Report(ParseErrorReason.Truncated, $"packet declares {length} bytes but only {remaining} remain; dropped", message, offset);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportLength(ReadOnlySpan<byte> message, int offset, ushort code, int length, int minimum) =>
        Diagnostics.Report(ParseErrorReason.UnknownPacketLength, $"packet code {code} of {length} bytes is shorter than its {minimum}-byte layout; skipped", message, offset);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportUnknownInstrument(ReadOnlySpan<byte> message, int offset, byte exchangeId, uint token) =>
        Diagnostics.Report(ParseErrorReason.UnknownInstrument, $"token {token} of exchange {_exchanges.Name(exchangeId) ?? exchangeId.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not subscribed; skipped", message, offset);
}
