using LowLatencyFeed.Ring.Processing;

namespace LowLatencyFeed.Ring.Tests.Support;

/// <summary>Blocks its first event until the gate opens: holds events "in flight" for shutdown tests.</summary>
public sealed class GatedHandler(ManualResetEventSlim gate) : IEventHandler<TestEvent>
{
    public void OnStart()
    {
    }

    public void OnBatchStart(long batchSize)
    {
    }

    public void OnEvent(ref TestEvent data, long sequence, bool endOfBatch) => gate.Wait();

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
