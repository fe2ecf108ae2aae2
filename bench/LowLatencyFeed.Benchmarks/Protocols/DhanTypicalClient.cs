using System.Buffers.Binary;

namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>
/// The benchmark baseline: a Dhan client as a typical C# developer would write it from the layout (Dhan/README.md):
/// little-endian fields read with <see cref="BinaryPrimitives"/> at constant offsets into one typed <see cref="Tick"/>
/// per packet, float prices to <see cref="decimal"/> rounded to two places, a list per depth side, a list of results
/// per message. No boxing, no dictionaries. Correct on well-formed messages only.
/// </summary>
public static class DhanTypicalClient
{
    public sealed class Tick
    {
        public int Code { get; set; }
        public int Segment { get; set; }
        public uint SecurityId { get; set; }
        public decimal LastPrice { get; set; }
        public int LastQuantity { get; set; }
        public DateTime LastTradeTime { get; set; }
        public decimal AveragePrice { get; set; }
        public long Volume { get; set; }
        public long TotalSellQuantity { get; set; }
        public long TotalBuyQuantity { get; set; }
        public long OpenInterest { get; set; }
        public decimal Open { get; set; }
        public decimal Close { get; set; }
        public decimal High { get; set; }
        public decimal Low { get; set; }
        public List<Level> Bids { get; } = [];
        public List<Level> Asks { get; } = [];
    }

    public sealed record Level(decimal Price, long Quantity, int Orders);

    private static readonly Comparison<Level> s_bestBidFirst = static (a, b) => b.Price.CompareTo(a.Price);
    private static readonly Comparison<Level> s_bestAskFirst = static (a, b) => a.Price.CompareTo(b.Price);

    /// <summary>Parses every packet of a main-feed message (8-byte header: code, length, segment, security id).</summary>
    public static List<Tick> Parse(byte[] message)
    {
        var result = new List<Tick>();
        int offset = 0;
        while (offset + 8 <= message.Length)
        {
            ReadOnlySpan<byte> p = message.AsSpan(offset);
            int length = BinaryPrimitives.ReadUInt16LittleEndian(p[1..]);
            if (length < 8 || length > p.Length)
            {
                break;
            }

            p = p[..length];
            var tick = new Tick { Code = p[0], Segment = p[3], SecurityId = BinaryPrimitives.ReadUInt32LittleEndian(p[4..]) };
            switch (tick.Code)
            {
                case 2:
                    tick.LastPrice = Price(p[8..]);
                    tick.LastTradeTime = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt32LittleEndian(p[12..])).UtcDateTime;
                    break;
                case 4:
                case 8:
                    tick.LastPrice = Price(p[8..]);
                    tick.LastQuantity = BinaryPrimitives.ReadUInt16LittleEndian(p[12..]);
                    tick.LastTradeTime = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt32LittleEndian(p[14..])).UtcDateTime;
                    tick.AveragePrice = Price(p[18..]);
                    tick.Volume = BinaryPrimitives.ReadUInt32LittleEndian(p[22..]);
                    tick.TotalSellQuantity = BinaryPrimitives.ReadUInt32LittleEndian(p[26..]);
                    tick.TotalBuyQuantity = BinaryPrimitives.ReadUInt32LittleEndian(p[30..]);
                    int ohlc = 34;
                    if (tick.Code == 8)
                    {
                        tick.OpenInterest = BinaryPrimitives.ReadUInt32LittleEndian(p[34..]);
                        ohlc = 46; // after the open interest and its day high and low
                    }

                    tick.Open = Price(p[ohlc..]);
                    tick.Close = Price(p[(ohlc + 4)..]);
                    tick.High = Price(p[(ohlc + 8)..]);
                    tick.Low = Price(p[(ohlc + 12)..]);
                    if (tick.Code == 8)
                    {
                        for (int k = 0; k < 5; k++)
                        {
                            ReadOnlySpan<byte> record = p.Slice(62 + (k * 20), 20);
                            tick.Bids.Add(new Level(Price(record[12..]), BinaryPrimitives.ReadUInt32LittleEndian(record), BinaryPrimitives.ReadUInt16LittleEndian(record[8..])));
                            tick.Asks.Add(new Level(Price(record[16..]), BinaryPrimitives.ReadUInt32LittleEndian(record[4..]), BinaryPrimitives.ReadUInt16LittleEndian(record[10..])));
                        }
                    }

                    break;
            }

            result.Add(tick);
            offset += length;
        }

        return result;
    }

    /// <summary>Parses 20/200-level depth side packets (12-byte header, 16-byte rows), sorting each side best first.</summary>
    public static List<(bool Bid, uint SecurityId, List<Level> Levels)> ParseDepth(byte[] message, bool rowsInHeader)
    {
        var result = new List<(bool, uint, List<Level>)>();
        int offset = 0;
        while (offset + 12 <= message.Length)
        {
            ReadOnlySpan<byte> p = message.AsSpan(offset);
            int length = BinaryPrimitives.ReadUInt16LittleEndian(p);
            if (length < 12 || length > p.Length)
            {
                break;
            }

            int code = p[2];
            uint securityId = BinaryPrimitives.ReadUInt32LittleEndian(p[4..]);
            uint sequenceOrRows = BinaryPrimitives.ReadUInt32LittleEndian(p[8..]);
            int rows = rowsInHeader ? (int)sequenceOrRows : (length - 12) / 16;
            var levels = new List<Level>(rows);
            for (int i = 0; i < rows; i++)
            {
                ReadOnlySpan<byte> row = p.Slice(12 + (i * 16), 16);
                double price = BinaryPrimitives.ReadDoubleLittleEndian(row);
                if (price != 0)
                {
                    levels.Add(new Level(Math.Round((decimal)price, 2), BinaryPrimitives.ReadUInt32LittleEndian(row[8..]), (int)BinaryPrimitives.ReadUInt32LittleEndian(row[12..])));
                }
            }

            bool bid = code == 41;
            levels.Sort(bid ? s_bestBidFirst : s_bestAskFirst);
            result.Add((bid, securityId, levels));
            offset += length;
        }

        return result;
    }

    private static decimal Price(ReadOnlySpan<byte> at) => Math.Round((decimal)BinaryPrimitives.ReadSingleLittleEndian(at), 2);
}
