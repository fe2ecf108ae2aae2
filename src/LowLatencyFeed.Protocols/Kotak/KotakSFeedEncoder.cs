using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Pricing;
using LowLatencyFeed.Core.Time;
using L = LowLatencyFeed.Protocols.Kotak.KotakSFeedLayout;

namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>
/// Writes SFeed packets and control frames (Kotak/README.md §7–§8) from engine events, for the simulator and round-trip tests.
/// Prices become integers × <c>divider</c>; times are written as epoch seconds. Each packet method returns the bytes written.
/// </summary>
public static class KotakSFeedEncoder
{
    /// <summary>Bytes of a market picture with the given rows.</summary>
    public static int MarketPictureLength(int buyRows, int sellRows) => L.Rows + ((buyRows + sellRows) * L.RowLength);

    /// <summary>
    /// A market picture (code 7208) at <paramref name="level"/> from a tick, with <paramref name="bids"/> then
    /// <paramref name="asks"/> as depth rows (level 4 carries exactly one of each).
    /// </summary>
    public static int WriteMarketPicture(
        Span<byte> destination,
        KotakLevel level,
        byte exchangeId,
        uint token,
        in MarketEvent tick,
        ReadOnlySpan<DepthLevel> bids,
        ReadOnlySpan<DepthLevel> asks,
        long divider = KotakExchangeTable.DefaultDivider,
        byte sequenceNumber = 0)
    {
        int length = MarketPictureLength(bids.Length, asks.Length);
        Span<byte> p = Header(destination, length, (ushort)KotakMessageCode.MarketPicture, exchangeId, (byte)level, sequenceNumber);
        var scale = KotakPriceScale.Create(divider, tick.Header.PriceDecimals);
        long q = FixedPoint.Pow10(tick.Header.QuantityDecimals);
        ref readonly TickPayload t = ref tick.Tick;
        BinaryPrimitives.WriteUInt32LittleEndian(p[L.Token..], token);
        BinaryPrimitives.WriteInt64LittleEndian(p[L.TotalBuyQuantity..], t.TotalBuyQuantity / q);
        BinaryPrimitives.WriteInt64LittleEndian(p[L.TotalSellQuantity..], t.TotalSellQuantity / q);
        BinaryPrimitives.WriteInt64LittleEndian(p[L.Volume..], t.CumulativeVolume / q);
        BinaryPrimitives.WriteInt64LittleEndian(p[L.LastTradeTime..], Seconds(t.LastTradeTimeNs));
        BinaryPrimitives.WriteInt64LittleEndian(p[L.LastUpdateTime..], (tick.Header.Flags & EventFlags.ExchangeTimeFromReceive) != 0 ? -1 : Seconds(tick.Header.ExchangeTimeNs));
        WritePrice(p, L.Open, t.Open, scale);
        WritePrice(p, L.Close, t.Close, scale);
        WritePrice(p, L.High, t.High, scale);
        WritePrice(p, L.Low, t.Low, scale);
        WritePrice(p, L.LastPrice, t.LastPrice, scale);
        BinaryPrimitives.WriteInt64LittleEndian(p[L.LastQuantity..], t.LastQuantity / q);
        WritePrice(p, L.AveragePrice, t.AveragePrice, scale);
        BinaryPrimitives.WriteUInt32LittleEndian(p[L.BuyDepthCount..], (uint)bids.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(p[L.SellDepthCount..], (uint)asks.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(p[L.OpenInterest..], (uint)(t.OpenInterest / q));
        BinaryPrimitives.WriteInt32LittleEndian(p[L.NetChange..], (int)scale.Invert(t.NetChange));
        if (t.Close != 0)
        {
            BinaryPrimitives.WriteInt32LittleEndian(p[L.NetChangePercent..], (int)((t.LastPrice - t.Close) * 10_000 / t.Close));
        }

        p[L.Precision] = tick.Header.PriceDecimals;
        BinaryPrimitives.WriteUInt32LittleEndian(p[L.Multiplier..], 1);
        WriteRows(p[L.Rows..], bids, scale, q);
        WriteRows(p[(L.Rows + (bids.Length * L.RowLength))..], asks, scale, q);
        return length;
    }

    /// <summary>A level-1 mini touch line (54 bytes) from a tick's LTP, LTQ, close, net change and trade time.</summary>
    public static int WriteMiniTouchLine(Span<byte> destination, byte exchangeId, uint token, in MarketEvent tick, long divider = KotakExchangeTable.DefaultDivider)
    {
        Span<byte> p = Header(destination, L.MiniLength, (ushort)KotakMessageCode.MarketPicture, exchangeId, (byte)KotakLevel.MiniTouchLine, 0);
        var scale = KotakPriceScale.Create(divider, tick.Header.PriceDecimals);
        ref readonly TickPayload t = ref tick.Tick;
        BinaryPrimitives.WriteUInt32LittleEndian(p[L.Token..], token);
        BinaryPrimitives.WriteInt64LittleEndian(p[L.MiniLastTradeTime..], Seconds(t.LastTradeTimeNs));
        WritePrice(p, L.MiniLastPrice, t.LastPrice, scale);
        BinaryPrimitives.WriteInt64LittleEndian(p[L.MiniLastQuantity..], t.LastQuantity / FixedPoint.Pow10(tick.Header.QuantityDecimals));
        WritePrice(p, L.MiniClose, t.Close, scale);
        BinaryPrimitives.WriteInt32LittleEndian(p[L.MiniNetChange..], (int)scale.Invert(t.NetChange));
        p[L.MiniPrecision] = tick.Header.PriceDecimals;
        BinaryPrimitives.WriteUInt32LittleEndian(p[L.MiniMultiplier..], 1);
        return L.MiniLength;
    }

    /// <summary>An index packet (code 7207, 87 bytes): value, open/high/low/close, trade time and the NUL-padded name.</summary>
    public static int WriteIndex(Span<byte> destination, byte exchangeId, uint token, string name, in MarketEvent tick, long divider = KotakExchangeTable.DefaultDivider)
    {
        ArgumentNullException.ThrowIfNull(name);
        Span<byte> p = Header(destination, L.IndexLength, (ushort)KotakMessageCode.Index, exchangeId, 0, 0);
        var scale = KotakPriceScale.Create(divider, tick.Header.PriceDecimals);
        ref readonly TickPayload t = ref tick.Tick;
        BinaryPrimitives.WriteUInt32LittleEndian(p[L.Token..], token);
        WriteSignedPrice(p, L.IndexOpen, t.Open, scale);
        WriteSignedPrice(p, L.IndexClose, t.Close, scale);
        WriteSignedPrice(p, L.IndexHigh, t.High, scale);
        WriteSignedPrice(p, L.IndexLow, t.Low, scale);
        WriteSignedPrice(p, L.IndexValue, t.LastPrice, scale);
        BinaryPrimitives.WriteInt64LittleEndian(p[L.IndexLastTradeTime..], Seconds(t.LastTradeTimeNs));
        p[L.IndexPrecision] = tick.Header.PriceDecimals;
        BinaryPrimitives.WriteInt32LittleEndian(p[L.IndexMultiplier..], 1);
        Span<byte> field = p.Slice(L.IndexName, L.IndexNameLength);
        Encoding.ASCII.GetBytes(name.AsSpan(0, Math.Min(name.Length, L.IndexNameLength)), field);
        return L.IndexLength;
    }

    /// <summary>A market status packet (code 105, 16 bytes): status code and up to five status characters.</summary>
    public static int WriteMarketStatus(Span<byte> destination, byte exchangeId, ushort statusCode, string status)
    {
        ArgumentNullException.ThrowIfNull(status);
        Span<byte> p = Header(destination, L.StatusLength, (ushort)KotakMessageCode.MarketStatus, exchangeId, 0, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(p[L.StatusCode..], statusCode);
        Encoding.ASCII.GetBytes(status.AsSpan(0, Math.Min(status.Length, 5)), p.Slice(L.StatusText, 5));
        return L.StatusLength;
    }

    /// <summary>A header-only packet: market open (6511), market close (6521), or any code a test needs.</summary>
    public static int WriteHeaderOnly(Span<byte> destination, ushort code, byte exchangeId = 1, byte level = 0, int length = L.HeaderLength)
    {
        Header(destination, length, code, exchangeId, level, 0);
        return length;
    }

    /// <summary>
    /// An auth response text frame: <c>{"message_code":code,"format":"native_batch","exchanges":{name:{"value":id,"divider":d},...}}</c>.
    /// </summary>
    public static byte[] AuthResponse(IEnumerable<(string Name, byte Id, long Divider)> exchanges, int messageCode = KotakFeedEvents.AuthProduction, string format = "native_batch")
    {
        ArgumentNullException.ThrowIfNull(exchanges);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("message_code"u8, messageCode);
            json.WriteString("format"u8, format);
            json.WriteStartObject("exchanges"u8);
            foreach ((string name, byte id, long divider) in exchanges)
            {
                json.WriteStartObject(name);
                json.WriteNumber("value"u8, id);
                json.WriteNumber("divider"u8, divider);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A subscribe acknowledgement text frame (code 1109) with its trading-symbol map.</summary>
    public static byte[] SubscribeAck(IEnumerable<(string Scrip, string TradingSymbol)> symbols)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("message_code"u8, KotakFeedEvents.SubscribeAck);
            json.WriteStartObject("trading_symbols"u8);
            foreach ((string scrip, string symbol) in symbols)
            {
                json.WriteString(scrip, symbol);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static Span<byte> Header(Span<byte> destination, int length, ushort code, byte exchangeId, byte level, byte sequenceNumber)
    {
        Span<byte> p = destination[..length];
        p.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(p[L.Length..], (ushort)length);
        BinaryPrimitives.WriteUInt16LittleEndian(p[L.Code..], code);
        p[L.ExchangeId] = exchangeId;
        p[L.Level] = level;
        p[L.SequenceNumber] = sequenceNumber;
        return p;
    }

    private static void WriteRows(Span<byte> rows, ReadOnlySpan<DepthLevel> levels, KotakPriceScale scale, long quantityScale)
    {
        for (int i = 0; i < levels.Length; i++)
        {
            Span<byte> row = rows.Slice(i * L.RowLength, L.RowLength);
            BinaryPrimitives.WriteInt64LittleEndian(row[L.RowQuantity..], levels[i].Quantity / quantityScale);
            BinaryPrimitives.WriteInt32LittleEndian(row[L.RowPrice..], (int)scale.Invert(levels[i].Price));
            BinaryPrimitives.WriteInt32LittleEndian(row[L.RowOrders..], levels[i].Orders);
        }
    }

    private static void WritePrice(Span<byte> p, int offset, long mantissa, KotakPriceScale scale) =>
        BinaryPrimitives.WriteUInt32LittleEndian(p[offset..], (uint)scale.Invert(mantissa));

    private static void WriteSignedPrice(Span<byte> p, int offset, long mantissa, KotakPriceScale scale) =>
        BinaryPrimitives.WriteInt32LittleEndian(p[offset..], (int)scale.Invert(mantissa));

    private static long Seconds(long unixNs) => unixNs / UnixTime.NanosPerSecond;
}
