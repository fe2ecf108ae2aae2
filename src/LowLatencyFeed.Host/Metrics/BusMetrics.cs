using LowLatencyFeed.Bus.Publishing;
using LowLatencyFeed.Host.Engine;
using Prometheus;

namespace LowLatencyFeed.Host.Metrics;

/// <summary>Prometheus metrics of the bus stage (feed hosts) and of the bus source (consumer hosts), read before each scrape.</summary>
public static class BusMetrics
{
    private static readonly BusPublishErrorKind[] s_kinds = Enum.GetValues<BusPublishErrorKind>();

    /// <summary>Registers the metrics of <paramref name="engine"/>'s bus stage and bus sources on <paramref name="registry"/>.</summary>
    public static void Register(CollectorRegistry registry, FeedEngine engine)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        if (engine.Bus is { } bus)
        {
            var messages = factory.CreateCounter("llfeed_bus_messages_total", "Messages sent to JetStream.");
            var events = factory.CreateCounter("llfeed_bus_events_total", "Events sent to JetStream (live and caught up).");
            var bytes = factory.CreateCounter("llfeed_bus_bytes_total", "Message bytes sent to JetStream.");
            var acknowledged = factory.CreateGauge("llfeed_bus_acknowledged_sequence", "Highest journal sequence the stream acknowledged (all earlier ones included).");
            var duplicates = factory.CreateCounter("llfeed_bus_duplicates_total", "Acknowledgements saying the message id was already stored.");
            var errors = factory.CreateCounter("llfeed_bus_errors_total", "Failed publishes, per kind; the bus catches up from the journal afterwards.", "kind");
            var catchUp = factory.CreateCounter("llfeed_bus_catch_up_events_total", "Events published from the journal (dropped live, or after a failure).");
            var deferred = factory.CreateCounter("llfeed_bus_deferred_events_total", "Events the ring stage dropped for lack of a free batch (published later from the journal).");
            var skipped = factory.CreateCounter("llfeed_bus_skipped_events_total", "Events the journal no longer had when they were due (retention): consumers see a gap.");
            var connected = factory.CreateGauge("llfeed_bus_connected", "1 while the publisher's NATS connection is open.");
            registry.AddBeforeCollectCallback(() =>
            {
                var s = bus.Publisher.Statistics;
                messages.IncTo(s.Messages);
                events.IncTo(s.Events);
                bytes.IncTo(s.Bytes);
                acknowledged.Set(s.Acknowledged);
                duplicates.IncTo(s.Duplicates);
                catchUp.IncTo(s.CatchUpEvents);
                deferred.IncTo(bus.Handler.DroppedEvents);
                skipped.IncTo(s.SkippedEvents);
                connected.Set(bus.Publisher.IsConnected ? 1 : 0);
                foreach (var kind in s_kinds)
                {
                    errors.WithLabels(kind.ToString()).IncTo(s.Errors(kind));
                }
            });
        }

        var sources = engine.Feeds.OfType<JetStreamFeedRunner>().ToList();
        if (sources.Count == 0)
        {
            return;
        }

        var counters = new (string Name, string Help, Func<Bus.Consuming.JetStreamSourceStatistics, long> Read)[]
        {
            ("llfeed_source_messages_total", "Bus messages read.", s => s.Messages),
            ("llfeed_source_events_total", "Events put into the ring from the bus.", s => s.Events),
            ("llfeed_source_filtered_events_total", "Events outside this host's shard.", s => s.Filtered),
            ("llfeed_source_duplicate_events_total", "Events skipped after a restart because the journal already had them.", s => s.Duplicates),
            ("llfeed_source_redeliveries_total", "Messages the server delivered again (ignored).", s => s.Redeliveries),
            ("llfeed_source_gaps_total", "Source sequence gaps (reported as BusGap control events).", s => s.Gaps),
            ("llfeed_source_resets_total", "Source journal resets (BusSourceReset control events).", s => s.Resets),
            ("llfeed_source_undecodable_total", "Messages that did not decode (skipped, BusMessageSkipped).", s => s.Undecodable),
            ("llfeed_source_unknown_schema_total", "Messages of a newer schema version (the stream stops there, unacknowledged).", s => s.UnknownVersion),
            ("llfeed_source_acks_total", "Acknowledgements sent after the journal had the events.", s => s.Acks),
            ("llfeed_source_resyncs_total", "Durable consumers repositioned.", s => s.Resyncs),
            ("llfeed_source_errors_total", "Connection and API failures (retried).", s => s.Errors),
        };
        var created = counters.Select(c => (Counter: factory.CreateCounter(c.Name, c.Help), c.Read)).ToList();
        var position = factory.CreateGauge("llfeed_source_sequence", "Last source journal sequence read, per stream.", "stream");
        registry.AddBeforeCollectCallback(() =>
        {
            foreach (var (counter, read) in created)
            {
                counter.IncTo(sources.Sum(s => read(s.Source.Statistics)));
            }

            foreach (var source in sources)
            {
                foreach (var stream in source.Source.Streams)
                {
                    position.WithLabels(stream.Stream).Set(stream.SourceSequence);
                }
            }
        });
    }
}
