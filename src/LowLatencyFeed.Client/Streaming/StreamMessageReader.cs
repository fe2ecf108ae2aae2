using System.Text.Json;

namespace LowLatencyFeed.Client.Streaming;

/// <summary>Turns one stream message (UTF-8 JSON, <c>type</c> first) into its typed record.</summary>
public static class StreamMessageReader
{
    /// <summary>The typed message of <paramref name="utf8"/>; <see cref="UnknownMessage"/> for a type this client does not know.</summary>
    public static StreamMessage Read(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        using JsonDocument document = JsonDocument.ParseValue(ref reader);
        JsonElement root = document.RootElement;
        string? type = root.TryGetProperty("type", out JsonElement typeElement) ? typeElement.GetString() : null;
        ClientJsonContext json = ClientJsonContext.Default;
        return type switch
        {
            "tick" or "trade" => root.Deserialize(json.TickMessage)!,
            "quote" => root.Deserialize(json.QuoteMessage)!,
            "depth" => root.Deserialize(json.DepthMessage)!,
            "bar" => root.Deserialize(json.BarMessage)!,
            "book_metrics" => root.Deserialize(json.BookMetricsMessage)!,
            "signal" => root.Deserialize(json.SignalMessage)!,
            "indicator" => root.Deserialize(json.IndicatorMessage)!,
            "status" => root.Deserialize(json.StatusMessage)!,
            "gap" => root.Deserialize(json.GapMessage)!,
            "end" => root.Deserialize(json.EndMessage)!,
            "error" => root.Deserialize(json.ErrorMessage)!,
            "subscribed" or "unsubscribed" => root.Deserialize(json.SubscriptionMessage)!,
            "heartbeat" => root.Deserialize(json.HeartbeatMessage)!,
            _ => new UnknownMessage { Type = type ?? "", Json = root.Clone() },
        };
    }
}
