using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Ring.Processing;

namespace LowLatencyFeed.Transport.Tests.Support;

/// <summary>A ring consumer that copies every event into an <see cref="EventCollector"/>.</summary>
public sealed class CollectingHandler : IEventHandler<MarketEvent>
{
    private readonly EventCollector _collector;

    public CollectingHandler(EventCollector collector) => _collector = collector;

    public void OnStart()
    {
    }

    public void OnBatchStart(long batchSize)
    {
    }

    public void OnEvent(ref MarketEvent data, long sequence, bool endOfBatch) => _collector.Add(data);

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
