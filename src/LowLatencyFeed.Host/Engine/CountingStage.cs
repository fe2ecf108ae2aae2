using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Ring.Processing;

namespace LowLatencyFeed.Host.Engine;

/// <summary>
/// Stands in the graph for a stage whose implementation is not wired yet: it only counts what it sees, so the graph,
/// its gating and its metrics are already in their final shape. The host names such stages at start.
/// </summary>
public sealed class CountingStage : IEventHandler<MarketEvent>
{
    private long _events;

    /// <summary>Events seen.</summary>
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
    public void OnEvent(ref MarketEvent data, long sequence, bool endOfBatch) => Volatile.Write(ref _events, _events + 1);

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
