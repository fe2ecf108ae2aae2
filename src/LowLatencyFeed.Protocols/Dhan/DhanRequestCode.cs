namespace LowLatencyFeed.Protocols.Dhan;

/// <summary>JSON request codes (Dhan/README.md §2). Unsubscribe is the subscribe code + 1.</summary>
public enum DhanRequestCode
{
    /// <summary>Disconnect the feed.</summary>
    Disconnect = 12,

    /// <summary>Subscribe to ticker packets.</summary>
    SubscribeTicker = 15,

    /// <summary>Unsubscribe from ticker packets.</summary>
    UnsubscribeTicker = 16,

    /// <summary>Subscribe to quote packets (with OI and previous close).</summary>
    SubscribeQuote = 17,

    /// <summary>Unsubscribe from quote packets.</summary>
    UnsubscribeQuote = 18,

    /// <summary>Subscribe to full packets (with previous close).</summary>
    SubscribeFull = 21,

    /// <summary>Unsubscribe from full packets.</summary>
    UnsubscribeFull = 22,

    /// <summary>Subscribe to the 20/200-level depth feed.</summary>
    SubscribeDepth = 23,

    /// <summary>Unsubscribe from the 20/200-level depth feed (the SDK's subscribe + 1).</summary>
    UnsubscribeDepth = 24,
}
