using LowLatencyFeed.Ring.Processing;

namespace LowLatencyFeed.Benchmarks.Ring;

/// <summary>Sums values (so the work cannot be elided) and records the last sequence seen.</summary>
public struct CountingBenchHandler : IEventHandler<BenchEvent>
{
    public long Sum;

    public void OnStart()
    {
    }

    public void OnBatchStart(long batchSize)
    {
    }

    public void OnEvent(ref BenchEvent data, long sequence, bool endOfBatch) => Sum += data.Value;

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
