using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Ring.Processing;

namespace LowLatencyFeed.Host.Engine;

/// <summary>Stand-in consumer of derived events (bars, metrics, signals) until the storage stage takes them.</summary>
public sealed class DerivedCountingStage : IEventHandler<DerivedEvent>
{
    private long _events;

    /// <summary>Derived events seen.</summary>
    public long Events => Volatile.Read(ref _events);

    /// <inheritdoc />
    public void OnStart()
    {
    }

    /// <inheritdoc />
    public void OnBatchStart(long batchSize)
    {
    }

    /// <inheritdoc />
    public void OnEvent(ref DerivedEvent data, long sequence, bool endOfBatch) => Volatile.Write(ref _events, _events + 1);

    /// <inheritdoc />
    public void OnBatchEnd(long lastSequence)
    {
    }

    /// <inheritdoc />
    public void OnTimeout(long sequence)
    {
    }

    /// <inheritdoc />
    public void OnShutdown()
    {
    }
}
