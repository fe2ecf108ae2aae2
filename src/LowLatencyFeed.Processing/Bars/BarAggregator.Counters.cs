using LowLatencyFeed.Processing.Common;

namespace LowLatencyFeed.Processing.Bars;

/// <summary>The aggregator's counters: written by the bar thread only, read from any thread.</summary>
public sealed partial class BarAggregator
{
    private long _ticks;
    private long _unpricedTicks;
    private long _lateTicks;
    private long _olderTicks;
    private long _droppedOlderTicks;
    private long _barsEmitted;
    private long _flatBarsEmitted;
    private long _barsRevised;
    private long _volumeResets;
    private long _clockEvents;
    private long _gapsObserved;

    /// <summary>Instruments seen.</summary>
    public int InstrumentCount => _map.Count;

    /// <summary>Tick events handled (including rejected and unpriced ones).</summary>
    public long Ticks => Volatile.Read(ref _ticks);

    /// <summary>Ticks without a last price (they contribute nothing to bars).</summary>
    public long UnpricedTicks => Volatile.Read(ref _unpricedTicks);

    /// <summary>Ticks whose exchange time is earlier than an earlier-arrived tick of the same instrument.</summary>
    public long LateTicks => Volatile.Read(ref _lateTicks);

    /// <summary>Tick × timeframe pairs where the tick was older than the open bar (handled by the late-trade policy).</summary>
    public long OlderTicks => Volatile.Read(ref _olderTicks);

    /// <summary>Tick × timeframe pairs left out of the bars by the late-trade policy.</summary>
    public long DroppedOlderTicks => Volatile.Read(ref _droppedOlderTicks);

    /// <summary>Bars published (flat, revised and partial ones included).</summary>
    public long BarsEmitted => Volatile.Read(ref _barsEmitted);

    /// <summary>Flat bars published for quiet intervals.</summary>
    public long FlatBarsEmitted => Volatile.Read(ref _flatBarsEmitted);

    /// <summary>Closed bars revised and published again (<see cref="LateTradePolicy.ReviseLastClosed"/>).</summary>
    public long BarsRevised => Volatile.Read(ref _barsRevised);

    /// <summary>Cumulative day volumes that went down (taken as session resets).</summary>
    public long VolumeResets => Volatile.Read(ref _volumeResets);

    /// <summary>Clock events handled.</summary>
    public long ClockEvents => Volatile.Read(ref _clockEvents);

    /// <summary>Feed gaps opened (Disconnected, StaleFeed, EngineStop).</summary>
    public long GapsObserved => Volatile.Read(ref _gapsObserved);

    /// <summary>Events rejected, all reasons.</summary>
    public long RejectedTicks => _rejects.Total;

    /// <summary>Events rejected for <paramref name="reason"/>.</summary>
    public long Rejections(RejectReason reason) => _rejects.Get(reason);
}
