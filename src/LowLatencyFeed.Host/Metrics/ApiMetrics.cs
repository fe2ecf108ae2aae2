using LowLatencyFeed.Host.Api;
using Prometheus;

namespace LowLatencyFeed.Host.Metrics;

/// <summary>Prometheus metrics of the HTTP API, read before each scrape.</summary>
public static class ApiMetrics
{
    /// <summary>Registers <c>llfeed_api_rejected_requests_total{reason}</c>.</summary>
    public static void Register(CollectorRegistry registry, ApiCounters counters)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(counters);
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        var rejected = factory.CreateCounter("llfeed_api_rejected_requests_total", "API requests refused: bad_request (400), not_found (404), unavailable (503, database down).", "reason");
        registry.AddBeforeCollectCallback(() =>
        {
            rejected.WithLabels("bad_request").IncTo(counters.BadRequests);
            rejected.WithLabels("not_found").IncTo(counters.NotFound);
            rejected.WithLabels("unavailable").IncTo(counters.Unavailable);
        });
    }
}
