using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Ring.Processing;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Processing.Bars;

/// <summary>
/// The bar builder's ring consumer: hands every event to a <see cref="BarAggregator"/>. Batch boundaries are ignored on
/// purpose (they differ between live and replay), so output depends only on the events and their order.
/// </summary>
public sealed class BarBuilderHandler : IEventHandler<MarketEvent>
{
    /// <summary>Wraps an existing aggregator (replay can drive the same aggregator directly).</summary>
    public BarBuilderHandler(BarAggregator aggregator)
    {
        ArgumentNullException.ThrowIfNull(aggregator);
        Aggregator = aggregator;
    }

    /// <summary>Creates the aggregator too.</summary>
    public BarBuilderHandler(BarOptions options, IDerivedEventSink sink, ILogger? logger = null)
        : this(new BarAggregator(options, sink, logger))
    {
    }

    /// <summary>The engine.</summary>
    public BarAggregator Aggregator { get; }

    /// <summary>Bars published.</summary>
    public long BarsEmitted => Aggregator.BarsEmitted;

    /// <summary>Ticks that arrived after a later-stamped tick of the same instrument.</summary>
    public long LateTrades => Aggregator.LateTicks;

    /// <summary>Tick × timeframe pairs older than the open bar.</summary>
    public long OlderTrades => Aggregator.OlderTicks;

    /// <summary>Tick × timeframe pairs dropped by the late-trade policy.</summary>
    public long DroppedTrades => Aggregator.DroppedOlderTicks;

    /// <summary>Bars revised after publication.</summary>
    public long BarsRevised => Aggregator.BarsRevised;

    /// <summary>Cumulative-volume session resets.</summary>
    public long VolumeResets => Aggregator.VolumeResets;

    /// <summary>Rejected ticks.</summary>
    public long RejectedTicks => Aggregator.RejectedTicks;

    /// <inheritdoc />
    public void OnStart()
    {
    }

    /// <inheritdoc />
    public void OnBatchStart(long batchSize)
    {
    }

    /// <inheritdoc />
    public void OnEvent(ref MarketEvent data, long sequence, bool endOfBatch) => Aggregator.OnEvent(in data);

    /// <inheritdoc />
    public void OnBatchEnd(long lastSequence) => Aggregator.PublishOpenBars();

    /// <inheritdoc />
    public void OnTimeout(long sequence)
    {
        // Quiet bars are closed by clock events in the ring, never by this thread's wall clock (determinism).
    }

    /// <inheritdoc />
    public void OnShutdown()
    {
        // Open bars stay unpublished: they are incomplete, and the journal replays them after a restart.
    }
}
