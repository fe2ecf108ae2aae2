using System.Runtime.InteropServices;
using LowLatencyFeed.Ring.Waiting;

namespace LowLatencyFeed.Ring.Sequencing;

/// <summary>
/// Sequencer for exactly one publishing thread: claiming is plain arithmetic on producer-private fields, and publishing
/// is one release store of the cursor, because slots are published in claim order.
/// </summary>
public sealed class SingleProducerSequencer : Sequencer
{
    private ProducerState _state;

    /// <summary>Creates the sequencer.</summary>
    public SingleProducerSequencer(int bufferSize, IWaitStrategy waitStrategy, long initialSequence = Sequence.InitialValue)
        : base(bufferSize, waitStrategy, initialSequence)
    {
        _state.NextValue = initialSequence;
        _state.CachedGatingValue = initialSequence;
    }

    /// <inheritdoc />
    public override long Next(int n)
    {
        if (n != 1)
        {
            CheckBatchSize(n);
        }

        long current = _state.NextValue;
        long next = current + n;
        long wrapPoint = next - BufferSize;
        long cachedGating = _state.CachedGatingValue;
        if (wrapPoint > cachedGating || cachedGating > current)
        {
            // Full fence so the consumers' view of our published cursor is current before we read theirs.
            Interlocked.MemoryBarrier();
            _state.CachedGatingValue = WaitForCapacity(wrapPoint, current);
        }

        _state.NextValue = next;
        return next;
    }

    /// <inheritdoc />
    public override bool TryNext(int n, out long sequence)
    {
        CheckBatchSize(n);
        long current = _state.NextValue;
        long next = current + n;
        long wrapPoint = next - BufferSize;
        long cachedGating = _state.CachedGatingValue;
        if (wrapPoint > cachedGating || cachedGating > current)
        {
            Interlocked.MemoryBarrier();
            long minimum = SequenceMath.Minimum(GatingSequences, current);
            _state.CachedGatingValue = minimum;
            if (wrapPoint > minimum)
            {
                sequence = 0;
                return false;
            }
        }

        _state.NextValue = next;
        sequence = next;
        return true;
    }

    /// <inheritdoc />
    public override void Publish(long sequence)
    {
        CursorSequence.Value = sequence;
        WaitStrategy.SignalAllWhenBlocking();
    }

    /// <inheritdoc />
    public override void Publish(long lo, long hi) => Publish(hi);

    /// <inheritdoc />
    public override bool IsAvailable(long sequence)
    {
        long cursor = Cursor;
        return sequence <= cursor && sequence > cursor - BufferSize;
    }

    /// <inheritdoc />
    public override long GetHighestPublishedSequence(long lowerBound, long availableSequence) => availableSequence;

    /// <summary>Producer-only fields, padded so consumer reads of neighbouring data never bounce this line.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct ProducerState
    {
        [FieldOffset(56)]
        public long NextValue;

        [FieldOffset(64)]
        public long CachedGatingValue;
    }
}
