using System.Text.Json.Serialization;
using LowLatencyFeed.Client.Models;
using LowLatencyFeed.Client.Streaming;

namespace LowLatencyFeed.Client;

/// <summary>Source-generated JSON for every API response and stream message (camelCase, no reflection).</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(List<Instrument>))]
[JsonSerializable(typeof(Instrument))]
[JsonSerializable(typeof(List<Bar>))]
[JsonSerializable(typeof(List<Tick>))]
[JsonSerializable(typeof(List<Trade>))]
[JsonSerializable(typeof(Book))]
[JsonSerializable(typeof(List<Feed>))]
[JsonSerializable(typeof(Feed))]
[JsonSerializable(typeof(HostStatus))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(TickMessage))]
[JsonSerializable(typeof(QuoteMessage))]
[JsonSerializable(typeof(DepthMessage))]
[JsonSerializable(typeof(BarMessage))]
[JsonSerializable(typeof(BookMetricsMessage))]
[JsonSerializable(typeof(SignalMessage))]
[JsonSerializable(typeof(IndicatorMessage))]
[JsonSerializable(typeof(StatusMessage))]
[JsonSerializable(typeof(GapMessage))]
[JsonSerializable(typeof(EndMessage))]
[JsonSerializable(typeof(ErrorMessage))]
[JsonSerializable(typeof(SubscriptionMessage))]
[JsonSerializable(typeof(HeartbeatMessage))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;

/// <summary>The API's error body.</summary>
internal sealed record ProblemDetails(string? Title, string? Detail, int? Status, string? Parameter);
