using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Protocols.Binance;

/// <summary>
/// Settings of one <see cref="BinanceProtocol"/>. Streams per <see cref="Common.SubscriptionMode"/>:
/// Ltp → trade; Quote → trade + bookTicker; Full and Depth200 → trade + bookTicker + diff depth (kept in sync with REST
/// snapshots when <see cref="SynchronizeBooks"/>); Depth20 → trade + bookTicker + partial depth of
/// <see cref="PartialDepthLevels"/> levels.
/// </summary>
public sealed class BinanceProtocolOptions
{
    /// <summary>Stamped into <see cref="EventHeader.SessionId"/>.</summary>
    public ushort SessionId { get; init; }

    /// <summary>Run the local order book procedure for diff-depth symbols (default true); false publishes raw diffs.</summary>
    public bool SynchronizeBooks { get; init; } = true;

    /// <summary>Use <c>@aggTrade</c> instead of <c>@trade</c>.</summary>
    public bool UseAggregateTrades { get; init; }

    /// <summary>Use the 100 ms variants of the depth streams (default true) rather than 1000 ms.</summary>
    public bool DepthEvery100Milliseconds { get; init; } = true;

    /// <summary>Levels of the partial depth stream for Depth20 mode: 5, 10 or 20.</summary>
    public int PartialDepthLevels { get; init; } = 20;

    /// <summary>Most levels per side accepted in one message (larger messages are rejected as InvalidValue).</summary>
    public int MaxLevelsPerSide { get; init; } = BinanceStreamLimits.MaxSnapshotLimit;

    /// <summary>REST snapshot depth (<c>limit</c>): sizes each symbol's snapshot buffer.</summary>
    public int SnapshotLimit { get; init; } = 1000;

    /// <summary>Diffs buffered per symbol while out of sync.</summary>
    public int BufferedDiffs { get; init; } = BinanceBookSynchronizer.DefaultBufferedEvents;

    /// <summary>Levels buffered per symbol while out of sync.</summary>
    public int BufferedLevels { get; init; } = BinanceBookSynchronizer.DefaultBufferedLevels;

    /// <summary>Unit of the time fields (must match the connection URL).</summary>
    public BinanceTimeUnit TimeUnit { get; init; } = BinanceTimeUnit.Millisecond;

    /// <summary>Optional slab pool: book messages with more than 9 levels then travel in slabs instead of inline fragments.</summary>
    public DepthSlabPool? Slabs { get; init; }

    /// <summary>Streams per SUBSCRIBE message: at the default a full connection (1024 streams) needs 4 messages, under the 5 per second limit even unpaced.</summary>
    public int MaxStreamsPerRequest { get; init; } = 256;
}
