namespace LowLatencyFeed.Host.Api.Models;

/// <summary>One indicator value at the close of one bar (the columns of <c>llfeed.indicators</c>).</summary>
/// <param name="Time">The bar's open time (UTC), as in the bars.</param>
/// <param name="TimeframeSeconds">Bar length.</param>
/// <param name="Indicator">Name and parameters: <c>rsi(14)</c>, <c>macd(12,26,9)</c>, <c>bollinger(20,2)</c>, <c>obv</c>.</param>
/// <param name="Value">First output (MACD line, Bollinger middle, ADX, %K, SuperTrend line; the nearest double of an exact value).</param>
/// <param name="Value2">Second output: MACD signal, Bollinger upper, +DI, %D, SuperTrend direction; null when the indicator has one.</param>
/// <param name="Value3">Third output: MACD histogram, Bollinger lower, −DI; null when the indicator has fewer.</param>
/// <param name="ExactValue">The exact value of SMA, WMA, OBV and VWAP; null for the others.</param>
/// <param name="Flags">The bar's DerivedFlags (1 gap-affected, 2 flat, …).</param>
/// <param name="Stored">False for the bar stage's latest value that the database has not stored yet.</param>
/// <param name="Seq">Journal sequence of the event that closed the bar.</param>
public sealed record IndicatorRecord(
    DateTimeOffset Time,
    int TimeframeSeconds,
    string Indicator,
    double Value,
    double? Value2,
    double? Value3,
    decimal? ExactValue,
    int Flags,
    bool Stored,
    long Seq);
