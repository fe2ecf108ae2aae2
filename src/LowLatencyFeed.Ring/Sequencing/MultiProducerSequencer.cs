using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LowLatencyFeed.Ring.Waiting;

namespace LowLatencyFeed.Ring.Sequencing;

/// <summary>
/// Sequencer for several publishing threads. Claims advance the cursor atomically; since producers publish out of
/// claim order, each slot records the lap in which it was published (availability buffer), and consumers read only up
/// to the first slot not yet published in the current lap.
/// </summary>
public sealed class MultiProducerSequencer : Sequencer
{
    private readonly int[] _availableBuffer;
    private readonly int _indexMask;
    private readonly int _indexShift;
    private readonly Sequence _gatingSequenceCache;

    /// <summary>Creates the sequencer.</summary>
    public MultiProducerSequencer(int bufferSize, IWaitStrategy waitStrategy, long initialSequence = Sequence.InitialValue)
        : base(bufferSize, waitStrategy, initialSequence)
    {
        _availableBuffer = new int[bufferSize];
        Array.Fill(_availableBuffer, -1);
        _indexMask = bufferSize - 1;
        _indexShift = System.Numerics.BitOperations.Log2((uint)bufferSize);
        _gatingSequenceCache = new Sequence(initialSequence);
    }

    /// <summary>
    /// Claims <paramref name="n"/> slots, waiting for capacity <em>before</em> claiming: a producer that claimed first and
    /// then waited at a full ring would hold sequences the consumers cannot pass, and every consumer that caught up would
    /// spin on them (on 2 cores that took a fifth of the process's CPU at the ring's limit).
    /// </summary>
    public override long Next(int n)
    {
        if (n != 1)
        {
            CheckBatchSize(n);
        }

        while (true)
        {
            long current = CursorSequence.Value;
            long next = current + n;
            long wrapPoint = next - BufferSize;
            if (wrapPoint > _gatingSequenceCache.Value)
            {
                // Another producer may claim meanwhile: re-read the cursor once there is room.
                _gatingSequenceCache.Value = WaitForCapacity(wrapPoint, current);
                continue;
            }

            if (CursorSequence.CompareAndSet(current, next))
            {
                return next;
            }
        }
    }

    /// <inheritdoc />
    public override bool TryNext(int n, out long sequence)
    {
        CheckBatchSize(n);
        while (true)
        {
            long current = CursorSequence.Value;
            long next = current + n;
            long wrapPoint = next - BufferSize;
            if (wrapPoint > _gatingSequenceCache.Value)
            {
                long minimum = SequenceMath.Minimum(GatingSequences, current);
                _gatingSequenceCache.Value = minimum;
                if (wrapPoint > minimum)
                {
                    sequence = 0;
                    return false;
                }
            }

            if (CursorSequence.CompareAndSet(current, next))
            {
                sequence = next;
                return true;
            }
        }
    }

    /// <inheritdoc />
    public override void Publish(long sequence)
    {
        SetAvailable(sequence);
        WaitStrategy.SignalAllWhenBlocking();
    }

    /// <inheritdoc />
    public override void Publish(long lo, long hi)
    {
        for (long sequence = lo; sequence <= hi; sequence++)
        {
            SetAvailable(sequence);
        }

        WaitStrategy.SignalAllWhenBlocking();
    }

    /// <inheritdoc />
    public override bool IsAvailable(long sequence)
    {
        int index = (int)sequence & _indexMask;
        int flag = (int)(sequence >>> _indexShift);
        return Volatile.Read(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_availableBuffer), index)) == flag;
    }

    /// <inheritdoc />
    public override long GetHighestPublishedSequence(long lowerBound, long availableSequence)
    {
        for (long sequence = lowerBound; sequence <= availableSequence; sequence++)
        {
            if (!IsAvailable(sequence))
            {
                return sequence - 1;
            }
        }

        return availableSequence;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetAvailable(long sequence)
    {
        int index = (int)sequence & _indexMask;
        Volatile.Write(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_availableBuffer), index), (int)(sequence >>> _indexShift));
    }
}
