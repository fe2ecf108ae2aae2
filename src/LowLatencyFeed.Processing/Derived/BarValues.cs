using System.Runtime.InteropServices;

namespace LowLatencyFeed.Processing.Derived;

/// <summary>
/// One bar over [<see cref="StartTimeNs"/>, <see cref="EndTimeNs"/>). Prices are mantissas at
/// <see cref="DerivedHeader.PriceDecimals"/>, <see cref="Volume"/> at <see cref="DerivedHeader.QuantityDecimals"/>,
/// <see cref="Turnover"/> at PriceDecimals + QuantityDecimals (exact Σ price × quantity).
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 8)]
public struct BarValues
{
    /// <summary>Interval start (inclusive), Unix ns UTC.</summary>
    public long StartTimeNs;

    /// <summary>Interval end (exclusive), Unix ns UTC.</summary>
    public long EndTimeNs;

    /// <summary>Price of the earliest tick (by exchange time; the first to arrive among equal times).</summary>
    public long Open;

    /// <summary>Highest price.</summary>
    public long High;

    /// <summary>Lowest price.</summary>
    public long Low;

    /// <summary>Price of the latest tick (by exchange time; the last to arrive among equal times).</summary>
    public long Close;

    /// <summary>Traded quantity (0 for index and price-only bars).</summary>
    public long Volume;

    /// <summary>Ticks that carried volume &gt; 0 (a Binance trade, or a Kite/Dhan tick whose cumulative volume grew).</summary>
    public long TradeCount;

    /// <summary>Low 64 bits of <see cref="Turnover"/>.</summary>
    public ulong TurnoverLow;

    /// <summary>High 64 bits of <see cref="Turnover"/>.</summary>
    public long TurnoverHigh;

    /// <summary>
    /// Turnover / Volume rounded half away from zero to a price mantissa; 0 when <see cref="Volume"/> is 0.
    /// The exact VWAP is <see cref="Turnover"/> / <see cref="Volume"/> (numerator and denominator are both here).
    /// </summary>
    public long Vwap;

    /// <summary>The timeframe's nominal span in nanoseconds (86 400 s for daily bars, whose session day may be 23 or 25 h with DST).</summary>
    public long TimeframeNs;

    /// <summary>Position of the timeframe in <see cref="Bars.BarOptions.Timeframes"/>.</summary>
    public int TimeframeIndex;

    /// <summary>Reserved.</summary>
    public int Reserved;

    /// <summary>Exact Σ price × quantity, at PriceDecimals + QuantityDecimals decimals.</summary>
    public Int128 Turnover
    {
        readonly get => new((ulong)TurnoverHigh, TurnoverLow);
        set
        {
            TurnoverLow = (ulong)value;
            TurnoverHigh = (long)(value >> 64);
        }
    }
}
