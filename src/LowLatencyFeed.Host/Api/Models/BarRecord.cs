namespace LowLatencyFeed.Host.Api.Models;

/// <summary>One OHLCV bar; prices and quantities are exact decimals.</summary>
/// <param name="Time">Bar open time (UTC).</param>
/// <param name="TimeframeSeconds">Bar length.</param>
/// <param name="Open">Open price.</param>
/// <param name="High">High price.</param>
/// <param name="Low">Low price.</param>
/// <param name="Close">Close (or latest) price.</param>
/// <param name="Volume">Volume.</param>
/// <param name="Turnover">Exact sum of price × quantity.</param>
/// <param name="Vwap">Volume-weighted average price rounded to the price scale; null without volume.</param>
/// <param name="TradeCount">Ticks that added volume.</param>
/// <param name="Flags">DerivedFlags: 1 gap-affected, 2 flat, 4 revised, 8 partial, 16 price-only, 32 volume reset, 64 closed by clock.</param>
/// <param name="Closed">False for the bar still open in the live bar stage.</param>
/// <param name="Seq">Journal sequence of the event that completed the bar (null while open).</param>
public sealed record BarRecord(
    DateTimeOffset Time,
    int TimeframeSeconds,
    decimal Open,
    decimal High,
    decimal Low,
    decimal Close,
    decimal Volume,
    decimal Turnover,
    decimal? Vwap,
    int TradeCount,
    int Flags,
    bool Closed,
    long? Seq);
