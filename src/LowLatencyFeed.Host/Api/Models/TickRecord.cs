namespace LowLatencyFeed.Host.Api.Models;

/// <summary>One ticker snapshot as stored (<c>llfeed.ticks</c>); absent fields are null.</summary>
public sealed record TickRecord(
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
