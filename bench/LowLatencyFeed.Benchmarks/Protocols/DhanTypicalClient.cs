namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>
/// The common client style, kept as the benchmark baseline: a <see cref="BinaryReader"/> over a MemoryStream, one
/// object per packet with <see cref="decimal"/> prices, a list per depth side, a list of results per message.
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

    /// <summary>Parses every packet of a main-feed message.</summary>
    public static List<Tick> Parse(byte[] message)
    {
        var result = new List<Tick>();
        using var reader = new BinaryReader(new MemoryStream(message));
        while (reader.BaseStream.Position + 8 <= message.Length)
        {
            long start = reader.BaseStream.Position;
            var tick = new Tick { Code = reader.ReadByte() };
            int length = reader.ReadUInt16();
            tick.Segment = reader.ReadByte();
            tick.SecurityId = reader.ReadUInt32();
            switch (tick.Code)
            {
                case 2:
                    tick.LastPrice = Math.Round((decimal)reader.ReadSingle(), 2);
                    tick.LastTradeTime = DateTimeOffset.FromUnixTimeSeconds(reader.ReadInt32()).UtcDateTime;
                    break;
                case 4:
                case 8:
                    tick.LastPrice = Math.Round((decimal)reader.ReadSingle(), 2);
                    tick.LastQuantity = reader.ReadUInt16();
                    tick.LastTradeTime = DateTimeOffset.FromUnixTimeSeconds(reader.ReadInt32()).UtcDateTime;
                    tick.AveragePrice = Math.Round((decimal)reader.ReadSingle(), 2);
                    tick.Volume = reader.ReadUInt32();
                    tick.TotalSellQuantity = reader.ReadUInt32();
                    tick.TotalBuyQuantity = reader.ReadUInt32();
                    if (tick.Code == 8)
                    {
                        tick.OpenInterest = reader.ReadUInt32();
                        reader.ReadUInt32();
                        reader.ReadUInt32();
                    }

                    tick.Open = Math.Round((decimal)reader.ReadSingle(), 2);
                    tick.Close = Math.Round((decimal)reader.ReadSingle(), 2);
                    tick.High = Math.Round((decimal)reader.ReadSingle(), 2);
                    tick.Low = Math.Round((decimal)reader.ReadSingle(), 2);
                    if (tick.Code == 8)
                    {
                        for (int k = 0; k < 5; k++)
                        {
                            uint bidQty = reader.ReadUInt32();
                            uint askQty = reader.ReadUInt32();
                            int bidOrders = reader.ReadUInt16();
                            int askOrders = reader.ReadUInt16();
                            tick.Bids.Add(new Level(Math.Round((decimal)reader.ReadSingle(), 2), bidQty, bidOrders));
                            tick.Asks.Add(new Level(Math.Round((decimal)reader.ReadSingle(), 2), askQty, askOrders));
                        }
                    }

                    break;
            }

            result.Add(tick);
            reader.BaseStream.Position = start + length;
        }

        return result;
    }

    /// <summary>Parses 20/200-level depth side packets, sorting each side with LINQ.</summary>
    public static List<(bool Bid, uint SecurityId, List<Level> Levels)> ParseDepth(byte[] message, bool rowsInHeader)
    {
        var result = new List<(bool, uint, List<Level>)>();
        using var reader = new BinaryReader(new MemoryStream(message));
        while (reader.BaseStream.Position + 12 <= message.Length)
        {
            long start = reader.BaseStream.Position;
            int length = reader.ReadUInt16();
            int code = reader.ReadByte();
            reader.ReadByte();
            uint securityId = reader.ReadUInt32();
            uint sequenceOrRows = reader.ReadUInt32();
            int rows = rowsInHeader ? (int)sequenceOrRows : (length - 12) / 16;
            var levels = new List<Level>();
            for (int i = 0; i < rows; i++)
            {
                double price = reader.ReadDouble();
                uint quantity = reader.ReadUInt32();
                uint orders = reader.ReadUInt32();
                if (price != 0)
                {
                    levels.Add(new Level(Math.Round((decimal)price, 2), quantity, (int)orders));
                }
            }

            bool bid = code == 41;
            levels = bid ? [.. levels.OrderByDescending(l => l.Price)] : [.. levels.OrderBy(l => l.Price)];
            result.Add((bid, securityId, levels));
            reader.BaseStream.Position = start + length;
        }

        return result;
    }
}
