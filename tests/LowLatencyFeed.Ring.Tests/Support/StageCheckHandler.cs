using LowLatencyFeed.Ring.Processing;

namespace LowLatencyFeed.Ring.Tests.Support;

/// <summary>First-stage handler that marks each event with its bit; the last stage checks all bits are set.</summary>
public sealed class StageMarkHandler(int bit) : IEventHandler<TestEvent>
{
    public void OnStart()
    {
    }

    public void OnBatchStart(long batchSize)
    {
    }

    public void OnEvent(ref TestEvent data, long sequence, bool endOfBatch) =>
        Interlocked.Or(ref data.StageMark, 1L << bit);

    public void OnBatchEnd(long lastSequence)
    {
    }

    public void OnTimeout(long sequence)
    {
    }

    public void OnShutdown()
    {
    }
}
