namespace LowLatencyFeed.Core.Events;

/// <summary>The broker or exchange a feed speaks. Part of every <see cref="Instruments.InstrumentId"/>.</summary>
public enum FeedKind : byte
{
    /// <summary>Not tied to a broker (clock and engine control events).</summary>
    None = 0,

    /// <summary>Zerodha Kite Connect v3 binary ticker.</summary>
    Kite = 1,

    /// <summary>DhanHQ v2 live feed and 20/200-level depth.</summary>
    Dhan = 2,

    /// <summary>Binance spot JSON streams.</summary>
    Binance = 3,

    /// <summary>Kotak Neo (HSM and SFeed).</summary>
    Kotak = 4,
}
