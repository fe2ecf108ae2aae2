using System.Runtime.CompilerServices;
using LowLatencyFeed.Ring.Waiting;

namespace LowLatencyFeed.Ring.Sequencing;

/// <summary>
/// Where a consumer waits: for the producer cursor (first stage) or for the consumers it depends on. An alert
/// (shutdown, halt) makes every wait return early; callers check <see cref="IsAlerted"/> rather than catching.
/// </summary>
public sealed class SequenceBarrier
{
    private readonly Sequencer _sequencer;
    private readonly DependentSequences _dependents;
    private readonly IWaitStrategy _waitStrategy;
    private volatile bool _alerted;

    internal SequenceBarrier(Sequencer sequencer, DependentSequences dependents, IWaitStrategy? waitStrategy)
    {
        _sequencer = sequencer;
        _dependents = dependents;
        _waitStrategy = waitStrategy ?? sequencer.WaitStrategy;
    }

    /// <summary>How this barrier's consumer waits: the ring's strategy unless the consumer was given its own.</summary>
    public IWaitStrategy WaitStrategy => _waitStrategy;

    /// <summary>True after <see cref="Alert"/> until <see cref="ClearAlert"/>.</summary>
    public bool IsAlerted => _alerted;

    /// <summary>The slowest dependency's sequence right now.</summary>
    public long DependentValue => _dependents.Value;

    /// <summary>
    /// Waits until <paramref name="sequence"/> is available and returns the highest readable sequence (≥ it).
    /// Returns less than <paramref name="sequence"/> when alerted or when a timeout-capable strategy timed out.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long WaitFor(long sequence)
    {
        long available = _dependents.Value;
        if (available < sequence)
        {
            if (_alerted)
            {
                return sequence - 1;
            }

            available = _waitStrategy.WaitFor(sequence, _dependents, this);
            if (available < sequence)
            {
                return available;
            }
        }

        long highest = _sequencer.GetHighestPublishedSequence(sequence, available);
        return highest >= sequence ? highest : WaitForPublication(sequence, available);
    }

    /// <summary>
    /// Multi-producer only: the slot is claimed but its producer has not published it yet. That takes nanoseconds,
    /// so spin rather than report a spurious timeout.
    /// </summary>
    private long WaitForPublication(long sequence, long available)
    {
        var spinner = default(SpinWait);
        long highest;
        while ((highest = _sequencer.GetHighestPublishedSequence(sequence, available)) < sequence)
        {
            if (_alerted)
            {
                return highest;
            }

            spinner.SpinOnce(sleep1Threshold: -1);
        }

        return highest;
    }

    /// <summary>Wakes every waiter and makes waits return early.</summary>
    public void Alert()
    {
        _alerted = true;
        _sequencer.WaitStrategy.SignalAllWhenBlocking();
        _waitStrategy.SignalAllWhenBlocking();
    }

    /// <summary>Clears the alert (restart after a halt).</summary>
    public void ClearAlert() => _alerted = false;
}
