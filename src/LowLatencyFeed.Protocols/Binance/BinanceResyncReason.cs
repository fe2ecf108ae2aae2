namespace LowLatencyFeed.Protocols.Binance;

/// <summary>Why a synced book was discarded; the <see cref="Core.Events.ControlPayload.Reason"/> of its BookResync event.</summary>
public enum BinanceResyncReason
{
    /// <summary>A diff did not continue the book (<c>U != previous u + 1</c>, or the first diff after the snapshot did not straddle it).</summary>
    Gap = 1,

    /// <summary>The connection was re-established: every diff in between is lost (Binance/README.md §5.3, check d).</summary>
    Reconnect = 2,
}
