namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>One HSM record as a typical C# client hands it on: the topic's merged state, typed, decimal prices.</summary>
public sealed class KotakHsmTypicalUpdate
{
    public string Topic { get; init; } = string.Empty;
    public string Kind { get; init; } = string.Empty;
    public uint? Token { get; init; }
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
    public decimal BidPrice { get; set; }
    public long BidQuantity { get; set; }
    public decimal AskPrice { get; set; }
    public long AskQuantity { get; set; }
    public List<KotakTypicalLevel> Bids { get; } = [];
    public List<KotakTypicalLevel> Asks { get; } = [];
}
