namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>One SFeed packet as a typical C# client models it: typed properties, decimal prices, a list per depth side.</summary>
public sealed class KotakTypicalPacket
{
    public int Code { get; init; }
    public int Exchange { get; init; }
    public int Level { get; init; }
    public uint Token { get; init; }
    public decimal LastPrice { get; set; }
    public long LastQuantity { get; set; }
    public DateTime LastTradeTime { get; set; }
    public decimal AveragePrice { get; set; }
    public long Volume { get; set; }
    public long TotalBuyQuantity { get; set; }
    public long TotalSellQuantity { get; set; }
    public long OpenInterest { get; set; }
    public decimal Open { get; set; }
    public decimal High { get; set; }
    public decimal Low { get; set; }
    public decimal Close { get; set; }
    public List<KotakTypicalLevel> Bids { get; } = [];
    public List<KotakTypicalLevel> Asks { get; } = [];
}
