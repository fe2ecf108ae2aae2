namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>
/// The benchmark baseline: a Kite parser as the official .NET client (KiteConnect's ticker) does it (Protocols/README.md
/// §7): big-endian fields read with shifts at a running offset, each packet into a <see cref="KiteTypicalTick"/>
/// struct with decimal prices (raw value / segment divisor) and, for full packets, two new arrays of five
/// <see cref="KiteTypicalDepthItem"/> structs; one callback per tick. Written for comparison only; correct on
/// well-formed frames.
/// </summary>
public static class KiteTypicalClientParser
{
    /// <summary>Parses one frame, calling <paramref name="onTick"/> once per tick; returns the ticks delivered.</summary>
    public static int Parse(byte[] data, int count, Action<KiteTypicalTick> onTick)
    {
        if (count == 1)
        {
            return 0; // heartbeat
        }

        int offset = 0;
        int delivered = 0;
        ushort packets = ReadShort(data, ref offset);
        for (int i = 0; i < packets; i++)
        {
            ushort length = ReadShort(data, ref offset);
            if (offset + length > count)
            {
                break;
            }

            int start = offset;
            switch (length)
            {
                case 8:
                    onTick(ReadLtp(data, ref offset));
                    delivered++;
                    break;
                case 28:
                case 32:
                    onTick(ReadIndex(data, ref offset, length));
                    delivered++;
                    break;
                case 44:
                case 184:
                    onTick(ReadQuote(data, ref offset, length));
                    delivered++;
                    break;
            }

            offset = start + length;
        }

        return delivered;
    }

    private static KiteTypicalTick ReadLtp(byte[] b, ref int offset)
    {
        var tick = new KiteTypicalTick { Mode = "ltp" };
        tick.InstrumentToken = ReadInt(b, ref offset);
        decimal divisor = Divisor(tick.InstrumentToken);
        tick.Tradable = (tick.InstrumentToken & 0xff) != 9;
        tick.LastPrice = ReadInt(b, ref offset) / divisor;
        return tick;
    }

    private static KiteTypicalTick ReadIndex(byte[] b, ref int offset, int length)
    {
        var tick = new KiteTypicalTick { Mode = length == 28 ? "quote" : "full" };
        tick.InstrumentToken = ReadInt(b, ref offset);
        decimal divisor = Divisor(tick.InstrumentToken);
        tick.Tradable = (tick.InstrumentToken & 0xff) != 9;
        tick.LastPrice = ReadInt(b, ref offset) / divisor;
        tick.High = ReadInt(b, ref offset) / divisor;
        tick.Low = ReadInt(b, ref offset) / divisor;
        tick.Open = ReadInt(b, ref offset) / divisor;
        tick.Close = ReadInt(b, ref offset) / divisor;
        tick.Change = (int)ReadInt(b, ref offset) / divisor;
        if (length == 32)
        {
            tick.Timestamp = FromUnix(ReadInt(b, ref offset));
        }

        return tick;
    }

    private static KiteTypicalTick ReadQuote(byte[] b, ref int offset, int length)
    {
        var tick = new KiteTypicalTick { Mode = length == 44 ? "quote" : "full" };
        tick.InstrumentToken = ReadInt(b, ref offset);
        decimal divisor = Divisor(tick.InstrumentToken);
        tick.Tradable = (tick.InstrumentToken & 0xff) != 9;
        tick.LastPrice = ReadInt(b, ref offset) / divisor;
        tick.LastQuantity = ReadInt(b, ref offset);
        tick.AveragePrice = ReadInt(b, ref offset) / divisor;
        tick.Volume = ReadInt(b, ref offset);
        tick.BuyQuantity = ReadInt(b, ref offset);
        tick.SellQuantity = ReadInt(b, ref offset);
        tick.Open = ReadInt(b, ref offset) / divisor;
        tick.High = ReadInt(b, ref offset) / divisor;
        tick.Low = ReadInt(b, ref offset) / divisor;
        tick.Close = ReadInt(b, ref offset) / divisor;
        tick.Change = tick.Close == 0 ? 0 : (tick.LastPrice - tick.Close) * 100 / tick.Close;
        if (length == 184)
        {
            tick.LastTradeTime = FromUnix(ReadInt(b, ref offset));
            tick.OI = ReadInt(b, ref offset);
            tick.OIDayHigh = ReadInt(b, ref offset);
            tick.OIDayLow = ReadInt(b, ref offset);
            tick.Timestamp = FromUnix(ReadInt(b, ref offset));
            tick.Bids = new KiteTypicalDepthItem[5];
            tick.Offers = new KiteTypicalDepthItem[5];
            for (int i = 0; i < 5; i++)
            {
                tick.Bids[i] = ReadDepthItem(b, ref offset, divisor);
            }

            for (int i = 0; i < 5; i++)
            {
                tick.Offers[i] = ReadDepthItem(b, ref offset, divisor);
            }
        }

        return tick;
    }

    private static KiteTypicalDepthItem ReadDepthItem(byte[] b, ref int offset, decimal divisor)
    {
        var item = new KiteTypicalDepthItem();
        item.Quantity = ReadInt(b, ref offset);
        item.Price = ReadInt(b, ref offset) / divisor;
        item.Orders = ReadShort(b, ref offset);
        offset += 2;
        return item;
    }

    private static decimal Divisor(uint token) => (token & 0xff) switch
    {
        3 => 10000000m,
        6 => 10000m,
        _ => 100m,
    };

    private static DateTime? FromUnix(uint seconds) => seconds == 0 ? null : DateTime.UnixEpoch.AddSeconds(seconds);

    // Big-endian by shifts, as the official client reads every field.
    private static uint ReadInt(byte[] b, ref int offset)
    {
        uint value = ((uint)b[offset] << 24) | ((uint)b[offset + 1] << 16) | ((uint)b[offset + 2] << 8) | b[offset + 3];
        offset += 4;
        return value;
    }

    private static ushort ReadShort(byte[] b, ref int offset)
    {
        ushort value = (ushort)((b[offset] << 8) | b[offset + 1]);
        offset += 2;
        return value;
    }
}
