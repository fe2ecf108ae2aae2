namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>One HSM record as a typical C# client hands it on: the topic's merged state, typed, decimal prices.</summary>
public sealed class KotakHsmTypicalUpdate : KotakTypicalMarketState
{
    public string Topic { get; init; } = string.Empty;
    public string Kind { get; init; } = string.Empty;
    public uint? Token { get; init; }
    public decimal BidPrice { get; set; }
    public long BidQuantity { get; set; }
    public decimal AskPrice { get; set; }
    public long AskQuantity { get; set; }
}
