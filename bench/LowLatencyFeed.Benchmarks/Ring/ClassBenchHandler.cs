using LowLatencyFeed.Ring.Processing;

namespace LowLatencyFeed.Benchmarks.Ring;

/// <summary>The same handler as a class, used through the interface: measures what struct specialization buys.</summary>
public class ClassBenchHandler : IEventHandler<BenchEvent>
{
    public long Sum;

    public virtual void OnStart()
    {
    }

    public virtual void OnBatchStart(long batchSize)
    {
    }

    public virtual void OnEvent(ref BenchEvent data, long sequence, bool endOfBatch) => Sum += data.Value;

    public virtual void OnBatchEnd(long lastSequence)
    {
    }

    public virtual void OnTimeout(long sequence)
    {
    }

    public virtual void OnShutdown()
    {
    }
}
