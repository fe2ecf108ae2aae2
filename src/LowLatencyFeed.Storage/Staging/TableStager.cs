using System.Runtime.CompilerServices;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Storage.Diagnostics;

namespace LowLatencyFeed.Storage.Staging;

/// <summary>
/// The stager-thread side of one stream: fills the current batch and hands it over by size or age. Ranges are
/// contiguous: each new batch starts right after the last sequence of the previous one, handed or dropped.
/// </summary>
/// <typeparam name="TRow">The staged row type.</typeparam>
internal sealed class TableStager<TRow>
    where TRow : unmanaged
{
    private readonly BatchChannel<TRow> _channel;
    private readonly StreamStatistics _stats;
    private RowBatch<TRow> _current;

    public TableStager(BatchChannel<TRow> channel, StreamStatistics stats)
    {
        _channel = channel;
        _stats = stats;
        _current = channel.Initial;
        _current.Reset(long.MinValue);
    }

    public int Count => _current.Count;

    /// <summary>Starts the first range at the first event the stager sees.</summary>
    public void Begin(long firstSequence, long now)
    {
        _current.Reset(firstSequence);
        _current.OpenedTimestamp = now;
    }

    /// <summary>
    /// Room for the <paramref name="rows"/> rows of the event at <paramref name="sequence"/> (all in one batch, so a
    /// batch boundary never splits an event), handing the batch over first if needed. Fill it, then <see cref="Commit"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<TRow> Reserve(int rows, long sequence)
    {
        if (_current.Free < rows)
        {
            Hand(sequence - 1, MonotonicClock.Timestamp());
        }

        return _current.Rows.AsSpan(_current.Count, rows);
    }

    /// <summary>Counts <paramref name="rows"/> rows written into the span from <see cref="Reserve"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Commit(int rows) => _current.Count += rows;

    /// <summary>The next row slot for a one-row event.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref TRow Add(long sequence)
    {
        if (_current.Free == 0)
        {
            Hand(sequence - 1, MonotonicClock.Timestamp());
        }

        return ref _current.Add();
    }

    /// <summary>Hands the batch over when it is older than its age limit (rows) or the idle interval (checkpoint only).</summary>
    public void HandIfOld(long lastSequence, long now, long maxAgeTicks, long idleTicks)
    {
        // Rows whose source sequence the previous hand already covered (several derived rows of one source event, split
        // across ring batches) still make the batch worth handing; an empty batch waits for a new sequence.
        if (lastSequence < _current.FirstSequence && _current.Count == 0 && _channel.DroppedRepairFrom == long.MaxValue)
        {
            return;
        }

        long age = now - _current.OpenedTimestamp;
        if (age >= (_current.Count > 0 ? maxAgeTicks : idleTicks))
        {
            Hand(lastSequence, now);
        }
    }

    /// <summary>Hands over whatever the batch holds (shutdown).</summary>
    public void HandAll(long lastSequence, long now)
    {
        // Also a batch holding only rows of an already covered sequence: dropping it here loses them until a restart.
        if (lastSequence >= _current.FirstSequence || _current.Count > 0 || _channel.DroppedRepairFrom != long.MaxValue)
        {
            Hand(lastSequence, now);
        }
    }

    /// <summary>
    /// Hands over an empty batch ending just before the current range: tells the writer where this run starts, so it
    /// catches up from its checkpoint at once instead of waiting for the first row.
    /// </summary>
    public void HandStart(long now)
    {
        if (_current.Count == 0)
        {
            Hand(_current.FirstSequence - 1, now);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Hand(long lastSequence, long now)
    {
        RowBatch<TRow> batch = _current;
        batch.LastSequence = lastSequence;
        _stats.Staged(batch.Count);
        if (_channel.TryRent(out RowBatch<TRow> next))
        {
            // The repair of the drops since the last hand, unless the idle writer has taken it already (then it is done
            // or under way there): whichever side takes it first rebuilds, so a drop is rebuilt once.
            batch.RepairFrom = _channel.TakeDroppedRepairFrom();
            _channel.Publish(batch);
            _current = next;
        }
        else
        {
            // The writer is behind or the database is down: never block the ring. These rows are in the journal and
            // the writer reads them back from its checkpoint when it sees the gap. Derived rows may belong to the
            // sequence just before the range (see RowBatch.RepairFrom): the channel keeps that for the next handed
            // batch, or for the writer when none comes (a clean stop).
            _stats.Dropped(batch.Count);
            _channel.MarkDropped(lastSequence, batch.Count > 0 ? Math.Min(batch.FirstSequence - 1, lastSequence) : long.MaxValue);
        }

        _current.Reset(lastSequence + 1);
        _current.OpenedTimestamp = now;
    }
}
