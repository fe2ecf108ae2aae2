using System.Runtime.InteropServices;

namespace LowLatencyFeed.Processing.Indicators;

/// <summary>
/// One closed bar as the indicators read it: exact mantissas (for the exact sums) and the same prices as doubles in
/// price units (mantissa / 10^decimals, correctly rounded) for the statistical ones. Built once per bar by
/// <see cref="IndicatorEngine"/> (or <see cref="From"/>).
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 8)]
public struct IndicatorBar
{
    /// <summary>Exact Σ price × quantity of the bar, at price + quantity decimals.</summary>
    public Int128 Turnover;

    /// <summary>High mantissa.</summary>
    public long High;

    /// <summary>Low mantissa.</summary>
    public long Low;

    /// <summary>Close mantissa.</summary>
    public long Close;

    /// <summary>Volume mantissa (≥ 0).</summary>
    public long Volume;

    /// <summary>High in price units.</summary>
    public double HighPrice;

    /// <summary>Low in price units.</summary>
    public double LowPrice;

    /// <summary>Close in price units.</summary>
    public double ClosePrice;

    /// <summary>Start of the session day the bar belongs to (VWAP anchor), Unix ns.</summary>
    public long SessionStartNs;

    /// <summary>Decimal places of the price mantissas.</summary>
    public byte PriceDecimals;

    /// <summary>Decimal places of the volume mantissa.</summary>
    public byte QuantityDecimals;

    /// <summary>A bar from mantissas; <paramref name="turnover"/> at price + quantity decimals.</summary>
    public static IndicatorBar From(long high, long low, long close, long volume, Int128 turnover, byte priceDecimals, byte quantityDecimals, long sessionStartNs = 0)
    {
        double scale = Pow10.Double(priceDecimals);
        return new IndicatorBar
        {
            High = high,
            Low = low,
            Close = close,
            Volume = volume,
            Turnover = turnover,
            HighPrice = high / scale,
            LowPrice = low / scale,
            ClosePrice = close / scale,
            SessionStartNs = sessionStartNs,
            PriceDecimals = priceDecimals,
            QuantityDecimals = quantityDecimals,
        };
    }
}
