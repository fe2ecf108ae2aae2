using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Host.Masters;
using Prometheus;

namespace LowLatencyFeed.Host.Metrics;

/// <summary>Prometheus metrics of the instrument masters, read before each scrape.</summary>
public static class MasterMetrics
{
    /// <summary>Registers <c>llfeed_instrument_master_*</c> for each broker the host keeps a master of.</summary>
    public static void Register(CollectorRegistry registry, InstrumentMasterService masters)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(masters);
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        var syncs = factory.CreateCounter("llfeed_instrument_master_syncs_total", "Master downloads by result: published (today's master in use), download_failed (HTTP, network, broker refusal), bad_file (truncated, changed header, bad row: the previous master stays), store_failed (not written to llfeed.instrument_master).", "broker", "result");
        var rows = factory.CreateGauge("llfeed_instrument_master_rows", "Instruments in the master in use.", "broker");
        var stale = factory.CreateGauge("llfeed_instrument_master_stale", "1 while the master in use is not today's (the last download failed).", "broker");
        var reports = factory.CreateCounter("llfeed_instrument_master_resolve_reports_total", "Subscribed instrument names reported after a daily download: expired, no longer listed, or moved to another token.", "broker");
        registry.AddBeforeCollectCallback(() =>
        {
            foreach (BrokerKind broker in masters.Brokers)
            {
                string name = broker.ToString();
                MasterCounters counters = masters.Counters;
                syncs.WithLabels(name, "published").IncTo(counters.Published(broker));
                syncs.WithLabels(name, "download_failed").IncTo(counters.DownloadFailures(broker));
                syncs.WithLabels(name, "bad_file").IncTo(counters.FormatFailures(broker));
                syncs.WithLabels(name, "store_failed").IncTo(counters.StoreFailures(broker));
                rows.WithLabels(name).Set(counters.Rows(broker));
                stale.WithLabels(name).Set(masters.IsStale(broker) ? 1 : 0);
                reports.WithLabels(name).IncTo(counters.ResolveReports(broker));
            }
        });
    }
}
