using System.Text.Json.Serialization;
using LowLatencyFeed.Host.Api.Models;

namespace LowLatencyFeed.Host.Api;

/// <summary>Source-generated JSON for every API response (no reflection, camelCase names).</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(List<InstrumentInfo>))]
[JsonSerializable(typeof(InstrumentInfo))]
[JsonSerializable(typeof(List<BarRecord>))]
[JsonSerializable(typeof(List<IndicatorRecord>))]
[JsonSerializable(typeof(List<TickRecord>))]
[JsonSerializable(typeof(List<TradeRecord>))]
[JsonSerializable(typeof(List<BookMetricsRecord>))]
[JsonSerializable(typeof(List<SignalRecord>))]
[JsonSerializable(typeof(BookView))]
[JsonSerializable(typeof(FeedView))]
[JsonSerializable(typeof(StatusView))]
[JsonSerializable(typeof(List<FeedView>))]
[JsonSerializable(typeof(List<Subscriptions.SubscriptionView>))]
[JsonSerializable(typeof(Subscriptions.SubscriptionChangeView))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
