using LowLatencyFeed.Host.Api;
using Prometheus;

namespace LowLatencyFeed.Host.Metrics;

/// <summary>Prometheus metrics of the HTTP API, read before each scrape.</summary>
public static class ApiMetrics
{
    /// <summary>Registers <c>llfeed_api_rejected_requests_total{reason}</c>.</summary>
    public static void Register(CollectorRegistry registry, ApiCounters counters, Streaming.StreamHub stream)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(counters);
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        var rejected = factory.CreateCounter("llfeed_api_rejected_requests_total", "API requests refused: bad_request (400), not_found (404), unavailable (503, database down), unauthorized (401), forbidden (403), rate_limited (429).", "reason");
        var clients = factory.CreateGauge("llfeed_stream_clients", "WebSocket stream clients connected.");
        var slow = factory.CreateCounter("llfeed_stream_slow_disconnects_total", "Stream clients disconnected for staying behind.");
        var firehose = factory.CreateGauge("llfeed_stream_firehose_clients", "Stream clients taking ticks or trades of every instrument, read from the tick log rather than queued per message.");
        registry.AddBeforeCollectCallback(() =>
        {
            clients.Set(stream.ClientCount);
            slow.IncTo(stream.SlowDisconnects);
            firehose.Set(stream.FirehoseClientCount);
            rejected.WithLabels("bad_request").IncTo(counters.BadRequests);
            rejected.WithLabels("not_found").IncTo(counters.NotFound);
            rejected.WithLabels("unavailable").IncTo(counters.Unavailable);
            rejected.WithLabels("unauthorized").IncTo(counters.Unauthorized);
            rejected.WithLabels("forbidden").IncTo(counters.Forbidden);
            rejected.WithLabels("rate_limited").IncTo(counters.RateLimited);
        });
    }
}
