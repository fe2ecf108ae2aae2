namespace LowLatencyFeed.Storage.Staging;

/// <summary>
/// A table written as one ordered stream with its own checkpoint: every row of the table that comes from a journal
/// event at or below the checkpoint is committed, none above it.
/// </summary>
public enum StorageStream
{
    /// <summary><c>llfeed.ticks</c>: ticker snapshots.</summary>
    Ticks = 0,

    /// <summary><c>llfeed.trades</c>: ticks flagged <see cref="Core.Events.TickFields.IsTrade"/>.</summary>
    Trades = 1,

    /// <summary><c>llfeed.quotes</c>: best bid and offer.</summary>
    Quotes = 2,

    /// <summary><c>llfeed.depth_levels_200</c>: one row per book level.</summary>
    Depth = 3,

    /// <summary><c>llfeed.bars</c> (derived).</summary>
    Bars = 4,

    /// <summary><c>llfeed.book_metrics</c> (derived).</summary>
    BookMetrics = 5,

    /// <summary><c>llfeed.signals</c> (derived).</summary>
    Signals = 6,

    /// <summary><c>llfeed.indicators</c> (derived: indicator values at each bar close).</summary>
    Indicators = 7,
}
