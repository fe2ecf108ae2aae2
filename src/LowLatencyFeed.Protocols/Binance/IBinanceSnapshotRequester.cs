namespace LowLatencyFeed.Protocols.Binance;

/// <summary>
/// Fetches REST depth snapshots for <see cref="BinanceProtocol"/> (implemented by the transport). Called on the
/// session's reader thread, rarely (on resync only): start the fetch elsewhere and return at once.
/// </summary>
public interface IBinanceSnapshotRequester
{
    /// <summary>
    /// Fetch a snapshot of <see cref="BinanceSnapshotHandoff.Symbol"/> into <see cref="BinanceSnapshotHandoff.Snapshot"/>,
    /// then call <see cref="BinanceSnapshotHandoff.Complete"/> (or <see cref="BinanceSnapshotHandoff.Abandon"/> when giving up).
    /// Until then the handoff belongs to the requester.
    /// </summary>
    void RequestSnapshot(BinanceSnapshotHandoff handoff);
}
