using System.Buffers.Binary;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Dhan;

namespace LowLatencyFeed.Protocols.Tests.Dhan;

/// <summary>Hand-built 20/200-level depth packets (Dhan/README.md §6).</summary>
internal static class DhanDepthTestData
{
    /// <summary>One 16-byte row: float64 price, uint32 quantity, uint32 orders, all little-endian.</summary>
    public static byte[] Row(double price, uint quantity, uint orders)
    {
        byte[] row = new byte[16];
        BinaryPrimitives.WriteDoubleLittleEndian(row, price);
        BinaryPrimitives.WriteUInt32LittleEndian(row.AsSpan(8), quantity);
        BinaryPrimitives.WriteUInt32LittleEndian(row.AsSpan(12), orders);
        return row;
    }

    /// <summary>A side packet: 12-byte header (length, code, segment, security id, sequence/rows), then the rows.</summary>
    public static byte[] Side(byte code, uint securityId, uint sequenceOrRows, params byte[][] rows)
    {
        int length = 12 + (rows.Length * 16);
        byte[] packet = new byte[length];
        BinaryPrimitives.WriteUInt16LittleEndian(packet, (ushort)length);
        packet[2] = code;
        packet[3] = 1; // NSE_EQ
        BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(4), securityId);
        BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(8), sequenceOrRows);
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i].CopyTo(packet, 12 + (i * 16));
        }

        return packet;
    }

    /// <summary>20 rows: <paramref name="rows"/> then zero padding.</summary>
    public static byte[][] Pad20(params byte[][] rows) => [.. rows, .. Enumerable.Range(0, 20 - rows.Length).Select(_ => new byte[16])];

    public static DhanDepthProtocol NewDepth(SubscriptionMode mode, DepthSlabPool slabs, bool publishUnknown = false) =>
        new(mode, slabs, new DhanFeedOptions { SessionId = 5, PublishUnknownInstruments = publishUnknown }, DhanTestData.Subscriptions(mode));

    public static DepthLevel[] Levels(DepthSlabPool slabs, in MarketEvent e) =>
        e.Depth.UpdateKind == DepthUpdateKind.AskSnapshot ? slabs.Asks(in e.Depth).ToArray() : slabs.Bids(in e.Depth).ToArray();
}
