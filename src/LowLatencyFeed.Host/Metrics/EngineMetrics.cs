using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Storage.Staging;
using Prometheus;

namespace LowLatencyFeed.Host.Metrics;

/// <summary>
/// Prometheus metrics of one engine, in their own registry. Values are read from the engine's counters just before
/// each scrape, so the hot path only ever increments plain fields.
/// </summary>
public sealed class EngineMetrics
{
    private static readonly ParseErrorReason[] s_reasons = Enum.GetValues<ParseErrorReason>();

    private readonly FeedEngine _engine;
    private readonly Gauge _cursor;
    private readonly Gauge _lag;
    private readonly Counter _consumed;
    private readonly Counter _batches;
    private readonly Counter _faults;
    private readonly Counter _messages;
    private readonly Counter _events;
    private readonly Counter _parseErrors;
    private readonly Counter _reconnects;
    private readonly Counter _dropped;
    private readonly Gauge _connected;
    private readonly Counter _derived;
    private readonly Counter _processingRejects;
    private readonly Counter _dbRows;
    private readonly Counter _dbDeferred;
    private readonly Gauge _dbCheckpoint;
    private readonly Gauge _dbIdle;

    /// <summary>Registers the metrics of <paramref name="engine"/>.</summary>
    public EngineMetrics(FeedEngine engine)
    {
        _engine = engine;
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        _cursor = factory.CreateGauge("llfeed_ring_cursor", "Highest sequence claimed in the ingress ring (= journal sequence).");
        _lag = factory.CreateGauge("llfeed_consumer_lag", "Ring cursor minus the consumer's sequence: events waiting for that stage.", "consumer");
        _consumed = factory.CreateCounter("llfeed_consumer_events_total", "Events handled by the consumer.", "consumer");
        _batches = factory.CreateCounter("llfeed_consumer_batches_total", "Batches handled by the consumer (events/batches = average batch size).", "consumer");
        _faults = factory.CreateCounter("llfeed_consumer_faults_total", "Handler exceptions in the consumer.", "consumer");
        _messages = factory.CreateCounter("llfeed_feed_messages_total", "WebSocket messages decoded.", "feed");
        _events = factory.CreateCounter("llfeed_feed_events_total", "Events published by the feed.", "feed");
        _parseErrors = factory.CreateCounter("llfeed_parse_errors_total", "Malformed input, per reason.", "feed", "reason");
        _reconnects = factory.CreateCounter("llfeed_feed_reconnects_total", "Reconnections of the feed.", "feed");
        _dropped = factory.CreateCounter("llfeed_feed_dropped_events_total", "Events dropped because the ring was full (fail-fast backpressure).", "feed");
        _connected = factory.CreateGauge("llfeed_feed_connected", "1 while the feed's socket is open.", "feed");
        _derived = factory.CreateCounter("llfeed_derived_events_total", "Derived events published: closed bars, book metric samples, signals.", "kind");
        _processingRejects = factory.CreateCounter("llfeed_processing_anomalies_total", "Late or older trades, crossed or inconsistent books.", "kind");
        _dbRows = factory.CreateCounter("llfeed_db_rows_total", "Rows committed by binary COPY, live or caught up from the journal.", "stream", "path");
        _dbDeferred = factory.CreateCounter("llfeed_db_deferred_rows_total", "Staged rows dropped while the database was slow or down; they are written later from the journal.", "stream");
        _dbCheckpoint = factory.CreateGauge("llfeed_db_checkpoint", "Highest journal sequence committed per table stream.", "stream");
        _dbIdle = factory.CreateGauge("llfeed_db_writer_idle", "1 when the table stream's writer last found nothing to write or catch up from the journal, else 0.", "stream");
        Registry.AddBeforeCollectCallback(Update);
    }

    /// <summary>The registry served on /metrics.</summary>
    public CollectorRegistry Registry { get; }

    private void Update()
    {
        _cursor.Set(_engine.Ring.Cursor);
        foreach (var stage in _engine.Stages)
        {
            var processor = stage.Processor;
            _lag.WithLabels(stage.Name).Set(stage.Lag());
            _consumed.WithLabels(stage.Name).IncTo(processor.EventCount);
            _batches.WithLabels(stage.Name).IncTo(processor.BatchCount);
            _faults.WithLabels(stage.Name).IncTo(processor.FaultCount);
        }

        var bars = _engine.Bars;
        var books = _engine.Books;
        _derived.WithLabels("bar").IncTo(bars.BarsEmitted);
        _derived.WithLabels("book_metrics").IncTo(books.SamplesEmitted);
        _derived.WithLabels("signal").IncTo(books.SignalsEmitted);
        _processingRejects.WithLabels("late_trade").IncTo(bars.LateTrades);
        _processingRejects.WithLabels("older_trade").IncTo(bars.OlderTrades);
        _processingRejects.WithLabels("crossed_book").IncTo(books.CrossedBooks);
        _processingRejects.WithLabels("inconsistent_book").IncTo(books.InconsistentUpdates);

        if (_engine.Storage is { } storage)
        {
            for (int i = 0; i < storage.Stats.Streams.Count; i++)
            {
                var stream = storage.Stats.Streams[i];
                _dbRows.WithLabels(stream.Name, "live").IncTo(stream.LiveRows);
                _dbRows.WithLabels(stream.Name, "catch_up").IncTo(stream.CatchUpRows);
                _dbDeferred.WithLabels(stream.Name).IncTo(stream.DroppedRows);
                _dbCheckpoint.WithLabels(stream.Name).Set(stream.Checkpoint);
                _dbIdle.WithLabels(stream.Name).Set(storage.IsIdle((StorageStream)i) ? 1 : 0);
            }
        }

        foreach (var feed in _engine.Feeds)
        {
            _messages.WithLabels(feed.Name).IncTo(feed.Diagnostics.Messages);
            _events.WithLabels(feed.Name).IncTo(feed.Diagnostics.Events);
            _reconnects.WithLabels(feed.Name).IncTo(feed.Reconnects);
            _dropped.WithLabels(feed.Name).IncTo(feed.Publisher.Dropped);
            _connected.WithLabels(feed.Name).Set(feed.IsConnected ? 1 : 0);
            foreach (var reason in s_reasons)
            {
                _parseErrors.WithLabels(feed.Name, reason.ToString()).IncTo(feed.Diagnostics.ErrorCount(reason));
            }
        }
    }
}
