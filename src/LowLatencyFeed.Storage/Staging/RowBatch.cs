namespace LowLatencyFeed.Storage.Staging;

/// <summary>
/// A preallocated batch of rows for one stream, covering the journal events [<see cref="FirstSequence"/>,
/// <see cref="LastSequence"/>]: it holds every row of its stream that those events produce, in sequence order.
/// Batches of a stream cover contiguous ranges unless the stager dropped one (the writer then sees the gap and
/// reads it back from the journal).
/// </summary>
/// <typeparam name="TRow">The staged row type.</typeparam>
public sealed class RowBatch<TRow>
    where TRow : unmanaged
{
    /// <summary>Allocates room for <paramref name="capacity"/> rows.</summary>
    public RowBatch(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Rows = new TRow[capacity];
    }

    /// <summary>The row storage; the first <see cref="Count"/> are valid.</summary>
    public TRow[] Rows { get; }

    /// <summary>Rows held.</summary>
    public int Count { get; set; }

    /// <summary>Room left.</summary>
    public int Free => Rows.Length - Count;

    /// <summary>First journal sequence covered.</summary>
    public long FirstSequence { get; set; }

    /// <summary>Last journal sequence covered (set when the batch is handed to the writer).</summary>
    public long LastSequence { get; set; }

    /// <summary>Monotonic timestamp of the first event covered, for the age limit.</summary>
    public long OpenedTimestamp { get; set; }

    /// <summary>
    /// <see cref="long.MaxValue"/>, or the lowest source sequence of derived rows the stager dropped since its last handed
    /// batch. A derived batch can hold rows of the sequence the previous batch already covered (one source event's rows,
    /// e.g. the bars a clock closes, split across two hands): dropping it leaves no gap between the ranges, so the writer
    /// must rebuild from here before this batch.
    /// </summary>
    public long RepairFrom { get; set; } = long.MaxValue;

    /// <summary>True for a batch built from the journal rather than the live ring.</summary>
    public bool FromJournal { get; set; }

    /// <summary>Empties the batch and starts its range at <paramref name="firstSequence"/>.</summary>
    public void Reset(long firstSequence)
    {
        Count = 0;
        FirstSequence = firstSequence;
        LastSequence = firstSequence - 1;
        OpenedTimestamp = 0;
        RepairFrom = long.MaxValue;
        FromJournal = false;
    }

    /// <summary>The next free row (the caller fills it; <see cref="Count"/> is advanced).</summary>
    public ref TRow Add() => ref Rows[Count++];
}
