using System.Text.Json.Serialization;

namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>The combined-stream wrapper as a typical client declares it.</summary>
public sealed class BinanceTypicalEnvelope<T>
{
    [JsonPropertyName("stream")]
    public string? Stream { get; set; }

    [JsonPropertyName("data")]
    public T? Data { get; set; }
}
