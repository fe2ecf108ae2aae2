using System.Numerics;
using LowLatencyFeed.Ring.Waiting;

namespace LowLatencyFeed.Ring.Sequencing;

/// <summary>
/// Hands out ring sequences to producers and tracks what is published. Producers never claim a slot that the
/// slowest gating consumer has not finished (wrap point = next − capacity must not pass it).
/// </summary>
public abstract class Sequencer
{
    /// <summary>
    /// SpinWait iterations (10 spins, then yields) before a producer at a full ring sleeps 1 ms per retry: a consumer that
    /// is merely busy frees a slot within a few yields; one a whole ring behind needs the core for a while.
    /// </summary>
    internal const int FullRingSleepThreshold = 100;

    private readonly object _gatingLock = new();
    private Sequence[] _gatingSequences = [];
    private volatile string? _haltReason;

    /// <summary>Creates a sequencer over a power-of-two ring starting after <paramref name="initialSequence"/>.</summary>
    protected Sequencer(int bufferSize, IWaitStrategy waitStrategy, long initialSequence)
    {
        if (bufferSize < 1 || !BitOperations.IsPow2(bufferSize))
        {
            ThrowHelper.ThrowCapacityNotPowerOfTwo(bufferSize);
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(initialSequence, Sequence.InitialValue);
        BufferSize = bufferSize;
        WaitStrategy = waitStrategy;
        CursorSequence = new Sequence(initialSequence);
    }

    /// <summary>Ring capacity in slots.</summary>
    public int BufferSize { get; }

    /// <summary>How consumers wait for this sequencer's cursor.</summary>
    public IWaitStrategy WaitStrategy { get; }

    /// <summary>
    /// The cursor: highest published sequence (single producer) or highest claimed sequence (multi producer,
    /// where <see cref="GetHighestPublishedSequence"/> tells what is actually readable).
    /// </summary>
    public Sequence CursorSequence { get; }

    /// <summary>Current cursor value.</summary>
    public long Cursor => CursorSequence.Value;

    /// <summary>True once <see cref="Halt"/> was called; claims then throw instead of waiting forever.</summary>
    public bool IsHalted => _haltReason is not null;

    /// <summary>Sequences of the consumers producers must not overtake.</summary>
    protected Sequence[] GatingSequences => Volatile.Read(ref _gatingSequences);

    /// <summary>Claims the next slot, waiting for capacity.</summary>
    public long Next() => Next(1);

    /// <summary>Claims <paramref name="n"/> consecutive slots, waiting for capacity; returns the highest.</summary>
    public abstract long Next(int n);

    /// <summary>Claims the next slot if capacity is available now.</summary>
    public bool TryNext(out long sequence) => TryNext(1, out sequence);

    /// <summary>Claims <paramref name="n"/> slots if capacity is available now; <paramref name="sequence"/> is the highest.</summary>
    public abstract bool TryNext(int n, out long sequence);

    /// <summary>Makes a claimed slot visible to consumers.</summary>
    public abstract void Publish(long sequence);

    /// <summary>Makes a claimed range visible to consumers.</summary>
    public abstract void Publish(long lo, long hi);

    /// <summary>Whether <paramref name="sequence"/> has been published.</summary>
    public abstract bool IsAvailable(long sequence);

    /// <summary>Highest sequence in [<paramref name="lowerBound"/>, <paramref name="availableSequence"/>] such that every sequence up to it is published.</summary>
    public abstract long GetHighestPublishedSequence(long lowerBound, long availableSequence);

    /// <summary>Free slots right now.</summary>
    public long RemainingCapacity()
    {
        long consumed = SequenceMath.Minimum(GatingSequences, Cursor);
        return BufferSize - (Cursor - consumed);
    }

    /// <summary>The slowest gating consumer's sequence (or the cursor when there is none).</summary>
    public long GetMinimumGatingSequence() => SequenceMath.Minimum(GatingSequences, Cursor);

    /// <summary>Adds consumers producers must not overtake. Cold path (copy on write).</summary>
    public void AddGatingSequences(params Sequence[] sequences)
    {
        lock (_gatingLock)
        {
            var current = _gatingSequences;
            var updated = new Sequence[current.Length + sequences.Length];
            current.CopyTo(updated, 0);
            sequences.CopyTo(updated, current.Length);
            Volatile.Write(ref _gatingSequences, updated);
        }
    }

    /// <summary>Removes a gating consumer. Cold path.</summary>
    public bool RemoveGatingSequence(Sequence sequence)
    {
        lock (_gatingLock)
        {
            var current = _gatingSequences;
            int index = Array.IndexOf(current, sequence);
            if (index < 0)
            {
                return false;
            }

            var updated = new Sequence[current.Length - 1];
            Array.Copy(current, 0, updated, 0, index);
            Array.Copy(current, index + 1, updated, index, current.Length - index - 1);
            Volatile.Write(ref _gatingSequences, updated);
            return true;
        }
    }

    /// <summary>Creates a barrier for consumers that wait on <paramref name="dependencies"/> (or the cursor when empty).</summary>
    public SequenceBarrier NewBarrier(params Sequence[] dependencies) => new(this, new DependentSequences(CursorSequence, dependencies), null);

    /// <summary>
    /// Creates a barrier whose consumer waits with <paramref name="waitStrategy"/> instead of the ring's own (one
    /// consumer busy-spinning while the others sleep or block). It must not need a producer's signal: the producer
    /// signals only the ring's strategy.
    /// </summary>
    public SequenceBarrier NewBarrier(IWaitStrategy waitStrategy, params Sequence[] dependencies)
    {
        ArgumentNullException.ThrowIfNull(waitStrategy);
        if (waitStrategy is BlockingWaitStrategy && !ReferenceEquals(waitStrategy, WaitStrategy))
        {
            ThrowHelper.ThrowUnsignalledWaitStrategy(waitStrategy.GetType().Name);
        }

        return new(this, new DependentSequences(CursorSequence, dependencies), waitStrategy);
    }

    /// <summary>Stops producers: any waiting or future claim throws with <paramref name="reason"/>.</summary>
    public void Halt(string reason) => _haltReason = reason;

    /// <summary>
    /// Producer-side wait for capacity; throws if the pipeline halted meanwhile. A full ring means the slowest consumer is
    /// a whole ring behind: it needs the CPU, not a producer spinning beside it (on 2 cores several feed threads yielding
    /// in a loop took an eighth of the machine from the journal). So spin and yield briefly, then sleep 1 ms per retry:
    /// the consumer frees thousands of slots meanwhile, so throughput is unchanged.
    /// </summary>
    protected long WaitForCapacity(long wrapPoint, long cursorValue)
    {
        var spinner = default(SpinWait);
        long minimum;
        while (wrapPoint > (minimum = SequenceMath.Minimum(GatingSequences, cursorValue)))
        {
            string? reason = _haltReason;
            if (reason is not null)
            {
                ThrowHelper.ThrowHalted(reason);
            }

            spinner.SpinOnce(sleep1Threshold: FullRingSleepThreshold);
        }

        return minimum;
    }

    /// <summary>Validates a batch size.</summary>
    protected void CheckBatchSize(int n)
    {
        if (n < 1 || n > BufferSize)
        {
            ThrowHelper.ThrowBatchSize(n, BufferSize);
        }
    }
}
