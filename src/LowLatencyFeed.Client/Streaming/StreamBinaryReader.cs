using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace LowLatencyFeed.Client.Streaming;

/// <summary>
/// Turns one binary stream message (asked for with <c>"format": "binary"</c>; layout in the README, "Live stream",
/// binary form) into the same typed record its JSON form reads into.
/// </summary>
public static class StreamBinaryReader
{
    private const int HeaderBytes = 32;

    /// <summary>The typed message of <paramref name="message"/>; <see cref="UnknownMessage"/> for a type or layout version this client does not know.</summary>
    public static StreamMessage Read(ReadOnlySpan<byte> message)
    {
        if (message.Length < HeaderBytes || message[1] != 1)
        {
            return new UnknownMessage { Type = message.Length == 0 ? "" : "binary:" + message[0].ToString(CultureInfo.InvariantCulture) };
        }

        var header = new Header(message);
        ReadOnlySpan<byte> body = message[HeaderBytes..];
        return message[0] switch
        {
            1 or 2 => ReadTick(in header, body),
            3 => ReadQuote(in header, body),
            4 => ReadDepth(in header, body),
            5 => ReadBar(in header, body),
            6 => ReadBookMetrics(in header, body),
            7 => ReadSignal(in header, body),
            8 => ReadIndicator(in header, body),
            _ => new UnknownMessage { Type = "binary:" + message[0].ToString(CultureInfo.InvariantCulture) },
        };
    }

    /// <summary>The instrument text (<c>Kite:408065</c>) of an instrument id (feed in the top 8 bits, token below).</summary>
    public static string InstrumentText(long instrumentId)
    {
        string feed = (instrumentId >>> 56) switch
        {
            1 => "Kite",
            2 => "Dhan",
            3 => "Binance",
            4 => "Kotak",
            _ => "None",
        };
        return feed + ":" + (instrumentId & ((1L << 56) - 1)).ToString(CultureInfo.InvariantCulture);
    }

    private static TickMessage ReadTick(in Header h, ReadOnlySpan<byte> body)
    {
        bool trade = h.Type == 2;
        long tradeId = Int64(body, 24);
        return new TickMessage
        {
            Type = trade ? "trade" : "tick",
            Instrument = h.Instrument,
            Time = h.Time,
            Seq = h.Seq,
            Price = (h.Flags & 1) != 0 ? Decimal(Int64(body, 0), h.PriceDecimals) : null,
            Quantity = (h.Flags & 2) != 0 ? Decimal(Int64(body, 8), h.QuantityDecimals) : null,
            Volume = !trade && (h.Flags & 8) != 0 ? Decimal(Int64(body, 16), h.QuantityDecimals) : null,
            TradeId = trade && tradeId != 0 ? tradeId : null,
        };
    }

    private static QuoteMessage ReadQuote(in Header h, ReadOnlySpan<byte> body) => new()
    {
        Type = "quote",
        Instrument = h.Instrument,
        Time = h.Time,
        Seq = h.Seq,
        Bid = Decimal(Int64(body, 0), h.PriceDecimals),
        BidQuantity = Decimal(Int64(body, 8), h.QuantityDecimals),
        Ask = Decimal(Int64(body, 16), h.PriceDecimals),
        AskQuantity = Decimal(Int64(body, 24), h.QuantityDecimals),
    };

    private static DepthMessage ReadDepth(in Header h, ReadOnlySpan<byte> body)
    {
        int bidCount = BinaryPrimitives.ReadUInt16LittleEndian(body);
        int askCount = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
        return new DepthMessage
        {
            Type = "depth",
            Instrument = h.Instrument,
            Time = h.Time,
            Seq = h.Seq,
            Bids = Levels(body[4..], bidCount, in h),
            Asks = Levels(body[(4 + (bidCount * 16))..], askCount, in h),
        };
    }

    private static decimal[][] Levels(ReadOnlySpan<byte> levels, int count, in Header h)
    {
        var result = new decimal[count][];
        for (int i = 0; i < count; i++)
        {
            result[i] = [Decimal(Int64(levels, i * 16), h.PriceDecimals), Decimal(Int64(levels, (i * 16) + 8), h.QuantityDecimals)];
        }

        return result;
    }

    private static BarMessage ReadBar(in Header h, ReadOnlySpan<byte> body)
    {
        long volume = Int64(body, 36);
        return new BarMessage
        {
            Type = "bar",
            Instrument = h.Instrument,
            Time = h.Time,
            Seq = h.Seq,
            TimeframeSeconds = BinaryPrimitives.ReadInt32LittleEndian(body),
            Open = Decimal(Int64(body, 4), h.PriceDecimals),
            High = Decimal(Int64(body, 12), h.PriceDecimals),
            Low = Decimal(Int64(body, 20), h.PriceDecimals),
            Close = Decimal(Int64(body, 28), h.PriceDecimals),
            Volume = Decimal(volume, h.QuantityDecimals),
            Turnover = Decimal(BinaryPrimitives.ReadInt128LittleEndian(body[44..]), h.PriceDecimals + h.QuantityDecimals),
            Vwap = volume != 0 ? Decimal(Int64(body, 60), h.PriceDecimals) : null,
            TradeCount = Int64(body, 68),
            Flags = h.Flags,
            Channel = Ascii(body[76..]),
        };
    }

    private static BookMetricsMessage ReadBookMetrics(in Header h, ReadOnlySpan<byte> body)
    {
        int bidLevels = BinaryPrimitives.ReadUInt16LittleEndian(body);
        int askLevels = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
        int windowCount = body[4];
        bool bids = bidLevels > 0;
        bool asks = askLevels > 0;
        bool both = bids && asks;
        int p = h.PriceDecimals;
        int q = h.QuantityDecimals;
        var windows = new List<Models.BookWindow>(windowCount);
        for (int i = 0; i < windowCount; i++)
        {
            ReadOnlySpan<byte> window = body[(88 + (i * 32))..];
            windows.Add(new Models.BookWindow(
                BinaryPrimitives.ReadInt32LittleEndian(window),
                Decimal(Int64(window, 8), q),
                Decimal(Int64(window, 16), q),
                BinaryPrimitives.ReadDoubleLittleEndian(window[24..])));
        }

        return new BookMetricsMessage
        {
            Type = "book_metrics",
            Instrument = h.Instrument,
            Time = h.Time,
            Seq = h.Seq,
            BestBid = bids ? Decimal(Int64(body, 8), p) : null,
            BestAsk = asks ? Decimal(Int64(body, 16), p) : null,
            BestBidQuantity = bids ? Decimal(Int64(body, 24), q) : null,
            BestAskQuantity = asks ? Decimal(Int64(body, 32), q) : null,
            Spread = both ? Decimal(Int64(body, 40), p) : null,
            Mid = both ? Decimal(Int64(body, 48), p + 1) : null,
            Microprice = both ? Decimal(Int64(body, 56), p) : null,
            BidQuantity = Decimal(Int64(body, 64), q),
            AskQuantity = Decimal(Int64(body, 72), q),
            BidLevels = bidLevels,
            AskLevels = askLevels,
            Imbalance = BinaryPrimitives.ReadDoubleLittleEndian(body[80..]),
            WindowDepth = windowCount > 0 ? windows[0].Depth : null,
            WindowImbalance = windowCount > 0 ? windows[0].Imbalance : null,
            Windows = windows,
            Flags = h.Flags,
        };
    }

    private static SignalMessage ReadSignal(in Header h, ReadOnlySpan<byte> body)
    {
        long bestBid = Int64(body, 40);
        long bestAsk = Int64(body, 48);
        return new SignalMessage
        {
            Type = "signal",
            Instrument = h.Instrument,
            Time = h.Time,
            Seq = h.Seq,
            WindowDepth = BinaryPrimitives.ReadInt32LittleEndian(body),
            Side = (sbyte)body[4],
            PreviousSide = (sbyte)body[5],
            Imbalance = BinaryPrimitives.ReadDoubleLittleEndian(body[8..]),
            Threshold = BinaryPrimitives.ReadDoubleLittleEndian(body[16..]),
            BidQuantity = Decimal(Int64(body, 24), h.QuantityDecimals),
            AskQuantity = Decimal(Int64(body, 32), h.QuantityDecimals),
            BestBid = bestBid != 0 ? Decimal(bestBid, h.PriceDecimals) : null,
            BestAsk = bestAsk != 0 ? Decimal(bestAsk, h.PriceDecimals) : null,
            ConditionSince = TimeOf(Int64(body, 56)),
            Flags = h.Flags,
        };
    }

    private static IndicatorMessage ReadIndicator(in Header h, ReadOnlySpan<byte> body)
    {
        int valueCount = body[4];
        bool hasExact = body[5] != 0;
        Span<int> parts = stackalloc int[4];
        for (int i = 0; i < 4; i++)
        {
            parts[i] = BinaryPrimitives.ReadInt32LittleEndian(body[(32 + (i * 4))..]);
        }

        return new IndicatorMessage
        {
            Type = "indicator",
            Instrument = h.Instrument,
            Time = h.Time,
            Seq = h.Seq,
            Channel = "indicators",
            TimeframeSeconds = BinaryPrimitives.ReadInt32LittleEndian(body),
            Value = BinaryPrimitives.ReadDoubleLittleEndian(body[8..]),
            Value2 = valueCount >= 2 ? BinaryPrimitives.ReadDoubleLittleEndian(body[16..]) : null,
            Value3 = valueCount >= 3 ? BinaryPrimitives.ReadDoubleLittleEndian(body[24..]) : null,
            ExactValue = hasExact ? new decimal(parts) : null,
            Label = Ascii(body[48..]),
            Flags = h.Flags,
        };
    }

    private static long Int64(ReadOnlySpan<byte> span, int offset) => BinaryPrimitives.ReadInt64LittleEndian(span[offset..]);

    private static decimal Decimal(long mantissa, int decimals)
    {
        ulong magnitude = mantissa < 0 ? (ulong)(-(Int128)mantissa) : (ulong)mantissa;
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, mantissa < 0, (byte)decimals);
    }

    private static decimal Decimal(Int128 mantissa, int decimals)
    {
        UInt128 magnitude = mantissa < 0 ? (UInt128)(-mantissa) : (UInt128)mantissa;
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), (int)(uint)(magnitude >> 64), mantissa < 0, (byte)decimals);
    }

    private static string Ascii(ReadOnlySpan<byte> text) => Encoding.ASCII.GetString(text.Slice(1, text[0]));

    // The JSON form carries times at 100 ns (DateTimeOffset ticks); the binary form's nanoseconds read the same.
    private static DateTimeOffset TimeOf(long unixNs) => DateTimeOffset.UnixEpoch.AddTicks(unixNs / 100);

    private readonly struct Header(ReadOnlySpan<byte> message)
    {
        public readonly int Type = message[0];
        public readonly int PriceDecimals = message[2];
        public readonly int QuantityDecimals = message[3];
        public readonly int Flags = BinaryPrimitives.ReadInt32LittleEndian(message[4..]);
        public readonly string Instrument = InstrumentText(BinaryPrimitives.ReadInt64LittleEndian(message[8..]));
        public readonly DateTimeOffset Time = TimeOf(BinaryPrimitives.ReadInt64LittleEndian(message[16..]));
        public readonly long Seq = BinaryPrimitives.ReadInt64LittleEndian(message[24..]);
    }
}
