using System.Diagnostics;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Ring.Processing;
using LowLatencyFeed.Storage.Diagnostics;

namespace LowLatencyFeed.Storage.Staging;

/// <summary>
/// The db-stager consumer of the ingress ring: copies ticks, trades, quotes and depth levels into preallocated row
/// batches (no allocation per event) and hands full or old batches to the writer threads through lock-free queues.
/// Never blocks: when a writer is behind or the database is down, the batch is dropped and counted, and the writer
/// later reads that range back from the journal. Run it after the journal writer (it relies on the journal holding
/// every event it sees). Batch age is checked at every ring batch end, timeout and clock event.
/// </summary>
public sealed class DbStagerHandler : IEventHandler<MarketEvent>
{
    private readonly TableStager<TickRow> _ticks;
    private readonly TableStager<TickRow> _trades;
    private readonly TableStager<QuoteRow> _quotes;
    private readonly TableStager<DepthRow> _depth;
    private readonly DepthSlabPool? _slabs;
    private readonly InstrumentRegistry _instruments;
    private readonly long _maxAgeTicks;
    private readonly long _idleTicks;
    private readonly int _maxDepthRows;
    private long _lastSequence = long.MinValue;
    private bool _started;
    private long _truncatedDepthEvents;

    /// <summary>Creates the stager.</summary>
    /// <param name="channels">Where batches go (shared with the writer).</param>
    /// <param name="stats">Counters.</param>
    /// <param name="instruments">Collects first-seen instruments.</param>
    /// <param name="slabs">The pool deep depth events refer to; null when every depth event is inline.</param>
    public DbStagerHandler(StorageChannels channels, IngestionStats stats, InstrumentRegistry instruments, DepthSlabPool? slabs = null)
    {
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(stats);
        _ticks = new TableStager<TickRow>(channels.Ticks, stats[StorageStream.Ticks]);
        _trades = new TableStager<TickRow>(channels.Trades, stats[StorageStream.Trades]);
        _quotes = new TableStager<QuoteRow>(channels.Quotes, stats[StorageStream.Quotes]);
        _depth = new TableStager<DepthRow>(channels.Depth, stats[StorageStream.Depth]);
        _instruments = instruments;
        _slabs = slabs;
        _maxDepthRows = channels.Depth.RowsPerBatch;
        _maxAgeTicks = ToTicks(channels.Options.MaxBatchAge);
        _idleTicks = ToTicks(channels.Options.IdleCheckpointInterval);
    }

    /// <summary>Journal sequence of the last event handled, <see cref="long.MinValue"/> before the first.</summary>
    public long LastSequence => Volatile.Read(ref _lastSequence);

    /// <summary>Depth events with more levels than a batch holds (extra levels were not stored).</summary>
    public long TruncatedDepthEvents => Volatile.Read(ref _truncatedDepthEvents);

    /// <inheritdoc />
    public void OnStart()
    {
    }

    /// <inheritdoc />
    public void OnBatchStart(long batchSize)
    {
    }

    /// <inheritdoc />
    public void OnEvent(ref MarketEvent data, long sequence, bool endOfBatch)
    {
        long seq = data.Header.Sequence;
        if (!_started)
        {
            Begin(seq);
        }

        switch (data.Header.Kind)
        {
            case EventKind.Tick:
                _instruments.Observe(in data.Header);
                if ((data.Tick.Fields & TickFields.IsTrade) != 0)
                {
                    RowExtraction.Tick(in data, ref _trades.Add(seq));
                }
                else
                {
                    RowExtraction.Tick(in data, ref _ticks.Add(seq));
                }

                break;
            case EventKind.Quote:
                _instruments.Observe(in data.Header);
                RowExtraction.Quote(in data, ref _quotes.Add(seq));
                break;
            case EventKind.Depth:
                _instruments.Observe(in data.Header);
                StageDepth(ref data, seq);
                break;
            case EventKind.Clock:
                Volatile.Write(ref _lastSequence, seq);
                HandOldBatches();
                return;
        }

        Volatile.Write(ref _lastSequence, seq);
    }

    /// <inheritdoc />
    public void OnBatchEnd(long lastSequence) => HandOldBatches();

    /// <inheritdoc />
    public void OnTimeout(long sequence) => HandOldBatches();

    /// <inheritdoc />
    public void OnShutdown()
    {
        if (!_started)
        {
            return;
        }

        long now = MonotonicClock.Timestamp();
        _ticks.HandAll(_lastSequence, now);
        _trades.HandAll(_lastSequence, now);
        _quotes.HandAll(_lastSequence, now);
        _depth.HandAll(_lastSequence, now);
    }

    private void Begin(long firstSequence)
    {
        long now = MonotonicClock.Timestamp();
        _ticks.Begin(firstSequence, now);
        _trades.Begin(firstSequence, now);
        _quotes.Begin(firstSequence, now);
        _depth.Begin(firstSequence, now);
        _started = true;
    }

    private void StageDepth(ref MarketEvent data, long seq)
    {
        scoped ReadOnlySpan<DepthLevel> bids;
        scoped ReadOnlySpan<DepthLevel> asks;
        if (data.Depth.SlabIndex >= 0 && _slabs is not null)
        {
            bids = _slabs.Bids(in data.Depth);
            asks = _slabs.Asks(in data.Depth);
        }
        else
        {
            bids = RowExtraction.InlineBids(in data.Depth);
            asks = RowExtraction.InlineAsks(in data.Depth);
        }

        int rows = bids.Length + asks.Length;
        if (rows > _maxDepthRows)
        {
            _truncatedDepthEvents++;
            rows = _maxDepthRows;
        }

        if (rows == 0)
        {
            return;
        }

        Span<DepthRow> room = _depth.Reserve(rows, seq);
        _depth.Commit(RowExtraction.Depth(in data, bids, asks, room));
    }

    private void HandOldBatches()
    {
        if (!_started)
        {
            return;
        }

        long now = MonotonicClock.Timestamp();
        long last = _lastSequence;
        _ticks.HandIfOld(last, now, _maxAgeTicks, _idleTicks);
        _trades.HandIfOld(last, now, _maxAgeTicks, _idleTicks);
        _quotes.HandIfOld(last, now, _maxAgeTicks, _idleTicks);
        _depth.HandIfOld(last, now, _maxAgeTicks, _idleTicks);
    }

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
