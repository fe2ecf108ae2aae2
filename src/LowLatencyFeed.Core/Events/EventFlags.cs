namespace LowLatencyFeed.Core.Events;

/// <summary>Per-event qualifiers shared by every payload.</summary>
[Flags]
public enum EventFlags : ushort
{
    /// <summary>No qualifier.</summary>
    None = 0,

    /// <summary>The instrument is an index (not tradable); its tick carries a value, not a trade.</summary>
    Index = 1 << 0,

    /// <summary>Produced by replaying a journal rather than from a live socket.</summary>
    Replayed = 1 << 1,

    /// <summary>The first event on a session after a (re)connect: anything before it may be missing.</summary>
    AfterGap = 1 << 2,

    /// <summary>The aggressor of the trade was the seller (Binance <c>m</c> = buyer is maker).</summary>
    SellerAggressor = 1 << 3,

    /// <summary>The exchange timestamp was absent on the wire and was taken from the receive time.</summary>
    ExchangeTimeFromReceive = 1 << 4,
}
