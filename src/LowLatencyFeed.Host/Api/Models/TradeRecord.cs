namespace LowLatencyFeed.Host.Api.Models;

/// <summary>One trade (<c>llfeed.trades</c>).</summary>
public sealed record TradeRecord(
    DateTimeOffset Time,
    long Seq,
    DateTimeOffset ReceiveTime,
    decimal Price,
    decimal Quantity,
    long? TradeId,
    bool SellerAggressor);
