namespace LowLatencyFeed.Processing.Bars;

/// <summary>
/// What happens to a tick older than a timeframe's open bar (its interval already closed). Ticks inside the open bar
/// always update it, whatever their order. Either way the tick is counted in <see cref="BarAggregator.OlderTicks"/>.
/// </summary>
public enum LateTradePolicy : byte
{
    /// <summary>
    /// Default. The tick is left out of that timeframe's bars and counted in <see cref="BarAggregator.DroppedOlderTicks"/>;
    /// bars already published never change, so storage can append.
    /// </summary>
    Drop = 0,

    /// <summary>
    /// If the tick falls in the most recently closed bar of the timeframe, that bar is updated and published again with
    /// <see cref="Derived.DerivedFlags.Revised"/> (storage upserts by instrument, timeframe and start); older ticks are dropped.
    /// </summary>
    ReviseLastClosed = 1,
}
