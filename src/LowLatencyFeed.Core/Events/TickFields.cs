namespace LowLatencyFeed.Core.Events;

/// <summary>Which fields of a <see cref="TickPayload"/> the wire actually carried; absent fields are zero.</summary>
[Flags]
public enum TickFields : ushort
{
    /// <summary>No field.</summary>
    None = 0,

    /// <summary><see cref="TickPayload.LastPrice"/>.</summary>
    LastPrice = 1 << 0,

    /// <summary><see cref="TickPayload.LastQuantity"/>.</summary>
    LastQuantity = 1 << 1,

    /// <summary><see cref="TickPayload.AveragePrice"/>.</summary>
    AveragePrice = 1 << 2,

    /// <summary><see cref="TickPayload.CumulativeVolume"/> (day volume, resets each session).</summary>
    CumulativeVolume = 1 << 3,

    /// <summary><see cref="TickPayload.TotalBuyQuantity"/> and <see cref="TickPayload.TotalSellQuantity"/>.</summary>
    TotalBuySell = 1 << 4,

    /// <summary>Day <see cref="TickPayload.Open"/>, <see cref="TickPayload.High"/>, <see cref="TickPayload.Low"/>.</summary>
    DayOhl = 1 << 5,

    /// <summary><see cref="TickPayload.Close"/> (previous session close).</summary>
    Close = 1 << 6,

    /// <summary><see cref="TickPayload.OpenInterest"/> and its day high/low.</summary>
    OpenInterest = 1 << 7,

    /// <summary><see cref="TickPayload.LastTradeTimeNs"/>.</summary>
    LastTradeTime = 1 << 8,

    /// <summary><see cref="TickPayload.TradeId"/> (exchanges that number trades).</summary>
    TradeId = 1 << 9,

    /// <summary><see cref="TickPayload.NetChange"/> as sent by the exchange (index packets).</summary>
    NetChange = 1 << 10,

    /// <summary>The tick is one discrete trade (Binance trade/aggTrade); otherwise it is a ticker snapshot.</summary>
    IsTrade = 1 << 11,
}
