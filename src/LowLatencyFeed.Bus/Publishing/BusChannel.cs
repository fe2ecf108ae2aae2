namespace LowLatencyFeed.Bus.Publishing;

/// <summary>
/// The handoff between the bus stager (ring consumer thread) and the publisher: a fixed pool of batches cycling
/// through two SPSC queues. The stager never waits: with no free batch it drops its range (recorded in
/// <see cref="DroppedThrough"/>) and the publisher later reads it back from the journal.
/// </summary>
public sealed class BusChannel
{
    private readonly BatchQueue _full;
    private readonly BatchQueue _free;
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);
    private long _droppedThrough = -1;

    /// <summary>Preallocates <paramref name="batches"/> batches.</summary>
    public BusChannel(int batches, int maxBytes, int maxEvents, int slabLevelsPerSide)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batches, 2);
        _full = new BatchQueue(batches);
        _free = new BatchQueue(batches);
        Initial = new BusBatch(maxBytes, maxEvents, slabLevelsPerSide);
        for (int i = 1; i < batches; i++)
        {
            _free.TryEnqueue(new BusBatch(maxBytes, maxEvents, slabLevelsPerSide));
        }

        MaxBytes = maxBytes;
        MaxEvents = maxEvents;
        SlabLevelsPerSide = slabLevelsPerSide;
    }

    /// <summary>Encoded bytes per batch.</summary>
    public int MaxBytes { get; }

    /// <summary>Events per batch.</summary>
    public int MaxEvents { get; }

    /// <summary>Slab depth per side the batches can encode.</summary>
    public int SlabLevelsPerSide { get; }

    /// <summary>Last source sequence of the newest range the stager dropped (-1 when none).</summary>
    public long DroppedThrough => Volatile.Read(ref _droppedThrough);

    /// <summary>Batches waiting for the publisher.</summary>
    public int Pending => _full.Count;

    internal BusBatch Initial { get; }

    internal bool TryRent(out BusBatch batch) => _free.TryDequeue(out batch);

    internal void Publish(BusBatch batch)
    {
        _full.TryEnqueue(batch);
        _signal.Release();
    }

    internal void NoteDropped(long lastSequence) => Volatile.Write(ref _droppedThrough, lastSequence);

    internal bool TryPeek(out BusBatch batch) => _full.TryPeek(out batch);

    internal void Recycle()
    {
        if (_full.TryDequeue(out BusBatch batch))
        {
            batch.Reset();
            _free.TryEnqueue(batch);
        }
    }

    internal Task WaitAsync(TimeSpan timeout, CancellationToken cancellation) => _signal.WaitAsync(timeout, cancellation);

    internal void Wake() => _signal.Release();
}
