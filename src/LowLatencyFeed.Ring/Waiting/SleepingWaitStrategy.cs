using LowLatencyFeed.Ring.Sequencing;

namespace LowLatencyFeed.Ring.Waiting;

/// <summary>
/// Spin, then yield, then sleep: idle consumers cost almost no CPU, at the price of up to <see cref="SleepMilliseconds"/>
/// of extra latency after a quiet spell. The default for the host's consumers on small machines.
/// </summary>
public sealed class SleepingWaitStrategy : IWaitStrategy
{
    private const int SpinTries = 100;
    private const int YieldTries = 100;

    /// <summary>Creates the strategy.</summary>
    public SleepingWaitStrategy(int sleepMilliseconds = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sleepMilliseconds);
        SleepMilliseconds = sleepMilliseconds;
    }

    /// <summary>Sleep per retry once spinning and yielding found nothing.</summary>
    public int SleepMilliseconds { get; }

    /// <inheritdoc />
    public long WaitFor(long sequence, DependentSequences dependents, SequenceBarrier barrier)
    {
        int counter = SpinTries + YieldTries;
        long available;
        while ((available = dependents.Value) < sequence)
        {
            if (barrier.IsAlerted)
            {
                return available;
            }

            if (counter > YieldTries)
            {
                counter--;
                Thread.SpinWait(1);
            }
            else if (counter > 0)
            {
                counter--;
                Thread.Yield();
            }
            else
            {
                Thread.Sleep(SleepMilliseconds);
            }
        }

        return available;
    }

    /// <inheritdoc />
    public void SignalAllWhenBlocking()
    {
    }
}
