using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Pricing;
using LowLatencyFeed.Core.Time;
using L = LowLatencyFeed.Protocols.Kite.KitePacketLayout;

namespace LowLatencyFeed.Protocols.Kite;

/// <summary>
/// Writes engine events in Kite's wire format (the simulator's direction), without allocating. A tick becomes an
/// 8/44/184-byte packet (28/32 for indices) by <see cref="KiteMode"/>; a full packet takes its 5+5 depth from a
/// companion <see cref="EventKind.Depth"/> event. Prices are rescaled to the token segment's divisor when the event
/// uses other decimals. Invalid events (not a tick, value out of the wire's range) throw: they are the caller's bug.
/// </summary>
public static class KiteEncoder
{
    /// <summary>The longest packet (tradable full).</summary>
    public const int MaxPacketLength = L.MaxLength;

    /// <summary>Bytes of a heartbeat message.</summary>
    public const int HeartbeatLength = 1;

    /// <summary>Upper bound of a frame holding <paramref name="packetCount"/> packets, for sizing buffers.</summary>
    public static int MaxFrameLength(int packetCount) => L.PrefixLength + (packetCount * (L.PrefixLength + MaxPacketLength));

    /// <summary>Packet size of <paramref name="mode"/> for an index or a tradable instrument.</summary>
    public static int PacketLength(KiteMode mode, bool index) => mode switch
    {
        KiteMode.Ltp => L.LtpLength,
        KiteMode.Quote => index ? L.IndexQuoteLength : L.QuoteLength,
        KiteMode.Full => index ? L.IndexFullLength : L.FullLength,
        _ => ThrowHelper.ThrowArgumentOutOfRange<int, int>(nameof(mode), "Unknown Kite mode {0}.", (int)mode),
    };

    /// <summary>Packet size of <paramref name="tick"/> in <paramref name="mode"/>.</summary>
    public static int PacketLength(in MarketEvent tick, KiteMode mode) => PacketLength(mode, IsIndex(tick));

    /// <summary>True when the tick is written in the index layouts: flagged <see cref="EventFlags.Index"/> or of segment 9.</summary>
    public static bool IsIndex(in MarketEvent tick) =>
        (tick.Header.Flags & EventFlags.Index) != 0 || KiteSegments.IsIndex(KiteSegments.Of(tick.Header.Instrument.Token));

    /// <summary>Writes one packet without its length prefix. Returns its length.</summary>
    /// <param name="destination">At least <see cref="PacketLength(in MarketEvent, KiteMode)"/> bytes.</param>
    /// <param name="tick">A <see cref="EventKind.Tick"/> event; its token (low 32 bits of the instrument) goes on the wire.</param>
    /// <param name="depth">A <see cref="EventKind.Depth"/> event with inline levels for tradable full packets, or default for an empty book.</param>
    /// <param name="mode">Packet kind.</param>
    public static int WritePacket(Span<byte> destination, in MarketEvent tick, in MarketEvent depth, KiteMode mode)
    {
        if (tick.Header.Kind != EventKind.Tick)
        {
            ThrowHelper.ThrowArgument(nameof(tick), "Kite packets encode Tick events, not {0}.", tick.Header.Kind);
        }

        long token = tick.Header.Instrument.Token;
        if ((ulong)token > uint.MaxValue)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(tick), "Token {0} does not fit Kite's 32-bit instrument_token.", token);
        }

        if (!KiteSegments.TryGetPriceDecimals(KiteSegments.Of(token), out byte wireDecimals))
        {
            ThrowHelper.ThrowArgument(nameof(tick), "Token {0} has exchange segment {1}, which Kite does not define.", token, KiteSegments.Of(token));
        }

        bool index = IsIndex(tick);
        int length = PacketLength(mode, index);
        if (destination.Length < length)
        {
            ThrowHelper.ThrowArgument(nameof(destination), "Destination has {0} bytes; a {1} packet needs {2}.", destination.Length, mode, length);
        }

        ref byte p = ref MemoryMarshal.GetReference(destination);
        ref readonly TickPayload t = ref tick.Tick;
        int decimals = tick.Header.PriceDecimals;
        KiteWire.WriteUInt32(ref p, L.Token, (uint)token);
        KiteWire.WriteUInt32(ref p, L.LastPrice, Price(t.LastPrice, decimals, wireDecimals));
        if (mode == KiteMode.Ltp)
        {
            return length;
        }

        uint exchangeSeconds = (tick.Header.Flags & EventFlags.ExchangeTimeFromReceive) != 0 ? 0 : Seconds(tick.Header.ExchangeTimeNs);
        if (index)
        {
            KiteWire.WriteUInt32(ref p, L.IndexHigh, Price(t.High, decimals, wireDecimals));
            KiteWire.WriteUInt32(ref p, L.IndexLow, Price(t.Low, decimals, wireDecimals));
            KiteWire.WriteUInt32(ref p, L.IndexOpen, Price(t.Open, decimals, wireDecimals));
            KiteWire.WriteUInt32(ref p, L.IndexClose, Price(t.Close, decimals, wireDecimals));
            KiteWire.WriteUInt32(ref p, L.IndexChange, (uint)SignedPrice(t.NetChange, decimals, wireDecimals));
            if (mode == KiteMode.Full)
            {
                KiteWire.WriteUInt32(ref p, L.IndexExchangeTimestamp, exchangeSeconds);
            }

            return length;
        }

        int quantityDecimals = tick.Header.QuantityDecimals;
        KiteWire.WriteUInt32(ref p, L.LastQuantity, Price(t.LastQuantity, quantityDecimals, 0));
        KiteWire.WriteUInt32(ref p, L.AveragePrice, Price(t.AveragePrice, decimals, wireDecimals));
        KiteWire.WriteUInt32(ref p, L.Volume, Price(t.CumulativeVolume, quantityDecimals, 0));
        KiteWire.WriteUInt32(ref p, L.TotalBuyQuantity, Price(t.TotalBuyQuantity, quantityDecimals, 0));
        KiteWire.WriteUInt32(ref p, L.TotalSellQuantity, Price(t.TotalSellQuantity, quantityDecimals, 0));
        KiteWire.WriteUInt32(ref p, L.Open, Price(t.Open, decimals, wireDecimals));
        KiteWire.WriteUInt32(ref p, L.High, Price(t.High, decimals, wireDecimals));
        KiteWire.WriteUInt32(ref p, L.Low, Price(t.Low, decimals, wireDecimals));
        KiteWire.WriteUInt32(ref p, L.Close, Price(t.Close, decimals, wireDecimals));
        if (mode == KiteMode.Quote)
        {
            return length;
        }

        uint lastTradeSeconds = (t.Fields & TickFields.LastTradeTime) != 0 ? Seconds(t.LastTradeTimeNs) : 0;
        KiteWire.WriteUInt32(ref p, L.LastTradeTime, lastTradeSeconds);
        KiteWire.WriteUInt32(ref p, L.OpenInterest, Price(t.OpenInterest, quantityDecimals, 0));

        // The event model has no slot for the day's OI high/low, so the simulator sends zeros.
        KiteWire.WriteUInt32(ref p, L.OpenInterestDayHigh, 0);
        KiteWire.WriteUInt32(ref p, L.OpenInterestDayLow, 0);
        KiteWire.WriteUInt32(ref p, L.ExchangeTimestamp, exchangeSeconds);
        WriteDepth(ref p, depth, wireDecimals);
        return length;
    }

    /// <summary>Writes one packet with an empty book for full mode. Returns its length.</summary>
    public static int WritePacket(Span<byte> destination, in MarketEvent tick, KiteMode mode) => WritePacket(destination, tick, default(MarketEvent), mode);

    /// <summary>
    /// Writes a whole frame (count, then length-prefixed packets) of <paramref name="ticks"/> in one mode. Returns its length.
    /// </summary>
    /// <param name="destination">At least <see cref="MaxFrameLength"/>(ticks.Length) bytes is always enough.</param>
    /// <param name="ticks">Tick events, one packet each.</param>
    /// <param name="depths">Empty, or one depth event (or default) per tick for full packets.</param>
    /// <param name="mode">Packet kind of every packet.</param>
    public static int WriteFrame(Span<byte> destination, ReadOnlySpan<MarketEvent> ticks, ReadOnlySpan<MarketEvent> depths, KiteMode mode)
    {
        ValidateFrame(ticks, depths);
        var writer = new KiteFrameWriter(destination);
        for (int i = 0; i < ticks.Length; i++)
        {
            if (!writer.TryAppend(ticks[i], depths.IsEmpty ? default : depths[i], mode))
            {
                ThrowHelper.ThrowArgument(nameof(destination), "Destination of {0} bytes is too small for {1} {2} packets.", destination.Length, ticks.Length, mode);
            }
        }

        return writer.Length;
    }

    /// <summary>As <see cref="WriteFrame(Span{byte}, ReadOnlySpan{MarketEvent}, ReadOnlySpan{MarketEvent}, KiteMode)"/>, into a buffer writer (advanced by the frame's length).</summary>
    public static int WriteFrame(IBufferWriter<byte> output, ReadOnlySpan<MarketEvent> ticks, ReadOnlySpan<MarketEvent> depths, KiteMode mode)
    {
        ArgumentNullException.ThrowIfNull(output);
        ValidateFrame(ticks, depths);
        int length = L.PrefixLength;
        for (int i = 0; i < ticks.Length; i++)
        {
            length += L.PrefixLength + PacketLength(ticks[i], mode);
        }

        int written = WriteFrame(output.GetSpan(length), ticks, depths, mode);
        output.Advance(written);
        return written;
    }

    /// <summary>Writes the 1-byte heartbeat message the server sends when idle. Returns 1.</summary>
    public static int WriteHeartbeat(Span<byte> destination)
    {
        if (destination.IsEmpty)
        {
            ThrowHelper.ThrowArgument(nameof(destination), "A heartbeat needs one byte.");
        }

        destination[0] = 0;
        return HeartbeatLength;
    }

    private static void ValidateFrame(ReadOnlySpan<MarketEvent> ticks, ReadOnlySpan<MarketEvent> depths)
    {
        if (!depths.IsEmpty && depths.Length != ticks.Length)
        {
            ThrowHelper.ThrowArgument(nameof(depths), "Expected no depths or one per tick ({0}), got {1}.", ticks.Length, depths.Length);
        }

        if (ticks.Length > ushort.MaxValue)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(ticks), "A frame holds at most {0} packets.", ushort.MaxValue);
        }
    }

    private static void WriteDepth(ref byte p, in MarketEvent depth, byte wireDecimals)
    {
        // Unwritten entries (shallow book, or no depth event) are zero, as Kite sends them.
        Unsafe.InitBlockUnaligned(ref Unsafe.Add(ref p, L.Depth), 0, 2 * L.DepthLevelsPerSide * L.DepthEntryLength);
        if (depth.Header.Kind == EventKind.None)
        {
            return;
        }

        if (depth.Header.Kind != EventKind.Depth || depth.Depth.SlabIndex != -1)
        {
            ThrowHelper.ThrowArgument(nameof(depth), "A full packet takes its book from a Depth event with inline levels (SlabIndex -1).");
        }

        ref readonly DepthPayload payload = ref depth.Depth;
        int bids = Math.Min((int)payload.BidCount, L.DepthLevelsPerSide);
        int asks = Math.Min((int)payload.AskCount, L.DepthLevelsPerSide);
        if (payload.BidCount + payload.AskCount > InlineDepthLevels.Capacity)
        {
            ThrowHelper.ThrowArgument(nameof(depth), "Inline depth holds {0} levels, got {1}+{2}.", InlineDepthLevels.Capacity, payload.BidCount, payload.AskCount);
        }

        for (int i = 0; i < bids; i++)
        {
            WriteLevel(ref p, i, payload.Levels[i], depth.Header, wireDecimals);
        }

        for (int i = 0; i < asks; i++)
        {
            WriteLevel(ref p, L.DepthLevelsPerSide + i, payload.Levels[payload.BidCount + i], depth.Header, wireDecimals);
        }
    }

    private static void WriteLevel(ref byte p, int entry, in DepthLevel level, in EventHeader header, byte wireDecimals)
    {
        int at = L.Depth + (entry * L.DepthEntryLength);
        KiteWire.WriteUInt32(ref p, at + L.DepthQuantity, Price(level.Quantity, header.QuantityDecimals, 0));
        KiteWire.WriteUInt32(ref p, at + L.DepthPrice, Price(level.Price, header.PriceDecimals, wireDecimals));
        if ((uint)level.Orders > ushort.MaxValue)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(level), "Order count {0} does not fit Kite's 16-bit field.", level.Orders);
        }

        KiteWire.WriteUInt16(ref p, at + L.DepthOrders, (ushort)level.Orders);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Price(long mantissa, int decimals, int wireDecimals)
    {
        long value = decimals == wireDecimals ? mantissa : FixedPoint.Rescale(mantissa, decimals, wireDecimals);
        if ((ulong)value > uint.MaxValue)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(mantissa), "Value {0}e-{1} does not fit Kite's unsigned 32-bit field.", mantissa, decimals);
        }

        return (uint)value;
    }

    private static int SignedPrice(long mantissa, int decimals, int wireDecimals)
    {
        long value = decimals == wireDecimals ? mantissa : FixedPoint.Rescale(mantissa, decimals, wireDecimals);
        if (value is < int.MinValue or > int.MaxValue)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(mantissa), "Change {0}e-{1} does not fit Kite's signed 32-bit field.", mantissa, decimals);
        }

        return (int)value;
    }

    private static uint Seconds(long unixNs)
    {
        long seconds = unixNs <= 0 ? 0 : unixNs / UnixTime.NanosPerSecond;
        if (seconds > uint.MaxValue)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(unixNs), "Time {0} ns is beyond Kite's 32-bit seconds.", unixNs);
        }

        return (uint)seconds;
    }
}
