using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Core.Pricing;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Protocols.Common;
using Microsoft.Extensions.Logging;
using L = LowLatencyFeed.Protocols.Dhan.DhanPacketLayout;
using W = LowLatencyFeed.Protocols.Dhan.DhanWire;

namespace LowLatencyFeed.Protocols.Dhan;

/// <summary>The packet loop and one decoder per response code.</summary>
public sealed partial class DhanProtocol
{

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
        while (message.Length - offset >= L.HeaderLength)
        {
            ref byte p = ref Unsafe.Add(ref start, offset);
            int length = W.ReadUInt16(ref p, L.Length);
            int remaining = message.Length - offset;
            if (length < L.HeaderLength || length > remaining)
            {
                // Without a trustworthy length the next packet boundary is unknown: the rest of the message is dropped.
                ReportBadLength(message, offset, length, remaining);
                return events;
            }

            events += DecodePacket(ref p, length, message, offset, receiveTimeNs, ref sink);
            offset += length;
        }

        if (offset < message.Length)
        {
            ReportTrailing(message, offset);
        }

        return events;
    }

    private int DecodePacket<TSink>(ref byte p, int length, ReadOnlySpan<byte> message, int offset, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        byte code = p;
        int expected;
        switch ((DhanResponseCode)code)
        {
            case DhanResponseCode.None:
                Volatile.Write(ref _heartbeats, _heartbeats + 1);
                return 0;
            case DhanResponseCode.MarketStatus:
                Volatile.Write(ref _marketStatusPackets, _marketStatusPackets + 1);
                return 0;
            case DhanResponseCode.Disconnect:
                if (length < L.DisconnectLength)
                {
                    ReportLength(message, offset, code, length, L.DisconnectLength);
                    return 0;
                }

                return PublishDisconnect(ref p, receiveTimeNs, ref sink);
            case DhanResponseCode.Ticker:
            case DhanResponseCode.Index:
            case DhanResponseCode.PrevClose:
                expected = L.TickerLength;
                break;
            case DhanResponseCode.Quote:
                expected = L.QuoteLength;
                break;
            case DhanResponseCode.OpenInterest:
                expected = L.OpenInterestLength;
                break;
            case DhanResponseCode.Full:
                expected = L.FullLength;
                break;
            case DhanResponseCode.MarketDepth:
                expected = L.MarketDepthLength;
                break;
            default:
                ReportUnknownCode(message, offset, code, length);
                return 0;
        }

        if (length != expected)
        {
            ReportLength(message, offset, code, length, expected);
            return 0;
        }

        byte segment = Unsafe.Add(ref p, L.Segment);
        uint securityId = W.ReadUInt32(ref p, L.SecurityId);
        if (!_instruments.TryResolve(segment, securityId, _options, out DhanInstrument instrument))
        {
            ReportUnknownInstrument(message, offset, segment, securityId);
            return 0;
        }

        EventFlags flags = DhanSegments.IsIndex(segment) ? EventFlags.Index : EventFlags.None;
        int published = (DhanResponseCode)code switch
        {
            DhanResponseCode.Ticker => PublishTicker(ref p, in instrument, flags, receiveTimeNs, ref sink),
            DhanResponseCode.Index => PublishTicker(ref p, in instrument, flags | EventFlags.Index, receiveTimeNs, ref sink),
            DhanResponseCode.PrevClose => PublishPrevClose(ref p, in instrument, flags, receiveTimeNs, ref sink),
            DhanResponseCode.Quote => PublishQuote(ref p, in instrument, flags, receiveTimeNs, ref sink),
            DhanResponseCode.OpenInterest => PublishOpenInterest(ref p, in instrument, flags, receiveTimeNs, ref sink),
            DhanResponseCode.Full => PublishFull(ref p, in instrument, flags, receiveTimeNs, ref sink),
            _ => PublishMarketDepth(ref p, in instrument, flags, receiveTimeNs, ref sink),
        };

        if (published < 0)
        {
            ReportBadPrice(message, offset, code);
            return 0;
        }

        return published;
    }

    private int PublishTicker<TSink>(ref byte p, in DhanInstrument instrument, EventFlags flags, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        float ltp = W.ReadSingle(ref p, L.TickerPrice);
        if (!IsPrice(ltp, in instrument))
        {
            return -1;
        }

        long time = TimeNs(W.ReadInt32(ref p, L.TickerTime));
        ref MarketEvent e = ref sink.Claim();
        Stamp(ref e.Header, EventKind.Tick, in instrument, flags, receiveTimeNs, time);
        e.Tick.LastPrice = Price(ltp, in instrument);
        e.Tick.LastTradeTimeNs = time;
        e.Tick.Fields = time != 0 ? TickFields.LastPrice | TickFields.LastTradeTime : TickFields.LastPrice;
        sink.Publish();
        return 1;
    }

    private int PublishPrevClose<TSink>(ref byte p, in DhanInstrument instrument, EventFlags flags, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        // The previous day's open interest at offset 12 has no field in TickPayload (OpenInterest is today's).
        float close = W.ReadSingle(ref p, L.TickerPrice);
        if (!IsPrice(close, in instrument))
        {
            return -1;
        }

        ref MarketEvent e = ref sink.Claim();
        Stamp(ref e.Header, EventKind.Tick, in instrument, flags, receiveTimeNs, 0);
        e.Tick.Close = Price(close, in instrument);
        e.Tick.Fields = TickFields.Close;
        sink.Publish();
        return 1;
    }

    private int PublishOpenInterest<TSink>(ref byte p, in DhanInstrument instrument, EventFlags flags, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        ref MarketEvent e = ref sink.Claim();
        Stamp(ref e.Header, EventKind.Tick, in instrument, flags, receiveTimeNs, 0);
        e.Tick.OpenInterest = W.ReadUInt32(ref p, L.OpenInterest) * instrument.QuantityScale;
        e.Tick.Fields = TickFields.OpenInterest;
        sink.Publish();
        return 1;
    }

    private int PublishQuote<TSink>(ref byte p, in DhanInstrument instrument, EventFlags flags, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        // The day close at 38 is only filled after the market closes and is not the previous close TickPayload.Close
        // means; the previous close arrives in its own code-6 packet.
        if (!TradeFieldsArePrices(ref p, in instrument, L.QuoteOpen, L.QuoteHigh, L.QuoteLow))
        {
            return -1;
        }

        ref MarketEvent e = ref sink.Claim();
        WriteTradeFields(ref p, ref e, in instrument, flags, receiveTimeNs, L.QuoteOpen, L.QuoteHigh, L.QuoteLow);
        sink.Publish();
        return 1;
    }

    private int PublishFull<TSink>(ref byte p, in DhanInstrument instrument, EventFlags flags, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        if (!TradeFieldsArePrices(ref p, in instrument, L.FullOpen, L.FullHigh, L.FullLow) || !DepthIsPrices(ref p, L.FullDepth, in instrument))
        {
            return -1;
        }

        ref MarketEvent tick = ref sink.Claim();
        WriteTradeFields(ref p, ref tick, in instrument, flags, receiveTimeNs, L.FullOpen, L.FullHigh, L.FullLow);
        tick.Tick.OpenInterest = W.ReadUInt32(ref p, L.FullOpenInterest) * instrument.QuantityScale;
        tick.Tick.Fields |= TickFields.OpenInterest;
        long time = tick.Tick.LastTradeTimeNs;
        sink.Publish();

        ref MarketEvent depth = ref sink.Claim();
        Stamp(ref depth.Header, EventKind.Depth, in instrument, flags, receiveTimeNs, time);
        WriteDepth(ref p, L.FullDepth, ref depth.Depth, in instrument);
        sink.Publish();
        return 2;
    }

    private int PublishMarketDepth<TSink>(ref byte p, in DhanInstrument instrument, EventFlags flags, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        float ltp = W.ReadSingle(ref p, L.LastPrice);
        if (!IsPrice(ltp, in instrument) || !DepthIsPrices(ref p, L.MarketDepthLevels, in instrument))
        {
            return -1;
        }

        ref MarketEvent tick = ref sink.Claim();
        Stamp(ref tick.Header, EventKind.Tick, in instrument, flags, receiveTimeNs, 0);
        tick.Tick.LastPrice = Price(ltp, in instrument);
        tick.Tick.Fields = TickFields.LastPrice;
        sink.Publish();

        ref MarketEvent depth = ref sink.Claim();
        Stamp(ref depth.Header, EventKind.Depth, in instrument, flags, receiveTimeNs, 0);
        WriteDepth(ref p, L.MarketDepthLevels, ref depth.Depth, in instrument);
        sink.Publish();
        return 2;
    }

    private int PublishDisconnect<TSink>(ref byte p, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        int reason = W.ReadInt16(ref p, L.DisconnectReason);
        Volatile.Write(ref _lastDisconnectReason, reason);
        Volatile.Write(ref _disconnects, _disconnects + 1);
        LogDisconnect(reason);

        ref MarketEvent e = ref sink.Claim();
        e.Header.Kind = EventKind.Control;
        e.Header.Feed = FeedKind.Dhan;
        e.Header.SessionId = _options.SessionId;
        e.Header.Flags = EventFlags.ExchangeTimeFromReceive;
        e.Header.ExchangeTimeNs = receiveTimeNs;
        e.Header.ReceiveTimeNs = receiveTimeNs;
        e.Control.Code = ControlCode.ServerDisconnect;
        e.Control.Reason = reason;
        sink.Publish();
        return 1;
    }

    private static bool TradeFieldsArePrices(ref byte p, in DhanInstrument instrument, int open, int high, int low) =>
        IsPrice(W.ReadSingle(ref p, L.LastPrice), in instrument)
        & IsPrice(W.ReadSingle(ref p, L.AveragePrice), in instrument)
        & IsPrice(W.ReadSingle(ref p, open), in instrument)
        & IsPrice(W.ReadSingle(ref p, high), in instrument)
        & IsPrice(W.ReadSingle(ref p, low), in instrument);

    /// <summary>The fields Quote and Full share: LTP, LTQ, LTT, ATP, volume, total buy/sell, open/high/low.</summary>
    private void WriteTradeFields(ref byte p, ref MarketEvent e, in DhanInstrument instrument, EventFlags flags, long receiveTimeNs, int open, int high, int low)
    {
        long time = TimeNs(W.ReadInt32(ref p, L.LastTradeTime));
        Stamp(ref e.Header, EventKind.Tick, in instrument, flags, receiveTimeNs, time);
        ref TickPayload t = ref e.Tick;
        long qty = instrument.QuantityScale;
        t.LastPrice = Price(W.ReadSingle(ref p, L.LastPrice), in instrument);
        t.LastQuantity = W.ReadUInt16(ref p, L.LastQuantity) * qty;
        t.LastTradeTimeNs = time;
        t.AveragePrice = Price(W.ReadSingle(ref p, L.AveragePrice), in instrument);
        t.CumulativeVolume = W.ReadUInt32(ref p, L.Volume) * qty;
        t.TotalSellQuantity = W.ReadUInt32(ref p, L.TotalSellQuantity) * qty;
        t.TotalBuyQuantity = W.ReadUInt32(ref p, L.TotalBuyQuantity) * qty;
        t.Open = Price(W.ReadSingle(ref p, open), in instrument);
        t.High = Price(W.ReadSingle(ref p, high), in instrument);
        t.Low = Price(W.ReadSingle(ref p, low), in instrument);
        TickFields fields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.AveragePrice
            | TickFields.CumulativeVolume | TickFields.TotalBuySell | TickFields.DayOhl;
        t.Fields = time != 0 ? fields | TickFields.LastTradeTime : fields;
    }

    private static bool DepthIsPrices(ref byte p, int first, in DhanInstrument instrument)
    {
        bool ok = true;
        for (int k = 0; k < L.DepthLevels; k++)
        {
            int record = first + (k * L.DepthRecordLength);
            ok &= IsPrice(W.ReadSingle(ref p, record + L.RecordBidPrice), in instrument)
                & IsPrice(W.ReadSingle(ref p, record + L.RecordAskPrice), in instrument);
        }

        return ok;
    }

    /// <summary>Five interleaved records → inline bids then asks, best first, empty (price 0) levels left out.</summary>
    private static void WriteDepth(ref byte p, int first, ref DepthPayload depth, in DhanInstrument instrument)
    {
        depth.UpdateKind = DepthUpdateKind.Snapshot;
        depth.SlabIndex = -1;
        long qty = instrument.QuantityScale;
        int n = 0;
        for (int k = 0; k < L.DepthLevels; k++)
        {
            int record = first + (k * L.DepthRecordLength);
            float price = W.ReadSingle(ref p, record + L.RecordBidPrice);
            if (price != 0)
            {
                depth.Levels[n++] = new DepthLevel(Price(price, in instrument), W.ReadUInt32(ref p, record + L.RecordBidQuantity) * qty, W.ReadUInt16(ref p, record + L.RecordBidOrders));
            }
        }

        depth.BidCount = (ushort)n;
        for (int k = 0; k < L.DepthLevels; k++)
        {
            int record = first + (k * L.DepthRecordLength);
            float price = W.ReadSingle(ref p, record + L.RecordAskPrice);
            if (price != 0)
            {
                depth.Levels[n++] = new DepthLevel(Price(price, in instrument), W.ReadUInt32(ref p, record + L.RecordAskQuantity) * qty, W.ReadUInt16(ref p, record + L.RecordAskOrders));
            }
        }

        depth.AskCount = (ushort)(n - depth.BidCount);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Stamp(ref EventHeader header, EventKind kind, in DhanInstrument instrument, EventFlags flags, long receiveTimeNs, long exchangeTimeNs) =>
        EventStamp.Header(ref header, kind, FeedKind.Dhan, instrument.Id, instrument.PriceDecimals, instrument.QuantityDecimals, _options.SessionId, flags, receiveTimeNs, exchangeTimeNs);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long TimeNs(int epochSeconds) => epochSeconds > 0 ? (epochSeconds * UnixTime.NanosPerSecond) + _timeOffsetNs : 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsPrice(float value, in DhanInstrument instrument) => Math.Abs(value) < instrument.PriceLimit;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Price(float value, in DhanInstrument instrument) => FixedPoint.FromDouble(value, instrument.PriceDecimals);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void LogDisconnect(int reason) =>
        ProtocolLog.ServerDisconnect(_logger, Diagnostics.Source, reason, DhanDisconnectReasons.Describe(reason));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportBadLength(ReadOnlySpan<byte> message, int offset, int length, int remaining)
    {
        if (length < L.HeaderLength)
        {
            Diagnostics.Report(ParseErrorReason.BadLengthPrefix, $"packet length {length} is shorter than the {L.HeaderLength}-byte header; the remaining {remaining} byte(s) of the message are dropped", message, offset);
        }
        else
        {
            Diagnostics.Report(ParseErrorReason.Truncated, $"packet (code {message[offset]}) declares {length} bytes but only {remaining} remain; dropped", message, offset);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportTrailing(ReadOnlySpan<byte> message, int offset) =>
        Diagnostics.Report(ParseErrorReason.Truncated, $"{message.Length - offset} trailing byte(s) are shorter than a packet header; ignored", message, offset);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportLength(ReadOnlySpan<byte> message, int offset, byte code, int length, int expected) =>
        Diagnostics.Report(ParseErrorReason.UnknownPacketLength, $"packet code {code} has length {length}, expected {expected}; skipped", message, offset);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportUnknownCode(ReadOnlySpan<byte> message, int offset, byte code, int length) =>
        Diagnostics.Report(ParseErrorReason.UnknownMessageCode, $"response code {code} is not a Dhan v2 feed code; {length} byte(s) skipped", message, offset);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportUnknownInstrument(ReadOnlySpan<byte> message, int offset, byte segment, uint securityId) =>
        Diagnostics.Report(ParseErrorReason.UnknownInstrument, $"security {securityId} of segment {DhanSegments.Name(segment) ?? segment.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not subscribed; skipped", message, offset);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportBadPrice(ReadOnlySpan<byte> message, int offset, byte code) =>
        Diagnostics.Report(ParseErrorReason.BadNumber, $"packet code {code} carries a price that is NaN, infinite or too large for the instrument's decimals; skipped", message, offset);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportText(ReadOnlySpan<byte> message) =>
        Diagnostics.Report(ParseErrorReason.Garbage, "text message on the Dhan feed, which sends binary packets only; ignored", message, 0);
}
