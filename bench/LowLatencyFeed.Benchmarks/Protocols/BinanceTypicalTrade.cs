using System.Text.Json.Serialization;

namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>A trade or aggTrade as a typical client declares it: strings for the decimals, converted afterwards.</summary>
public sealed class BinanceTypicalTrade
{
    [JsonPropertyName("e")]
    public string? EventType { get; set; }

    [JsonPropertyName("E")]
    public long EventTime { get; set; }

    [JsonPropertyName("s")]
    public string? Symbol { get; set; }

    [JsonPropertyName("t")]
    public long TradeId { get; set; }

    [JsonPropertyName("a")]
    public long AggregateTradeId { get; set; }

    [JsonPropertyName("f")]
    public long FirstTradeId { get; set; }

    [JsonPropertyName("l")]
    public long LastTradeId { get; set; }

    [JsonPropertyName("p")]
    public string? Price { get; set; }

    [JsonPropertyName("q")]
    public string? Quantity { get; set; }

    [JsonPropertyName("T")]
    public long TradeTime { get; set; }

    [JsonPropertyName("m")]
    public bool IsBuyerMaker { get; set; }

    [JsonPropertyName("M")]
    public bool Ignore { get; set; }
}
