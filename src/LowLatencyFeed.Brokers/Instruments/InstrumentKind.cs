namespace LowLatencyFeed.Brokers.Instruments;

/// <summary>What a master row is, normalised across the brokers' own instrument-type names.</summary>
public enum InstrumentKind
{
    /// <summary>Cash equity (and anything tradable that is not a derivative).</summary>
    Equity,

    /// <summary>An index value: no trades, no book.</summary>
    Index,

    /// <summary>A future.</summary>
    Future,

    /// <summary>An option (call or put).</summary>
    Option,

    /// <summary>A crypto spot pair.</summary>
    Spot,
}
