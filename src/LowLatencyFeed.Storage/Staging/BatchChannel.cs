namespace LowLatencyFeed.Storage.Staging;

/// <summary>
/// The handoff of one stream between its stager (the ring consumer thread) and its writer thread: a fixed pool of
/// batches cycling through two lock-free SPSC queues, full (stager → writer) and free (writer → stager). The stager
/// never waits: with no free batch it drops its rows instead (the writer reads them back from the journal).
/// </summary>
/// <typeparam name="TRow">The staged row type.</typeparam>
public sealed class BatchChannel<TRow>
    where TRow : unmanaged
{
    private readonly SpscQueue<RowBatch<TRow>> _full;
    private readonly SpscQueue<RowBatch<TRow>> _free;
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);
    private long _droppedThrough = long.MinValue;
    private long _droppedRepairFrom = long.MaxValue;

    /// <summary>Preallocates <paramref name="batches"/> batches of <paramref name="rowsPerBatch"/> rows.</summary>
    public BatchChannel(StorageStream stream, int batches, int rowsPerBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batches, 2);
        Stream = stream;
        RowsPerBatch = rowsPerBatch;
        _full = new SpscQueue<RowBatch<TRow>>(batches);
        _free = new SpscQueue<RowBatch<TRow>>(batches);
        Initial = new RowBatch<TRow>(rowsPerBatch);
        for (int i = 1; i < batches; i++)
        {
            _free.TryEnqueue(new RowBatch<TRow>(rowsPerBatch));
        }
    }

    /// <summary>The stream.</summary>
    public StorageStream Stream { get; }

    /// <summary>Capacity of each batch.</summary>
    public int RowsPerBatch { get; }

    /// <summary>
    /// Last journal sequence of the newest range the stager dropped (<see cref="long.MinValue"/> when none). A writer
    /// with nothing queued catches up to it, so a drop is repaired even if no later batch arrives (quiet feed, shutdown).
    /// </summary>
    public long DroppedThrough => Volatile.Read(ref _droppedThrough);

    /// <summary>
    /// <see cref="long.MaxValue"/>, or the lowest source sequence of rows dropped and not yet taken for a rebuild: by the
    /// stager into the next batch it hands (<see cref="RowBatch{TRow}.RepairFrom"/>), or by a derived writer with nothing
    /// queued, whichever comes first (so each drop is rebuilt once). A dropped rest of one source event's rows ends at a
    /// sequence the checkpoint already covers, so <see cref="DroppedThrough"/> alone does not show it, and at a clean stop
    /// no later batch comes to carry it.
    /// </summary>
    public long DroppedRepairFrom => Volatile.Read(ref _droppedRepairFrom);

    /// <summary>Batches waiting for the writer.</summary>
    public int Pending => _full.Count;

    /// <summary>The batch the stager starts filling.</summary>
    internal RowBatch<TRow> Initial { get; }

    /// <summary>Stager: takes an empty batch, if any is free.</summary>
    internal bool TryRent(out RowBatch<TRow> batch) => _free.TryDequeue(out batch);

    /// <summary>Stager: hands a full batch to the writer (never fails: the queue holds the whole pool).</summary>
    internal void Publish(RowBatch<TRow> batch)
    {
        _full.TryEnqueue(batch);
        _signal.Release();
    }

    /// <summary>
    /// Stager: records that the range ending at <paramref name="lastSequence"/> was dropped, with rows going back to
    /// <paramref name="repairFrom"/> (<see cref="long.MaxValue"/>: none before the range), and wakes the writer.
    /// </summary>
    internal void MarkDropped(long lastSequence, long repairFrom)
    {
        long seen = Volatile.Read(ref _droppedRepairFrom);
        while (repairFrom < seen)
        {
            // The writer may take (reset) it concurrently: keep the lower of the two.
            long was = Interlocked.CompareExchange(ref _droppedRepairFrom, repairFrom, seen);
            if (was == seen)
            {
                break;
            }

            seen = was;
        }

        Volatile.Write(ref _droppedThrough, lastSequence);
        _signal.Release();
    }

    /// <summary>Stager (into the batch it hands) or writer (idle): takes <see cref="DroppedRepairFrom"/>, leaving <see cref="long.MaxValue"/>.</summary>
    internal long TakeDroppedRepairFrom() =>
        Volatile.Read(ref _droppedRepairFrom) == long.MaxValue ? long.MaxValue : Interlocked.Exchange(ref _droppedRepairFrom, long.MaxValue);

    /// <summary>Writer: the oldest full batch without removing it.</summary>
    internal bool TryPeek(out RowBatch<TRow> batch) => _full.TryPeek(out batch);

    /// <summary>Writer: the full batch after the oldest one, without removing anything.</summary>
    internal bool TryPeekSecond(out RowBatch<TRow> batch) => _full.TryPeekSecond(out batch);

    /// <summary>Writer: removes the batch returned by <see cref="TryPeek"/> and gives it back to the stager.</summary>
    internal void Recycle()
    {
        if (_full.TryDequeue(out RowBatch<TRow> batch))
        {
            batch.Count = 0;
            _free.TryEnqueue(batch);
        }
    }

    /// <summary>Writer: waits until a batch may be available or <paramref name="timeout"/> passes.</summary>
    internal void Wait(TimeSpan timeout) => _signal.Wait(timeout);

    /// <summary>Wakes the writer (stop requests).</summary>
    internal void Wake() => _signal.Release();
}
