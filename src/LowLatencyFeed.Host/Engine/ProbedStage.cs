using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Ring.Processing;

namespace LowLatencyFeed.Host.Engine;

/// <summary>
/// A stage's handler followed by an <see cref="IStageProbe"/> on the same thread: the probe sees an event once the
/// stage is done with it, without a ring hop of its own. Generic over the handler so its calls stay devirtualized.
/// </summary>
public sealed class ProbedStage<THandler>(THandler inner, IStageProbe probe) : IEventHandler<MarketEvent>
    where THandler : IEventHandler<MarketEvent>
{
    /// <inheritdoc />
    public void OnStart() => inner.OnStart();

    /// <inheritdoc />
    public void OnBatchStart(long batchSize) => inner.OnBatchStart(batchSize);

    /// <inheritdoc />
    public void OnEvent(ref MarketEvent data, long sequence, bool endOfBatch)
    {
        inner.OnEvent(ref data, sequence, endOfBatch);
        probe.OnStaged(ref data, sequence);
    }

    /// <inheritdoc />
    public void OnBatchEnd(long lastSequence) => inner.OnBatchEnd(lastSequence);

    /// <inheritdoc />
    public void OnTimeout(long sequence) => inner.OnTimeout(sequence);

    /// <inheritdoc />
    public void OnShutdown() => inner.OnShutdown();
}
