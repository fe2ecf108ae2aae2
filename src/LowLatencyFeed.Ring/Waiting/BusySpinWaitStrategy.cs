using LowLatencyFeed.Ring.Sequencing;

namespace LowLatencyFeed.Ring.Waiting;

/// <summary>
/// Spins on the dependency with a CPU pause. Lowest latency, burns a whole core: only for a consumer that owns a core
/// (on a 2-core machine, at most one thread may use it or the producer starves).
/// </summary>
public sealed class BusySpinWaitStrategy : IWaitStrategy
{
    /// <inheritdoc />
    public long WaitFor(long sequence, DependentSequences dependents, SequenceBarrier barrier)
    {
        long available;
        while ((available = dependents.Value) < sequence)
        {
            if (barrier.IsAlerted)
            {
                return available;
            }

            Thread.SpinWait(1);
        }

        return available;
    }

    /// <inheritdoc />
    public void SignalAllWhenBlocking()
    {
    }
}
