namespace LowLatencyFeed.Host.Api.Models;

/// <summary>An instrument a configured feed subscribes to.</summary>
/// <param name="Id">Stable id, <c>Feed:Token</c> (e.g. <c>Kite:408065</c>); every other endpoint accepts it.</param>
/// <param name="InstrumentId">The numeric id stored in the database (feed &lt;&lt; 56 | token).</param>
/// <param name="Feed">Configured feed (connection) name.</param>
/// <param name="Protocol">Wire protocol of the feed.</param>
/// <param name="Token">Broker token.</param>
/// <param name="Symbol">Broker symbol, when configured.</param>
/// <param name="Segment">Broker exchange segment, when configured.</param>
/// <param name="Mode">Subscription mode.</param>
/// <param name="PriceDecimals">Decimal places of prices.</param>
/// <param name="QuantityDecimals">Decimal places of quantities.</param>
public sealed record InstrumentInfo(
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
