using System.Diagnostics;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Ring.Processing;
using LowLatencyFeed.Storage.Diagnostics;

namespace LowLatencyFeed.Storage.Staging;

/// <summary>
/// The db-stager consumer of the derived ring (bars, book metrics, signals, indicators from the processing engines): stages each
/// derived event as a row in its stream's batch, like <see cref="DbStagerHandler"/> does for market events. A batch
/// covers the source journal sequences of its events; derived rows are upserted by their natural keys, so a row
/// written both live and by catch-up is stored once.
/// </summary>
public sealed class DerivedStagerHandler : IEventHandler<DerivedEvent>
{
    private readonly TableStager<DerivedEvent> _bars;
    private readonly TableStager<DerivedEvent> _metrics;
    private readonly TableStager<DerivedEvent> _signals;
    private readonly TableStager<DerivedEvent> _indicators;
    private readonly long _maxAgeTicks;
    private readonly long _idleTicks;
    private readonly long _liveStartSequence;
    private long _lastBars = long.MinValue;
    private long _lastMetrics = long.MinValue;
    private long _lastSignals = long.MinValue;
    private long _lastIndicators = long.MinValue;
    private bool _started;

    /// <summary>Creates the stager.</summary>
    /// <param name="channels">Where batches go (shared with the writer).</param>
    /// <param name="stats">Counters.</param>
    /// <param name="liveStartSequence">
    /// The first journal sequence the live engines process in this run (journal end + 1 at start): derived rows of
    /// earlier events are rebuilt from the journal, not expected here.
    /// </param>
    public DerivedStagerHandler(StorageChannels channels, IngestionStats stats, long liveStartSequence)
    {
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(stats);
        _bars = new TableStager<DerivedEvent>(channels.Bars, stats[StorageStream.Bars]);
        _metrics = new TableStager<DerivedEvent>(channels.BookMetrics, stats[StorageStream.BookMetrics]);
        _signals = new TableStager<DerivedEvent>(channels.Signals, stats[StorageStream.Signals]);
        _indicators = new TableStager<DerivedEvent>(channels.Indicators, stats[StorageStream.Indicators]);
        _maxAgeTicks = (long)(channels.Options.MaxBatchAge.TotalSeconds * Stopwatch.Frequency);
        _idleTicks = (long)(channels.Options.IdleCheckpointInterval.TotalSeconds * Stopwatch.Frequency);
        _liveStartSequence = liveStartSequence;
    }

    /// <inheritdoc />
    public void OnStart() => EnsureStarted();

    /// <inheritdoc />
    public void OnBatchStart(long batchSize)
    {
    }

    /// <inheritdoc />
    public void OnEvent(ref DerivedEvent data, long sequence, bool endOfBatch)
    {
        EnsureStarted();
        long source = data.Header.SourceSequence;
        switch (data.Header.Kind)
        {
            case DerivedEventKind.Bar:
                _bars.Add(source) = data;
                _lastBars = Math.Max(_lastBars, source);
                break;
            case DerivedEventKind.BookMetrics:
                _metrics.Add(source) = data;
                _lastMetrics = Math.Max(_lastMetrics, source);
                break;
            case DerivedEventKind.Signal:
                _signals.Add(source) = data;
                _lastSignals = Math.Max(_lastSignals, source);
                break;
            case DerivedEventKind.Indicator:
                _indicators.Add(source) = data;
                _lastIndicators = Math.Max(_lastIndicators, source);
                break;
        }
    }

    /// <inheritdoc />
    public void OnBatchEnd(long lastSequence) => HandOldBatches();

    /// <inheritdoc />
    public void OnTimeout(long sequence) => HandOldBatches();

    /// <inheritdoc />
    public void OnShutdown()
    {
        long now = MonotonicClock.Timestamp();
        _bars.HandAll(_lastBars, now);
        _metrics.HandAll(_lastMetrics, now);
        _signals.HandAll(_lastSignals, now);
        _indicators.HandAll(_lastIndicators, now);
    }

    private void EnsureStarted()
    {
        if (_started)
        {
            return;
        }

        long now = MonotonicClock.Timestamp();
        _bars.Begin(_liveStartSequence, now);
        _metrics.Begin(_liveStartSequence, now);
        _signals.Begin(_liveStartSequence, now);
        _indicators.Begin(_liveStartSequence, now);
        _lastBars = _lastMetrics = _lastSignals = _lastIndicators = _liveStartSequence - 1;
        _started = true;

        // Derived rows may come rarely; let the writers repair a gap before this run (a crash) right away.
        _bars.HandStart(now);
        _metrics.HandStart(now);
        _signals.HandStart(now);
        _indicators.HandStart(now);
    }

    private void HandOldBatches()
    {
        if (!_started)
        {
            return;
        }

        long now = MonotonicClock.Timestamp();
        _bars.HandIfOld(_lastBars, now, _maxAgeTicks, _idleTicks);
        _metrics.HandIfOld(_lastMetrics, now, _maxAgeTicks, _idleTicks);
        _signals.HandIfOld(_lastSignals, now, _maxAgeTicks, _idleTicks);
        _indicators.HandIfOld(_lastIndicators, now, _maxAgeTicks, _idleTicks);
    }
}
