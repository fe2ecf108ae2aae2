namespace LowLatencyFeed.Processing.Indicators;

/// <summary>The indicators the engine computes; definitions in the Processing README ("Indicators").</summary>
public enum IndicatorKind : byte
{
    /// <summary>Not an indicator.</summary>
    None = 0,

    /// <summary>Simple moving average of the close (exact).</summary>
    Sma = 1,

    /// <summary>Exponential moving average of the close, seeded with the SMA.</summary>
    Ema = 2,

    /// <summary>Linearly weighted moving average of the close (exact).</summary>
    Wma = 3,

    /// <summary>Wilder's relative strength index.</summary>
    Rsi = 4,

    /// <summary>MACD line, signal and histogram.</summary>
    Macd = 5,

    /// <summary>Bollinger Bands: middle, upper, lower.</summary>
    Bollinger = 6,

    /// <summary>Wilder's average true range.</summary>
    Atr = 7,

    /// <summary>Wilder's average directional index, with +DI and −DI.</summary>
    Adx = 8,

    /// <summary>Stochastic oscillator %K and %D.</summary>
    Stochastic = 9,

    /// <summary>Lambert's commodity channel index.</summary>
    Cci = 10,

    /// <summary>Williams %R.</summary>
    WilliamsR = 11,

    /// <summary>On-balance volume (exact).</summary>
    Obv = 12,

    /// <summary>Money flow index.</summary>
    Mfi = 13,

    /// <summary>Session-anchored volume-weighted average price (exact).</summary>
    Vwap = 14,

    /// <summary>SuperTrend line and direction.</summary>
    SuperTrend = 15,
}
