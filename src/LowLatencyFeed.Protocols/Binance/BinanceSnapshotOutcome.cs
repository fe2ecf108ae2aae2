namespace LowLatencyFeed.Protocols.Binance;

/// <summary>What <see cref="BinanceBookSynchronizer.OnSnapshot{TSink}(BinanceDepthSnapshot, ref TSink, out int)"/> did with a snapshot.</summary>
public enum BinanceSnapshotOutcome : byte
{
    /// <summary>Published as the book, followed by the buffered diffs it does not cover; the book is in sync.</summary>
    Applied = 0,

    /// <summary>Older than the first buffered diff (<c>lastUpdateId &lt; U</c>): updates in between are unknown, fetch again.</summary>
    TooOld = 1,

    /// <summary>Not wanted: the book is in sync already, or no diff is buffered yet to prove the snapshot is recent enough.</summary>
    Ignored = 2,
}
