using LowLatencyFeed.Ring.Sequencing;

namespace LowLatencyFeed.Ring.Waiting;

/// <summary>
/// Parks consumers on a monitor until a producer publishes. Producers pay for a signal only while a consumer is
/// actually parked: a waiter count is checked after a full fence (Dekker-style), so the common case is one fence and
/// one read. With <see cref="Timeout"/> set, waits return after the timeout so handlers get <c>OnTimeout</c>.
/// </summary>
public sealed class BlockingWaitStrategy : IWaitStrategy
{
    private readonly object _gate = new();
    private readonly int _timeoutMilliseconds;
    private int _waiters;

    /// <summary>Creates a strategy that waits indefinitely (<paramref name="timeout"/> null) or with a timeout.</summary>
    public BlockingWaitStrategy(TimeSpan? timeout = null)
    {
        Timeout = timeout;
        _timeoutMilliseconds = timeout is { } t ? Math.Max(1, (int)t.TotalMilliseconds) : System.Threading.Timeout.Infinite;
    }

    /// <summary>How long a wait lasts before returning with nothing new; null waits indefinitely.</summary>
    public TimeSpan? Timeout { get; }

    /// <inheritdoc />
    public long WaitFor(long sequence, DependentSequences dependents, SequenceBarrier barrier)
    {
        var cursor = dependents.Cursor;
        if (cursor.Value < sequence)
        {
            Interlocked.Increment(ref _waiters);
            try
            {
                lock (_gate)
                {
                    while (cursor.Value < sequence)
                    {
                        if (barrier.IsAlerted)
                        {
                            return dependents.Value;
                        }

                        if (!Monitor.Wait(_gate, _timeoutMilliseconds))
                        {
                            return dependents.Value;
                        }
                    }
                }
            }
            finally
            {
                Interlocked.Decrement(ref _waiters);
            }
        }

        // The cursor has passed; upstream consumers finish soon. They do not signal, so back off gently.
        var spinner = default(SpinWait);
        long available;
        while ((available = dependents.Value) < sequence)
        {
            if (barrier.IsAlerted)
            {
                return available;
            }

            spinner.SpinOnce();
        }

        return available;
    }

    /// <inheritdoc />
    public void SignalAllWhenBlocking()
    {
        // Orders our cursor store before the waiter read; the waiter increments before re-reading the cursor.
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _waiters) != 0)
        {
            lock (_gate)
            {
                Monitor.PulseAll(_gate);
            }
        }
    }
}
