using System.Text.Json.Serialization;

namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>A depthUpdate or partial depth payload as a typical client declares it (levels as string arrays).</summary>
public sealed class BinanceTypicalDepth
{
    [JsonPropertyName("e")]
    public string? EventType { get; set; }

    [JsonPropertyName("E")]
    public long EventTime { get; set; }

    [JsonPropertyName("s")]
    public string? Symbol { get; set; }

    [JsonPropertyName("U")]
    public long FirstUpdateId { get; set; }

    [JsonPropertyName("u")]
    public long FinalUpdateId { get; set; }

    [JsonPropertyName("lastUpdateId")]
    public long LastUpdateId { get; set; }

    [JsonPropertyName("b")]
    public List<List<string>>? Bids { get; set; }

    [JsonPropertyName("a")]
    public List<List<string>>? Asks { get; set; }

    [JsonPropertyName("bids")]
    public List<List<string>>? PartialBids { get; set; }

    [JsonPropertyName("asks")]
    public List<List<string>>? PartialAsks { get; set; }
}
