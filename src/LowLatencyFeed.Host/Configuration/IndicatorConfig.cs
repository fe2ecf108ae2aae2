namespace LowLatencyFeed.Host.Configuration;

/// <summary>
/// One entry of <c>Processing:Indicators</c>: <c>{ "Timeframe": "1m", "Name": "rsi", "Period": 14 }</c>. Parameters left
/// out take the customary defaults (Processing README, "Indicators").
/// </summary>
public sealed class IndicatorConfig
{
    /// <summary>A bar timeframe of <c>Processing:Timeframes</c> ("1m", "5m", …).</summary>
    public string Timeframe { get; set; } = "";

    /// <summary>sma, ema, wma, rsi, macd, bollinger, atr, adx, stochastic, cci, williams-r, obv, mfi, vwap, supertrend.</summary>
    public string Name { get; set; } = "";

    /// <summary>Main period (MACD: the fast EMA); 0 = default.</summary>
    public int Period { get; set; }

    /// <summary>MACD's slow EMA; 0 = default (26).</summary>
    public int SlowPeriod { get; set; }

    /// <summary>MACD's signal EMA (default 9), Stochastic's %D (default 3); 0 = default.</summary>
    public int SignalPeriod { get; set; }

    /// <summary>Bollinger's standard deviations (default 2), SuperTrend's ATR multiplier (default 3); 0 = default.</summary>
    public double Multiplier { get; set; }
}
