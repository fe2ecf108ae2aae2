namespace LowLatencyFeed.Protocols.Common;

/// <summary>How much data to request for an instrument. Each protocol maps these to its own request codes.</summary>
public enum SubscriptionMode : byte
{
    /// <summary>Last price only (Kite ltp, Dhan ticker).</summary>
    Ltp = 0,

    /// <summary>Trade/quote data without depth (Kite quote, Dhan quote, Binance trade + bookTicker).</summary>
    Quote = 1,

    /// <summary>Quote plus 5-level depth (Kite full, Dhan full, Binance diff depth).</summary>
    Full = 2,

    /// <summary>Dhan 20-level depth feed.</summary>
    Depth20 = 3,

    /// <summary>Dhan 200-level depth feed.</summary>
    Depth200 = 4,
}
