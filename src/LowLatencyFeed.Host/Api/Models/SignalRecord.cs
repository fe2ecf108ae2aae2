namespace LowLatencyFeed.Host.Api.Models;

/// <summary>One depth signal transition (<c>llfeed.signals</c>): side 1 buy, -1 sell, 0 flat.</summary>
public sealed record SignalRecord(
    DateTimeOffset Time,
    long Seq,
    int WindowDepth,
    int Side,
    int PreviousSide,
    double Imbalance,
    double Threshold,
    decimal BidQuantity,
    decimal AskQuantity,
    decimal? BestBid,
    decimal? BestAsk,
    DateTimeOffset ConditionSince,
    int Flags,
    string? ModelVersion = null,
    double? Confidence = null);
