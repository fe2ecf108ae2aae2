using System.Runtime.InteropServices;

namespace LowLatencyFeed.Processing.Indicators;

/// <summary>
/// One indicator value at the close of one bar: the derived ring's <c>Indicator</c> payload. Statistical outputs are
/// doubles in price units (or the indicator's own unit: RSI 0–100, …); the exact indicators (SMA, WMA, OBV, VWAP) also
/// carry <see cref="Exact"/>, of which <see cref="Value1"/> is the nearest double.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 8)]
public struct IndicatorValues
{
    /// <summary>The bar's start, Unix ns: the row's time.</summary>
    public long BarStartTimeNs;

    /// <summary>The bar's end (exclusive), Unix ns.</summary>
    public long BarEndTimeNs;

    /// <summary>The timeframe's nominal span, ns.</summary>
    public long TimeframeNs;

    /// <summary>Exact value (SMA, WMA, OBV, VWAP); 0 otherwise (see <see cref="HasExact"/>).</summary>
    public decimal Exact;

    /// <summary>First output: the value (MACD line, Bollinger middle, ADX, %K, SuperTrend line).</summary>
    public double Value1;

    /// <summary>Second output: MACD signal, Bollinger upper, +DI, %D, SuperTrend direction (+1 up, −1 down); else 0.</summary>
    public double Value2;

    /// <summary>Third output: MACD histogram, Bollinger lower, −DI; else 0.</summary>
    public double Value3;

    /// <summary>Bollinger and SuperTrend multiplier; 0 otherwise.</summary>
    public double Multiplier;

    /// <summary>Main period (MACD: fast).</summary>
    public short Period;

    /// <summary>Second period: MACD slow; else 0.</summary>
    public short Period2;

    /// <summary>Signal period: MACD signal, Stochastic %D; else 0.</summary>
    public short SignalPeriod;

    /// <summary>Which indicator.</summary>
    public IndicatorKind Kind;

    /// <summary>Outputs that are set (1 to 3).</summary>
    public byte ValueCount;

    /// <summary>True when <see cref="Exact"/> is set.</summary>
    public bool HasExact;

    /// <summary>Position of the indicator in the configured list (<see cref="IndicatorOptions.Indicators"/>).</summary>
    public byte SpecIndex;

    /// <summary>Reserved.</summary>
    public short Reserved;
}
