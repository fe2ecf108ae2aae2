namespace LowLatencyFeed.Host.Api.Models;

/// <summary>One book metrics sample (<c>llfeed.book_metrics</c>); imbalances are ratios in [-1, 1].</summary>
public sealed record BookMetricsRecord(
    DateTimeOffset Time,
    long Seq,
    decimal? BestBid,
    decimal? BestAsk,
    decimal? BestBidQuantity,
    decimal? BestAskQuantity,
    decimal? Spread,
    decimal? Mid,
    decimal? Microprice,
    decimal BidQuantity,
    decimal AskQuantity,
    int BidLevels,
    int AskLevels,
    double Imbalance,
    int? WindowDepth,
    double? WindowImbalance,
    int Flags);
