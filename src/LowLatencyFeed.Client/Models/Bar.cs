namespace LowLatencyFeed.Client.Models;

/// <summary>An OHLCV bar (<c>GET /api/bars</c>); <see cref="Closed"/> is false for the bar still open.</summary>
public sealed record Bar(
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
