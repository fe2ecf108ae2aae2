using System.Buffers.Binary;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Pricing;
using L = LowLatencyFeed.Protocols.Dhan.DhanDepthLayout;

namespace LowLatencyFeed.Protocols.Dhan;

/// <summary>
/// Writes Dhan 20/200-level depth packets (Dhan/README.md §6) from engine depth levels, for the simulator and round-trip
/// tests. Prices become float64 rupees. Each method returns the bytes written.
/// </summary>
public static class DhanDepthEncoder
{
    /// <summary>Bytes of a 200-level side packet with <paramref name="rows"/> rows.</summary>
    public static int Side200Length(int rows) => L.HeaderLength + (rows * L.RowLength);

    /// <summary>
    /// A 20-level side packet (332 bytes): code 41 (bid) or 51 (ask), the message sequence at offset 8, then 20 rows —
    /// <paramref name="levels"/> in the order given, zero rows after them.
    /// </summary>
    public static int WriteSide20(Span<byte> destination, bool bid, DhanExchangeSegment segment, uint securityId, ReadOnlySpan<DepthLevel> levels, int priceDecimals, uint messageSequence = 0, int quantityDecimals = 0)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(levels.Length, L.Rows20);
        Span<byte> p = destination[..L.Side20Length];
        p.Clear();
        WriteHeader(p, bid ? DhanResponseCode.DepthBid : DhanResponseCode.DepthAsk, L.Side20Length, segment, securityId, messageSequence);
        WriteRows(p[L.HeaderLength..], levels, priceDecimals, quantityDecimals);
        return L.Side20Length;
    }

    /// <summary>A 200-level side packet: the row count at offset 8, then exactly <paramref name="levels"/>.Length rows.</summary>
    public static int WriteSide200(Span<byte> destination, bool bid, DhanExchangeSegment segment, uint securityId, ReadOnlySpan<DepthLevel> levels, int priceDecimals, int quantityDecimals = 0)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(levels.Length, L.MaxRows200);
        int length = Side200Length(levels.Length);
        Span<byte> p = destination[..length];
        WriteHeader(p, bid ? DhanResponseCode.DepthBid : DhanResponseCode.DepthAsk, length, segment, securityId, (uint)levels.Length);
        WriteRows(p[L.HeaderLength..], levels, priceDecimals, quantityDecimals);
        return length;
    }

    /// <summary>A depth-feed disconnect as documented: 12-byte header plus an int16 reason (14 bytes).</summary>
    public static int WriteDisconnect(Span<byte> destination, short reason, DhanExchangeSegment segment = DhanExchangeSegment.NseEq, uint securityId = 0)
    {
        Span<byte> p = destination[..L.DisconnectLength];
        WriteHeader(p, DhanResponseCode.Disconnect, L.DisconnectLength, segment, securityId, 0);
        BinaryPrimitives.WriteInt16LittleEndian(p[L.DisconnectReason..], reason);
        return L.DisconnectLength;
    }

    /// <summary>The 12-byte depth header alone (length first, then code, segment, security id, sequence or rows).</summary>
    public static void WriteHeader(Span<byte> destination, DhanResponseCode code, int length, DhanExchangeSegment segment, uint securityId, uint sequenceOrRows)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(destination[L.Length..], (ushort)length);
        destination[L.Code] = (byte)code;
        destination[L.Segment] = (byte)segment;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[L.SecurityId..], securityId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[L.SequenceOrRows..], sequenceOrRows);
    }

    private static void WriteRows(Span<byte> rows, ReadOnlySpan<DepthLevel> levels, int priceDecimals, int quantityDecimals)
    {
        double scale = FixedPoint.Pow10(priceDecimals);
        long quantityScale = FixedPoint.Pow10(quantityDecimals);
        for (int i = 0; i < levels.Length; i++)
        {
            Span<byte> row = rows.Slice(i * L.RowLength, L.RowLength);
            BinaryPrimitives.WriteDoubleLittleEndian(row[L.RowPrice..], levels[i].Price / scale);
            BinaryPrimitives.WriteUInt32LittleEndian(row[L.RowQuantity..], (uint)Math.Clamp(levels[i].Quantity / quantityScale, 0, uint.MaxValue));
            BinaryPrimitives.WriteUInt32LittleEndian(row[L.RowOrders..], (uint)Math.Max(0, levels[i].Orders));
        }
    }
}
