using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Research.Export;

/// <summary>A table buffer that takes one row per market event (ticks, trades, quotes).</summary>
internal interface IMarketRowBuffer
{
    /// <summary>Adds the event's row; false when a value does not fit the column's decimal scale (the row is skipped).</summary>
    bool TryAdd(in MarketEvent e);
}
