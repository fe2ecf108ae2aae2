using LowLatencyFeed.Ring.Processing;

namespace LowLatencyFeed.Ring.Tests.Support;

/// <summary>Last-stage handler: counts events whose upstream marks are incomplete, then clears the marks for the next lap.</summary>
public sealed class StageVerifyHandler(long expectedMask) : IEventHandler<TestEvent>
{
    public long Count;
    public long Incomplete;

    public void OnStart()
    {
    }

    public void OnBatchStart(long batchSize)
    {
    }

    public void OnEvent(ref TestEvent data, long sequence, bool endOfBatch)
    {
        if (Volatile.Read(ref data.StageMark) != expectedMask)
        {
            Incomplete++;
        }

        data.StageMark = 0;
        Count++;
    }

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
