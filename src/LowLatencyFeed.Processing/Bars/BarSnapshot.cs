using System.Runtime.InteropServices;

namespace LowLatencyFeed.Processing.Bars;

/// <summary>One bar as the bar stage last saw it (fixed-point mantissas at the instrument's scales).</summary>
[StructLayout(LayoutKind.Sequential, Pack = 8)]
public struct BarSnapshot
{
    /// <summary>Turnover: exact sum of price × quantity (price + quantity decimals).</summary>
    public Int128 Turnover;

    /// <summary>Bar start, Unix ns.</summary>
    public long StartTimeNs;

    /// <summary>Bar end (exclusive), Unix ns.</summary>
    public long EndTimeNs;

    /// <summary>Open price.</summary>
    public long Open;

    /// <summary>High price.</summary>
    public long High;

    /// <summary>Low price.</summary>
    public long Low;

    /// <summary>Close price.</summary>
    public long Close;

    /// <summary>Volume.</summary>
    public long Volume;

    /// <summary>Turnover / volume rounded half away from zero to the price scale; 0 without volume.</summary>
    public long Vwap;

    /// <summary>Ticks that added volume.</summary>
    public long TradeCount;

    /// <summary><see cref="Derived.DerivedFlags"/> so far.</summary>
    public int Flags;

    /// <summary>False when there is no such bar.</summary>
    public bool Present;
}
