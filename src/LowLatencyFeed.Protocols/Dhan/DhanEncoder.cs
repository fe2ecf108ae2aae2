using System.Buffers.Binary;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Pricing;
using LowLatencyFeed.Core.Time;
using L = LowLatencyFeed.Protocols.Dhan.DhanPacketLayout;

namespace LowLatencyFeed.Protocols.Dhan;

/// <summary>
/// Writes Dhan v2 main-feed packets (Dhan/README.md §3–§4) from engine events, for the simulator and round-trip tests.
/// Prices become float32 rupees, times epoch seconds, quantities whole units. Each method returns the bytes written.
/// </summary>
public static class DhanEncoder
{
    /// <summary>Code-2 ticker from <see cref="TickPayload.LastPrice"/> and <see cref="TickPayload.LastTradeTimeNs"/>.</summary>
    public static int WriteTicker(Span<byte> destination, DhanExchangeSegment segment, uint securityId, in MarketEvent tick) =>
        WriteTickerLayout(destination, DhanResponseCode.Ticker, segment, securityId, in tick);

    /// <summary>Code-1 index packet in the ticker layout (16 bytes).</summary>
    public static int WriteIndex(Span<byte> destination, DhanExchangeSegment segment, uint securityId, in MarketEvent tick) =>
        WriteTickerLayout(destination, DhanResponseCode.Index, segment, securityId, in tick);

    /// <summary>Code-6 previous close from <see cref="TickPayload.Close"/>, with <paramref name="previousOpenInterest"/>.</summary>
    public static int WritePrevClose(Span<byte> destination, DhanExchangeSegment segment, uint securityId, in MarketEvent tick, uint previousOpenInterest = 0)
    {
        Span<byte> p = Header(destination, DhanResponseCode.PrevClose, L.TickerLength, segment, securityId);
        WriteSingle(p, L.TickerPrice, tick.Tick.Close, tick.Header.PriceDecimals);
        BinaryPrimitives.WriteUInt32LittleEndian(p[L.TickerTime..], previousOpenInterest);
        return L.TickerLength;
    }

    /// <summary>Code-5 open interest from <see cref="TickPayload.OpenInterest"/>.</summary>
    public static int WriteOpenInterest(Span<byte> destination, DhanExchangeSegment segment, uint securityId, in MarketEvent tick)
    {
        Span<byte> p = Header(destination, DhanResponseCode.OpenInterest, L.OpenInterestLength, segment, securityId);
        BinaryPrimitives.WriteUInt32LittleEndian(p[L.OpenInterest..], Units(tick.Tick.OpenInterest, tick.Header.QuantityDecimals));
        return L.OpenInterestLength;
    }

    /// <summary>Code-4 quote; <paramref name="dayClose"/> is the post-close day close (0 during the session).</summary>
    public static int WriteQuote(Span<byte> destination, DhanExchangeSegment segment, uint securityId, in MarketEvent tick, long dayClose = 0)
    {
        Span<byte> p = Header(destination, DhanResponseCode.Quote, L.QuoteLength, segment, securityId);
        WriteTradeFields(p, in tick);
        int d = tick.Header.PriceDecimals;
        WriteSingle(p, L.QuoteOpen, tick.Tick.Open, d);
        WriteSingle(p, L.QuoteClose, dayClose, d);
        WriteSingle(p, L.QuoteHigh, tick.Tick.High, d);
        WriteSingle(p, L.QuoteLow, tick.Tick.Low, d);
        return L.QuoteLength;
    }

    /// <summary>Code-8 full packet: the tick's trade fields and OI plus up to five bid and ask levels (best first, same decimals as the tick).</summary>
    public static int WriteFull(
        Span<byte> destination,
        DhanExchangeSegment segment,
        uint securityId,
        in MarketEvent tick,
        ReadOnlySpan<DepthLevel> bids,
        ReadOnlySpan<DepthLevel> asks,
        uint openInterestHigh = 0,
        uint openInterestLow = 0,
        long dayClose = 0)
    {
        Span<byte> p = Header(destination, DhanResponseCode.Full, L.FullLength, segment, securityId);
        WriteTradeFields(p, in tick);
        int d = tick.Header.PriceDecimals;
        int q = tick.Header.QuantityDecimals;
        BinaryPrimitives.WriteUInt32LittleEndian(p[L.FullOpenInterest..], Units(tick.Tick.OpenInterest, q));
        BinaryPrimitives.WriteUInt32LittleEndian(p[L.FullOpenInterestHigh..], openInterestHigh);
        BinaryPrimitives.WriteUInt32LittleEndian(p[L.FullOpenInterestLow..], openInterestLow);
        WriteSingle(p, L.FullOpen, tick.Tick.Open, d);
        WriteSingle(p, L.FullClose, dayClose, d);
        WriteSingle(p, L.FullHigh, tick.Tick.High, d);
        WriteSingle(p, L.FullLow, tick.Tick.Low, d);
        WriteDepthRecords(p, L.FullDepth, bids, asks, d, q);
        return L.FullLength;
    }

    /// <summary>Code-3 (v1) market depth: LTP plus five levels.</summary>
    public static int WriteMarketDepth(Span<byte> destination, DhanExchangeSegment segment, uint securityId, in MarketEvent tick, ReadOnlySpan<DepthLevel> bids, ReadOnlySpan<DepthLevel> asks)
    {
        Span<byte> p = Header(destination, DhanResponseCode.MarketDepth, L.MarketDepthLength, segment, securityId);
        WriteSingle(p, L.LastPrice, tick.Tick.LastPrice, tick.Header.PriceDecimals);
        WriteDepthRecords(p, L.MarketDepthLevels, bids, asks, tick.Header.PriceDecimals, tick.Header.QuantityDecimals);
        return L.MarketDepthLength;
    }

    /// <summary>Code-7 market status (header only, as the SDK reads it).</summary>
    public static int WriteMarketStatus(Span<byte> destination, DhanExchangeSegment segment = DhanExchangeSegment.NseEq, uint securityId = 0)
    {
        Header(destination, DhanResponseCode.MarketStatus, L.HeaderLength, segment, securityId);
        return L.HeaderLength;
    }

    /// <summary>Code-50 feed disconnect with an annexure reason code (e.g. 805).</summary>
    public static int WriteDisconnect(Span<byte> destination, short reason, DhanExchangeSegment segment = DhanExchangeSegment.NseEq, uint securityId = 0)
    {
        Span<byte> p = Header(destination, DhanResponseCode.Disconnect, L.DisconnectLength, segment, securityId);
        BinaryPrimitives.WriteInt16LittleEndian(p[L.DisconnectReason..], reason);
        return L.DisconnectLength;
    }

    /// <summary>A header-only packet with any code (heartbeat 0, or codes a test wants to be unknown).</summary>
    public static int WriteHeaderOnly(Span<byte> destination, byte code, ushort length = L.HeaderLength, DhanExchangeSegment segment = DhanExchangeSegment.NseEq, uint securityId = 0)
    {
        destination[..length].Clear();
        Header(destination, (DhanResponseCode)code, length, segment, securityId);
        return length;
    }

    /// <summary>A mantissa as float32 rupees (nearest float; e.g. 161225 at 2 decimals → 1612.25f).</summary>
    public static float ToSingle(long mantissa, int decimals) => (float)((double)mantissa / FixedPoint.Pow10(decimals));

    private static int WriteTickerLayout(Span<byte> destination, DhanResponseCode code, DhanExchangeSegment segment, uint securityId, in MarketEvent tick)
    {
        Span<byte> p = Header(destination, code, L.TickerLength, segment, securityId);
        WriteSingle(p, L.TickerPrice, tick.Tick.LastPrice, tick.Header.PriceDecimals);
        BinaryPrimitives.WriteInt32LittleEndian(p[L.TickerTime..], Seconds(tick.Tick.LastTradeTimeNs));
        return L.TickerLength;
    }

    private static void WriteTradeFields(Span<byte> p, in MarketEvent tick)
    {
        int d = tick.Header.PriceDecimals;
        int q = tick.Header.QuantityDecimals;
        ref readonly TickPayload t = ref tick.Tick;
        WriteSingle(p, L.LastPrice, t.LastPrice, d);
        BinaryPrimitives.WriteUInt16LittleEndian(p[L.LastQuantity..], (ushort)Math.Clamp(Units(t.LastQuantity, q), 0, ushort.MaxValue));
        BinaryPrimitives.WriteInt32LittleEndian(p[L.LastTradeTime..], Seconds(t.LastTradeTimeNs));
        WriteSingle(p, L.AveragePrice, t.AveragePrice, d);
        BinaryPrimitives.WriteUInt32LittleEndian(p[L.Volume..], Units(t.CumulativeVolume, q));
        BinaryPrimitives.WriteUInt32LittleEndian(p[L.TotalSellQuantity..], Units(t.TotalSellQuantity, q));
        BinaryPrimitives.WriteUInt32LittleEndian(p[L.TotalBuyQuantity..], Units(t.TotalBuyQuantity, q));
    }

    private static void WriteDepthRecords(Span<byte> p, int first, ReadOnlySpan<DepthLevel> bids, ReadOnlySpan<DepthLevel> asks, int priceDecimals, int quantityDecimals)
    {
        for (int k = 0; k < L.DepthLevels; k++)
        {
            Span<byte> r = p.Slice(first + (k * L.DepthRecordLength), L.DepthRecordLength);
            r.Clear();
            if (k < bids.Length)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(r[L.RecordBidQuantity..], Units(bids[k].Quantity, quantityDecimals));
                BinaryPrimitives.WriteUInt16LittleEndian(r[L.RecordBidOrders..], (ushort)Math.Clamp(bids[k].Orders, 0, ushort.MaxValue));
                WriteSingle(r, L.RecordBidPrice, bids[k].Price, priceDecimals);
            }

            if (k < asks.Length)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(r[L.RecordAskQuantity..], Units(asks[k].Quantity, quantityDecimals));
                BinaryPrimitives.WriteUInt16LittleEndian(r[L.RecordAskOrders..], (ushort)Math.Clamp(asks[k].Orders, 0, ushort.MaxValue));
                WriteSingle(r, L.RecordAskPrice, asks[k].Price, priceDecimals);
            }
        }
    }

    private static Span<byte> Header(Span<byte> destination, DhanResponseCode code, int length, DhanExchangeSegment segment, uint securityId)
    {
        Span<byte> p = destination[..length];
        p[L.Code] = (byte)code;
        BinaryPrimitives.WriteUInt16LittleEndian(p[L.Length..], (ushort)length);
        p[L.Segment] = (byte)segment;
        BinaryPrimitives.WriteUInt32LittleEndian(p[L.SecurityId..], securityId);
        return p;
    }

    private static void WriteSingle(Span<byte> p, int offset, long mantissa, int decimals) =>
        BinaryPrimitives.WriteSingleLittleEndian(p[offset..], ToSingle(mantissa, decimals));

    private static int Seconds(long unixNs) => (int)(unixNs / UnixTime.NanosPerSecond);

    private static uint Units(long mantissa, int decimals) => (uint)Math.Clamp(mantissa / FixedPoint.Pow10(decimals), 0, uint.MaxValue);
}
