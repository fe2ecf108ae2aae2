namespace LowLatencyFeed.Client.Models;

/// <summary>An instrument of a configured feed (<c>GET /api/instruments</c>).</summary>
public sealed record Instrument(
    string Id,
    long InstrumentId,
    string Feed,
    string Protocol,
    long Token,
    string? Symbol,
    string? Segment,
    string Mode,
    int PriceDecimals,
    int QuantityDecimals);
