using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LowLatencyFeed.Ring.Sequencing;
using LowLatencyFeed.Ring.Waiting;

namespace LowLatencyFeed.Ring;

/// <summary>
/// Preallocated slots indexed by sequence &amp; mask. Producers claim a sequence, write the slot in place and publish it;
/// consumers read slots in place. Nothing is allocated after construction.
/// </summary>
/// <typeparam name="T">The slot type, a struct.</typeparam>
public sealed class RingBuffer<T>
    where T : struct
{
    private readonly T[] _entries;
    private readonly long _mask;

    private RingBuffer(Sequencer sequencer)
    {
        Sequencer = sequencer;
        _entries = new T[sequencer.BufferSize];
        _mask = sequencer.BufferSize - 1;
    }

    /// <summary>The sequencer producers claim through.</summary>
    public Sequencer Sequencer { get; }

    /// <summary>Slots in the ring.</summary>
    public int Capacity => Sequencer.BufferSize;

    /// <summary>Cursor (see <see cref="Sequencing.Sequencer.CursorSequence"/>).</summary>
    public long Cursor => Sequencer.Cursor;

    /// <summary>Ring for one publishing thread.</summary>
    public static RingBuffer<T> CreateSingleProducer(int capacity, IWaitStrategy waitStrategy, long initialSequence = Sequence.InitialValue) =>
        new(new SingleProducerSequencer(capacity, waitStrategy, initialSequence));

    /// <summary>Ring for any number of publishing threads.</summary>
    public static RingBuffer<T> CreateMultiProducer(int capacity, IWaitStrategy waitStrategy, long initialSequence = Sequence.InitialValue) =>
        new(new MultiProducerSequencer(capacity, waitStrategy, initialSequence));

    /// <summary>The slot for <paramref name="sequence"/>, by reference.</summary>
    public ref T this[long sequence]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_entries), (nint)(sequence & _mask));
    }

    /// <summary>Claims one slot, waiting for capacity.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Next() => Sequencer.Next(1);

    /// <summary>Claims <paramref name="n"/> slots, waiting for capacity; returns the highest sequence.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Next(int n) => Sequencer.Next(n);

    /// <summary>Claims one slot if there is capacity now.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryNext(out long sequence) => Sequencer.TryNext(1, out sequence);

    /// <summary>Claims <paramref name="n"/> slots if there is capacity now.</summary>
    public bool TryNext(int n, out long sequence) => Sequencer.TryNext(n, out sequence);

    /// <summary>Publishes one claimed slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Publish(long sequence) => Sequencer.Publish(sequence);

    /// <summary>Publishes a claimed range.</summary>
    public void Publish(long lo, long hi) => Sequencer.Publish(lo, hi);

    /// <summary>The slowest last-stage consumer's sequence.</summary>
    public long GetMinimumGatingSequence() => Sequencer.GetMinimumGatingSequence();

    /// <summary>A barrier waiting on <paramref name="dependencies"/> (or the cursor when none).</summary>
    public SequenceBarrier NewBarrier(params Sequence[] dependencies) => Sequencer.NewBarrier(dependencies);
}
