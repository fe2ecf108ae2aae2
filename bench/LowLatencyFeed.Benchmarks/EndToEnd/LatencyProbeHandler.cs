using LowLatencyFeed.Benchmarks.Ring;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Ring.Processing;

namespace LowLatencyFeed.Benchmarks.EndToEnd;

/// <summary>Records, for each market event, the time from its frame's receive stamp to this consumer seeing it.</summary>
public sealed class LatencyProbeHandler(MonotonicClock clock, LatencyHistogram histogram) : IEventHandler<MarketEvent>
{
    public long MarketEvents;

    public void OnStart()
    {
    }

    public void OnBatchStart(long batchSize)
    {
    }

    public void OnEvent(ref MarketEvent data, long sequence, bool endOfBatch)
    {
        if (data.Header.Kind is EventKind.Tick or EventKind.Depth or EventKind.Quote)
        {
            histogram.Record(clock.UnixNanoseconds() - data.Header.ReceiveTimeNs);
            MarketEvents++;
        }
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
