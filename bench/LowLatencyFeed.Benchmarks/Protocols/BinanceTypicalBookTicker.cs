using System.Text.Json.Serialization;

namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>A bookTicker as a typical client declares it.</summary>
public sealed class BinanceTypicalBookTicker
{
    [JsonPropertyName("u")]
    public long UpdateId { get; set; }

    [JsonPropertyName("s")]
    public string? Symbol { get; set; }

    [JsonPropertyName("b")]
    public string? BidPrice { get; set; }

    [JsonPropertyName("B")]
    public string? BidQuantity { get; set; }

    [JsonPropertyName("a")]
    public string? AskPrice { get; set; }

    [JsonPropertyName("A")]
    public string? AskQuantity { get; set; }
}
