using System.Buffers.Binary;

namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>
/// The benchmark baseline for SFeed: an SFeed client as a typical C# developer would write it from the layout
/// (Kotak/README.md §8): little-endian fields read with <see cref="BinaryPrimitives"/> at constant offsets into one
/// typed <see cref="KotakTypicalPacket"/> per packet, prices as <see cref="decimal"/> raw ÷ divider, a list of depth
/// rows per side, a list of packets per frame. No boxing, no dictionaries. Correct on well-formed frames only.
/// </summary>
public static class KotakTypicalClient
{
    private const int MarketPictureRows = 144;
    private const int RowLength = 16;

    /// <summary>Parses every packet of a frame (Kotak/README.md §8.1: stop at a length below 9 or past the frame).</summary>
    public static List<KotakTypicalPacket> Parse(byte[] frame, decimal divider)
    {
        var result = new List<KotakTypicalPacket>();
        int offset = 0;
        while (offset + 2 <= frame.Length)
        {
            ReadOnlySpan<byte> rest = frame.AsSpan(offset);
            int length = BinaryPrimitives.ReadUInt16LittleEndian(rest);
            if (length < 9 || length > rest.Length)
            {
                break;
            }

            ReadOnlySpan<byte> p = rest[..length];
            var packet = new KotakTypicalPacket
            {
                Code = BinaryPrimitives.ReadUInt16LittleEndian(p[2..]),
                Exchange = (sbyte)p[4],
                Level = p[5],
                Token = BinaryPrimitives.ReadUInt32LittleEndian(p[9..]),
            };
            if (packet.Code == 7207)
            {
                ReadIndex(p, packet, divider);
            }
            else if (packet.Level == 1)
            {
                ReadMini(p, packet, divider);
            }
            else
            {
                ReadMarketPicture(p, packet, divider);
            }

            result.Add(packet);
            offset += length;
        }

        return result;
    }

    // Kotak/README.md §8.5: the index packet.
    private static void ReadIndex(ReadOnlySpan<byte> p, KotakTypicalPacket packet, decimal divider)
    {
        packet.Open = BinaryPrimitives.ReadInt32LittleEndian(p[13..]) / divider;
        packet.Close = BinaryPrimitives.ReadInt32LittleEndian(p[17..]) / divider;
        packet.High = BinaryPrimitives.ReadInt32LittleEndian(p[21..]) / divider;
        packet.Low = BinaryPrimitives.ReadInt32LittleEndian(p[25..]) / divider;
        packet.LastPrice = BinaryPrimitives.ReadInt32LittleEndian(p[29..]) / divider;
        packet.LastTradeTime = DateTimeOffset.FromUnixTimeSeconds((long)BinaryPrimitives.ReadUInt64LittleEndian(p[33..])).UtcDateTime;
    }

    // Kotak/README.md §8.4: the mini touch line.
    private static void ReadMini(ReadOnlySpan<byte> p, KotakTypicalPacket packet, decimal divider)
    {
        packet.LastTradeTime = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64LittleEndian(p[13..])).UtcDateTime;
        packet.LastPrice = BinaryPrimitives.ReadUInt32LittleEndian(p[21..]) / divider;
        packet.LastQuantity = BinaryPrimitives.ReadInt64LittleEndian(p[25..]);
        packet.Close = BinaryPrimitives.ReadUInt32LittleEndian(p[33..]) / divider;
    }

    // Kotak/README.md §8.3: the market picture, 144 fixed bytes then 16-byte depth rows, buys first.
    private static void ReadMarketPicture(ReadOnlySpan<byte> p, KotakTypicalPacket packet, decimal divider)
    {
        packet.TotalBuyQuantity = BinaryPrimitives.ReadInt64LittleEndian(p[13..]);
        packet.TotalSellQuantity = BinaryPrimitives.ReadInt64LittleEndian(p[21..]);
        packet.Volume = BinaryPrimitives.ReadInt64LittleEndian(p[29..]);
        packet.LastTradeTime = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64LittleEndian(p[37..])).UtcDateTime;
        packet.Open = BinaryPrimitives.ReadUInt32LittleEndian(p[53..]) / divider;
        packet.Close = BinaryPrimitives.ReadUInt32LittleEndian(p[57..]) / divider;
        packet.High = BinaryPrimitives.ReadUInt32LittleEndian(p[61..]) / divider;
        packet.Low = BinaryPrimitives.ReadUInt32LittleEndian(p[65..]) / divider;
        packet.LastPrice = BinaryPrimitives.ReadUInt32LittleEndian(p[69..]) / divider;
        packet.LastQuantity = BinaryPrimitives.ReadInt64LittleEndian(p[73..]);
        packet.AveragePrice = BinaryPrimitives.ReadUInt32LittleEndian(p[81..]) / divider;
        int buys = (int)BinaryPrimitives.ReadUInt32LittleEndian(p[89..]);
        int sells = (int)BinaryPrimitives.ReadUInt32LittleEndian(p[93..]);
        packet.OpenInterest = BinaryPrimitives.ReadUInt32LittleEndian(p[103..]);
        int rows = Math.Min(buys + sells, (p.Length - MarketPictureRows) / RowLength);
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<byte> row = p.Slice(MarketPictureRows + (i * RowLength), RowLength);
            var level = new KotakTypicalLevel(
                BinaryPrimitives.ReadInt32LittleEndian(row[8..]) / divider,
                BinaryPrimitives.ReadInt64LittleEndian(row),
                BinaryPrimitives.ReadInt32LittleEndian(row[12..]));
            (i < buys ? packet.Bids : packet.Asks).Add(level);
        }
    }
}
