using LowLatencyFeed.Ring.Sequencing;

namespace LowLatencyFeed.Ring.Waiting;

/// <summary>How a consumer waits for a sequence: trades latency against the CPU it burns while idle.</summary>
public interface IWaitStrategy
{
    /// <summary>
    /// Waits until <paramref name="dependents"/> reach <paramref name="sequence"/>; returns their value, which is
    /// below <paramref name="sequence"/> if the barrier was alerted or the strategy timed out.
    /// </summary>
    long WaitFor(long sequence, DependentSequences dependents, SequenceBarrier barrier);

    /// <summary>Called by producers after each publish; only blocking strategies do anything.</summary>
    void SignalAllWhenBlocking();
}
