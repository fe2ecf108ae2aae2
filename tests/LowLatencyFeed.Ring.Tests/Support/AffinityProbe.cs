using LowLatencyFeed.Ring.Processing;
using LowLatencyFeed.Ring.Threading;

namespace LowLatencyFeed.Ring.Tests.Support;

/// <summary>Records the thread's CPU mask and name when the consumer starts.</summary>
public sealed class AffinityProbe : IEventHandler<TestEvent>
{
    public ulong Mask;
    public string? ThreadName;

    public void OnStart()
    {
        Mask = ThreadAffinity.GetCurrentThreadMask();
        ThreadName = Thread.CurrentThread.Name;
    }

    public void OnBatchStart(long batchSize)
    {
    }

    public void OnEvent(ref TestEvent data, long sequence, bool endOfBatch)
    {
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
