namespace LowLatencyFeed.Client.Models;

/// <summary>A stored ticker snapshot (<c>GET /api/ticks</c>).</summary>
public sealed record Tick(
    DateTimeOffset Time,
    long Seq,
    DateTimeOffset ReceiveTime,
    int Flags,
    int Fields,
    decimal? LastPrice,
    decimal? LastQuantity,
    decimal? AveragePrice,
    decimal? Volume,
    decimal? TotalBuyQuantity,
    decimal? TotalSellQuantity,
    decimal? Open,
    decimal? High,
    decimal? Low,
    decimal? Close,
    decimal? OpenInterest,
    DateTimeOffset? LastTradeTime,
    decimal? NetChange);

/// <summary>A stored trade (<c>GET /api/trades</c>).</summary>
public sealed record Trade(DateTimeOffset Time, long Seq, DateTimeOffset ReceiveTime, decimal Price, decimal Quantity, long? TradeId, bool SellerAggressor);
