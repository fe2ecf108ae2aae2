namespace LowLatencyFeed.Brokers.History;

/// <summary>
/// One broker candle in fixed point: prices at the instrument's price decimals, volume at its quantity decimals,
/// turnover (Binance's quote volume; 0 where the broker gives none) at their sum.
/// </summary>
public struct HistoricalCandle
{
    /// <summary>Candle start, Unix ns UTC.</summary>
    public long StartTimeNs;

    /// <summary>Open price mantissa.</summary>
    public long Open;

    /// <summary>High price mantissa.</summary>
    public long High;

    /// <summary>Low price mantissa.</summary>
    public long Low;

    /// <summary>Close price mantissa.</summary>
    public long Close;

    /// <summary>Volume mantissa.</summary>
    public long Volume;

    /// <summary>Σ price × quantity mantissa; 0 when the broker does not report it.</summary>
    public long Turnover;

    /// <summary>Trades in the candle; 0 when the broker does not report it.</summary>
    public int TradeCount;
}
