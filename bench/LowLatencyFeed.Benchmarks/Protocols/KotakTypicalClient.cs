namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>
/// The SDK-like client style, kept as the benchmark baseline: a <see cref="BinaryReader"/> per frame and a dictionary
/// of named values per packet (as the Python SDKs hand to callbacks), prices as <see cref="decimal"/> ÷ divider.
/// </summary>
public static class KotakTypicalClient
{
    public static List<Dictionary<string, object>> Parse(byte[] frame, decimal divider)
    {
        var result = new List<Dictionary<string, object>>();
        using var reader = new BinaryReader(new MemoryStream(frame));
        while (reader.BaseStream.Position + 2 <= frame.Length)
        {
            long start = reader.BaseStream.Position;
            int length = reader.ReadUInt16();
            if (length < 9 || start + length > frame.Length)
            {
                break;
            }

            int code = reader.ReadUInt16();
            int exchange = reader.ReadSByte();
            int level = reader.ReadByte();
            reader.ReadBytes(3);
            var packet = new Dictionary<string, object> { ["code"] = code, ["exchange"] = exchange, ["level"] = level, ["token"] = reader.ReadUInt32() };
            if (code == 7207)
            {
                packet["open"] = reader.ReadInt32() / divider;
                packet["close"] = reader.ReadInt32() / divider;
                packet["high"] = reader.ReadInt32() / divider;
                packet["low"] = reader.ReadInt32() / divider;
                packet["ltp"] = reader.ReadInt32() / divider;
                packet["ltt"] = DateTimeOffset.FromUnixTimeSeconds((long)reader.ReadUInt64()).UtcDateTime;
            }
            else if (level == 1)
            {
                packet["ltt"] = DateTimeOffset.FromUnixTimeSeconds(reader.ReadInt64()).UtcDateTime;
                packet["ltp"] = reader.ReadUInt32() / divider;
                packet["ltq"] = reader.ReadInt64();
                packet["close"] = reader.ReadUInt32() / divider;
            }
            else
            {
                packet["tbq"] = reader.ReadInt64();
                packet["tsq"] = reader.ReadInt64();
                packet["v"] = reader.ReadInt64();
                packet["ltt"] = DateTimeOffset.FromUnixTimeSeconds(reader.ReadInt64()).UtcDateTime;
                packet["lut"] = reader.ReadInt64();
                packet["open"] = reader.ReadUInt32() / divider;
                packet["close"] = reader.ReadUInt32() / divider;
                packet["high"] = reader.ReadUInt32() / divider;
                packet["low"] = reader.ReadUInt32() / divider;
                packet["ltp"] = reader.ReadUInt32() / divider;
                packet["ltq"] = reader.ReadInt64();
                packet["ap"] = reader.ReadUInt32() / divider;
                reader.ReadUInt32();
                uint buys = reader.ReadUInt32();
                uint sells = reader.ReadUInt32();
                reader.BaseStream.Position = start + 144;
                var rows = new List<(long, decimal, int)>();
                for (int i = 0; i < buys + sells; i++)
                {
                    rows.Add((reader.ReadInt64(), reader.ReadInt32() / divider, reader.ReadInt32()));
                }

                packet["bids"] = rows.Take((int)buys).ToList();
                packet["asks"] = rows.Skip((int)buys).ToList();
            }

            result.Add(packet);
            reader.BaseStream.Position = start + length;
        }

        return result;
    }
}
