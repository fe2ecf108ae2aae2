using System.Buffers.Binary;
using System.Text;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Pricing;
using LowLatencyFeed.Core.Time;
using L = LowLatencyFeed.Protocols.Kotak.KotakHsmLayout;

namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>
/// Writes HSM server frames (Kotak/README.md §4) for the simulator and round-trip tests: the connect response, status
/// responses, and data frames of SNAP and UPDATE records, with or without message numbers. Field values come from
/// engine events: prices become raw × multiplier × 10^precision integers, times epoch seconds, absent fields
/// <see cref="KotakHsmLayout.NoValue"/>. Span methods return the bytes written.
/// </summary>
public static class KotakHsmEncoder
{
    /// <summary>Values a scrip SNAP carries: field ids 0..24 (25..27 are computed by the SDK, never sent).</summary>
    public const int ScripValueCount = L.ScripPrecision + 1;

    /// <summary>Values an index SNAP carries: field ids 0..9.</summary>
    public const int IndexValueCount = L.IndexPrecision + 1;

    /// <summary>Values a depth SNAP carries: field ids 0..33.</summary>
    public const int DepthValueCount = L.DepthFieldCount;

    /// <summary>
    /// Connect response: status field 1 (<c>K</c> or <c>N</c>) and, when <paramref name="ackInterval"/> is positive, field 2
    /// with the interval as a 4-byte integer.
    /// </summary>
    public static int WriteConnectResponse(Span<byte> destination, bool ok, int ackInterval = 0)
    {
        int length = 8 + (ackInterval > 0 ? 7 : 0);
        Span<byte> p = destination[..length];
        BinaryPrimitives.WriteUInt16BigEndian(p, (ushort)(length - 2));
        p[2] = (byte)KotakHsmMessageType.Connect;
        p[3] = (byte)(ackInterval > 0 ? 2 : 1);
        WriteStatusField(p[4..], ok);
        if (ackInterval > 0)
        {
            p[8] = 2;
            BinaryPrimitives.WriteUInt16BigEndian(p[9..], sizeof(int));
            BinaryPrimitives.WriteInt32BigEndian(p[11..], ackInterval);
        }

        return length;
    }

    /// <summary>A status response to a subscribe, unsubscribe, channel pause/resume or snapshot request: one status field.</summary>
    public static int WriteStatusResponse(Span<byte> destination, KotakHsmMessageType type, bool ok)
    {
        Span<byte> p = destination[..8];
        BinaryPrimitives.WriteUInt16BigEndian(p, 6);
        p[2] = (byte)type;
        p[3] = 1;
        WriteStatusField(p[4..], ok);
        return 8;
    }

    /// <summary>Bytes before the first record: length, type, [message number], record count.</summary>
    public static int DataFrameHeaderLength(bool withMessageNumber) => L.HeaderLength + (withMessageNumber ? sizeof(int) : 0) + sizeof(ushort);

    /// <summary>Starts a data frame; write the records after the returned header length, then call <see cref="FinishDataFrame"/>.</summary>
    public static int WriteDataFrameHeader(Span<byte> destination, int? messageNumber)
    {
        int length = DataFrameHeaderLength(messageNumber.HasValue);
        Span<byte> p = destination[..length];
        p.Clear();
        p[L.Type] = (byte)KotakHsmMessageType.Data;
        if (messageNumber is int number)
        {
            BinaryPrimitives.WriteInt32BigEndian(p[L.MessageNumber..], number);
        }

        return length;
    }

    /// <summary>Fills in the frame length (of everything after it) and the record count of the whole <paramref name="frame"/>.</summary>
    public static void FinishDataFrame(Span<byte> frame, bool withMessageNumber, int recordCount)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frame.Length - 2, ushort.MaxValue, nameof(frame));
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)(frame.Length - 2));
        BinaryPrimitives.WriteUInt16BigEndian(frame[(L.HeaderLength + (withMessageNumber ? sizeof(int) : 0))..], checked((ushort)recordCount));
    }

    /// <summary>Bytes of a SNAP record.</summary>
    public static int SnapLength(int topicNameLength, int valueCount, ReadOnlySpan<(byte Field, string Value)> strings)
    {
        int length = 2 + 1 + 4 + 1 + topicNameLength + 1 + (valueCount * sizeof(int)) + 1;
        foreach ((byte _, string value) in strings)
        {
            length += 2 + Encoding.ASCII.GetByteCount(value);
        }

        return length;
    }

    /// <summary>
    /// A SNAP record: its length, 'S', topic id, topic name, <paramref name="values"/> for field ids 0..n−1 and
    /// <paramref name="strings"/> (e.g. 52 token, 53 exchange, 54 trading symbol).
    /// </summary>
    public static int WriteSnap(Span<byte> destination, int topicId, ReadOnlySpan<byte> topicName, ReadOnlySpan<int> values, ReadOnlySpan<(byte Field, string Value)> strings = default)
    {
        int length = SnapLength(topicName.Length, values.Length, strings);
        Span<byte> p = destination[..length];
        BinaryPrimitives.WriteUInt16BigEndian(p, (ushort)(length - 2));
        p[2] = L.SnapRecord;
        BinaryPrimitives.WriteInt32BigEndian(p[3..], topicId);
        p[7] = checked((byte)topicName.Length);
        topicName.CopyTo(p[8..]);
        int at = 8 + topicName.Length;
        at += WriteValues(p[at..], values);
        p[at++] = checked((byte)strings.Length);
        foreach ((byte field, string value) in strings)
        {
            p[at] = field;
            p[at + 1] = checked((byte)Encoding.ASCII.GetBytes(value, p[(at + 2)..]));
            at += 2 + p[at + 1];
        }

        return length;
    }

    /// <summary>Bytes of an UPDATE record.</summary>
    public static int UpdateLength(int valueCount) => 2 + 1 + 4 + 1 + (valueCount * sizeof(int));

    /// <summary>An UPDATE record: its length, 'U', topic id and <paramref name="values"/> (<see cref="KotakHsmLayout.NoValue"/> = unchanged).</summary>
    public static int WriteUpdate(Span<byte> destination, int topicId, ReadOnlySpan<int> values)
    {
        int length = UpdateLength(values.Length);
        Span<byte> p = destination[..length];
        BinaryPrimitives.WriteUInt16BigEndian(p, (ushort)(length - 2));
        p[2] = L.UpdateRecord;
        BinaryPrimitives.WriteInt32BigEndian(p[3..], topicId);
        WriteValues(p[7..], values);
        return length;
    }

    /// <summary>A whole data frame of already written <paramref name="records"/> (tests).</summary>
    public static byte[] DataFrame(int? messageNumber, params byte[][] records)
    {
        ArgumentNullException.ThrowIfNull(records);
        int header = DataFrameHeaderLength(messageNumber.HasValue);
        byte[] frame = new byte[header + records.Sum(static r => r.Length)];
        WriteDataFrameHeader(frame, messageNumber);
        int at = header;
        foreach (byte[] record in records)
        {
            record.CopyTo(frame, at);
            at += record.Length;
        }

        FinishDataFrame(frame, messageNumber.HasValue, records.Length);
        return frame;
    }

    /// <summary>A SNAP record as an array (tests).</summary>
    public static byte[] Snap(int topicId, string topicName, ReadOnlySpan<int> values, ReadOnlySpan<(byte Field, string Value)> strings = default)
    {
        ArgumentNullException.ThrowIfNull(topicName);
        byte[] name = Encoding.ASCII.GetBytes(topicName);
        byte[] record = new byte[SnapLength(name.Length, values.Length, strings)];
        WriteSnap(record, topicId, name, values, strings);
        return record;
    }

    /// <summary>An UPDATE record as an array (tests).</summary>
    public static byte[] Update(int topicId, ReadOnlySpan<int> values)
    {
        byte[] record = new byte[UpdateLength(values.Length)];
        WriteUpdate(record, topicId, values);
        return record;
    }

    /// <summary>
    /// The UPDATE values from <paramref name="previous"/> to <paramref name="current"/>: changed values, the sentinel for the
    /// others, cut after the last change. Returns the count (0: nothing changed).
    /// </summary>
    public static int Changes(ReadOnlySpan<int> previous, ReadOnlySpan<int> current, Span<int> update)
    {
        int count = 0;
        for (int i = 0; i < current.Length; i++)
        {
            bool changed = i >= previous.Length || previous[i] != current[i];
            update[i] = changed ? current[i] : L.NoValue;
            if (changed)
            {
                count = i + 1;
            }
        }

        return count;
    }

    /// <summary>A price mantissa at <paramref name="priceDecimals"/> as the raw integer of multiplier × 10^precision (rounded half away from zero).</summary>
    public static int RawPrice(long mantissa, int priceDecimals, int multiplier, int precision) =>
        Clamp(KotakPriceScale.Create(multiplier * FixedPoint.Pow10(precision), priceDecimals).Invert(mantissa));

    /// <summary>
    /// Scrip values (ids 0..24) from a tick and the best bid/ask of <paramref name="quote"/>: feed time from the exchange time
    /// (absent when it was taken from the receive time), the tick's present fields, multiplier and precision. Circuit
    /// limits and 52-week range are not modelled by the engine and stay absent.
    /// </summary>
    public static void ScripValues(Span<int> values, in MarketEvent tick, in QuotePayload quote, int multiplier, int precision)
    {
        Span<int> v = values[..ScripValueCount];
        v.Fill(L.NoValue);
        ref readonly TickPayload t = ref tick.Tick;
        int d = tick.Header.PriceDecimals;
        long q = FixedPoint.Pow10(tick.Header.QuantityDecimals);
        TickFields f = t.Fields;
        v[L.ScripFeedTime] = ExchangeSeconds(in tick.Header);
        v[L.ScripLastTradeTime] = (f & TickFields.LastTradeTime) != 0 ? Seconds(t.LastTradeTimeNs) : L.NoValue;
        SetIf(v, L.ScripVolume, f, TickFields.CumulativeVolume, t.CumulativeVolume / q);
        SetIf(v, L.ScripLastQuantity, f, TickFields.LastQuantity, t.LastQuantity / q);
        SetIf(v, L.ScripTotalBuyQuantity, f, TickFields.TotalBuySell, t.TotalBuyQuantity / q);
        SetIf(v, L.ScripTotalSellQuantity, f, TickFields.TotalBuySell, t.TotalSellQuantity / q);
        SetIf(v, L.ScripOpenInterest, f, TickFields.OpenInterest, t.OpenInterest / q);
        SetPriceIf(v, L.ScripLastPrice, f, TickFields.LastPrice, t.LastPrice, d, multiplier, precision);
        SetPriceIf(v, L.ScripAveragePrice, f, TickFields.AveragePrice, t.AveragePrice, d, multiplier, precision);
        SetPriceIf(v, L.ScripOpen, f, TickFields.DayOhl, t.Open, d, multiplier, precision);
        SetPriceIf(v, L.ScripHigh, f, TickFields.DayOhl, t.High, d, multiplier, precision);
        SetPriceIf(v, L.ScripLow, f, TickFields.DayOhl, t.Low, d, multiplier, precision);
        SetPriceIf(v, L.ScripClose, f, TickFields.Close, t.Close, d, multiplier, precision);
        v[L.ScripBidPrice] = RawPrice(quote.BidPrice, d, multiplier, precision);
        v[L.ScripAskPrice] = RawPrice(quote.AskPrice, d, multiplier, precision);
        v[L.ScripBidQuantity] = Clamp(quote.BidQuantity / q);
        v[L.ScripAskQuantity] = Clamp(quote.AskQuantity / q);
        v[L.ScripMultiplier] = multiplier;
        v[L.ScripPrecision] = precision;
    }

    /// <summary>Index values (ids 0..9) from an index tick: value, close, feed time, high, low, open, multiplier, precision.</summary>
    public static void IndexValues(Span<int> values, in MarketEvent tick, int multiplier, int precision)
    {
        Span<int> v = values[..IndexValueCount];
        v.Fill(L.NoValue);
        ref readonly TickPayload t = ref tick.Tick;
        int d = tick.Header.PriceDecimals;
        TickFields f = t.Fields;
        v[L.IndexFeedTime] = ExchangeSeconds(in tick.Header);
        SetPriceIf(v, L.IndexValue, f, TickFields.LastPrice, t.LastPrice, d, multiplier, precision);
        SetPriceIf(v, L.IndexClose, f, TickFields.Close, t.Close, d, multiplier, precision);
        SetPriceIf(v, L.IndexOpen, f, TickFields.DayOhl, t.Open, d, multiplier, precision);
        SetPriceIf(v, L.IndexHigh, f, TickFields.DayOhl, t.High, d, multiplier, precision);
        SetPriceIf(v, L.IndexLow, f, TickFields.DayOhl, t.Low, d, multiplier, precision);
        v[L.IndexMultiplier] = multiplier;
        v[L.IndexPrecision] = precision;
    }

    /// <summary>Depth values (ids 0..33) from the first five bids and asks of an inline depth event; missing levels are zero.</summary>
    public static void DepthValues(Span<int> values, in MarketEvent depth, int multiplier, int precision)
    {
        Span<int> v = values[..DepthValueCount];
        v.Fill(0);
        v[0] = L.NoValue;
        v[1] = L.NoValue;
        ref readonly DepthPayload book = ref depth.Depth;
        ReadOnlySpan<DepthLevel> levels = book.Levels;
        int d = depth.Header.PriceDecimals;
        long q = FixedPoint.Pow10(depth.Header.QuantityDecimals);
        for (int i = 0; i < L.DepthLevels; i++)
        {
            if (i < book.BidCount)
            {
                DepthLevel bid = levels[i];
                v[L.DepthBidPrice + i] = RawPrice(bid.Price, d, multiplier, precision);
                v[L.DepthBidQuantity + i] = Clamp(bid.Quantity / q);
                v[L.DepthBidOrders + i] = bid.Orders;
            }

            if (i < book.AskCount)
            {
                DepthLevel ask = levels[book.BidCount + i];
                v[L.DepthAskPrice + i] = RawPrice(ask.Price, d, multiplier, precision);
                v[L.DepthAskQuantity + i] = Clamp(ask.Quantity / q);
                v[L.DepthAskOrders + i] = ask.Orders;
            }
        }

        v[L.DepthMultiplier] = multiplier;
        v[L.DepthPrecision] = precision;
    }

    /// <summary>A wire value: clamped into int32, never the sentinel.</summary>
    public static int Clamp(long value) => (int)Math.Clamp(value, int.MinValue + 1L, int.MaxValue);

    private static int WriteValues(Span<byte> destination, ReadOnlySpan<int> values)
    {
        destination[0] = checked((byte)values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(destination[(1 + (i * sizeof(int)))..], values[i]);
        }

        return 1 + (values.Length * sizeof(int));
    }

    private static void WriteStatusField(Span<byte> destination, bool ok)
    {
        destination[0] = 1;
        BinaryPrimitives.WriteUInt16BigEndian(destination[1..], 1);
        destination[3] = ok ? L.StatusOk : L.StatusNotOk;
    }

    private static void SetIf(Span<int> v, int field, TickFields present, TickFields flag, long value) =>
        v[field] = (present & flag) != 0 ? Clamp(value) : L.NoValue;

    private static void SetPriceIf(Span<int> v, int field, TickFields present, TickFields flag, long mantissa, int decimals, int multiplier, int precision) =>
        v[field] = (present & flag) != 0 ? RawPrice(mantissa, decimals, multiplier, precision) : L.NoValue;

    private static int ExchangeSeconds(in EventHeader header) =>
        (header.Flags & EventFlags.ExchangeTimeFromReceive) != 0 || header.ExchangeTimeNs <= 0 ? L.NoValue : Seconds(header.ExchangeTimeNs);

    private static int Seconds(long unixNs) => Clamp(unixNs / UnixTime.NanosPerSecond);
}
