namespace LowLatencyFeed.Protocols.Binance;

/// <summary>Where a <see cref="BinanceBookSynchronizer"/> is in the spot local-book procedure (Binance/README.md §5).</summary>
public enum BinanceBookSyncState : byte
{
    /// <summary>Not in sync: diffs are buffered (nothing is published) until a usable snapshot arrives.</summary>
    Buffering = 0,

    /// <summary>In sync: the snapshot and every diff since are published, each continuing the previous one.</summary>
    Synced = 1,
}
