using LowLatencyFeed.Ring.Sequencing;

namespace LowLatencyFeed.Ring.Waiting;

/// <summary>
/// Spins briefly, then yields the core on every retry. Near busy-spin latency while letting other runnable threads
/// (the producer on a small machine) have the CPU.
/// </summary>
public sealed class YieldingWaitStrategy : IWaitStrategy
{
    private const int SpinTries = 100;

    /// <inheritdoc />
    public long WaitFor(long sequence, DependentSequences dependents, SequenceBarrier barrier)
    {
        int counter = SpinTries;
        long available;
        while ((available = dependents.Value) < sequence)
        {
            if (barrier.IsAlerted)
            {
                return available;
            }

            if (counter > 0)
            {
                counter--;
                Thread.SpinWait(1);
            }
            else
            {
                Thread.Yield();
            }
        }

        return available;
    }

    /// <inheritdoc />
    public void SignalAllWhenBlocking()
    {
    }
}
