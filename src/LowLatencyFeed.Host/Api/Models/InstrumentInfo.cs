namespace LowLatencyFeed.Host.Api.Models;

/// <summary>
/// An instrument: one a configured feed subscribes to, or one found in a broker's instrument master (then
/// <see cref="Feed"/> is empty unless a feed subscribes it). The master fields are null for a configured instrument
/// when no master is loaded.
/// </summary>
/// <param name="Id">Stable id, <c>Feed:Token</c> (e.g. <c>Kite:408065</c>); every other endpoint accepts it.</param>
/// <param name="InstrumentId">The numeric id stored in the database (feed &lt;&lt; 56 | token).</param>
/// <param name="Feed">Configured feed (connection) name; empty for a master row no feed subscribes.</param>
/// <param name="Protocol">Wire protocol of the feed (for a master row not subscribed: the broker's, e.g. <c>kite</c>).</param>
/// <param name="Token">Broker token.</param>
/// <param name="Symbol">Broker symbol, when configured (for a master row: the broker's trading symbol).</param>
/// <param name="Segment">Broker exchange segment.</param>
/// <param name="Mode">Subscription mode; empty when not subscribed.</param>
/// <param name="PriceDecimals">Decimal places of prices.</param>
/// <param name="QuantityDecimals">Decimal places of quantities.</param>
/// <param name="Name">Operator name from the master, <c>EXCHANGE:SYMBOL</c> (<c>NSE:INFY</c>, <c>NFO:NIFTY26JANFUT</c>).</param>
/// <param name="Exchange">NSE, BSE, NFO, BFO, CDS, BCD, MCX, BINANCE.</param>
/// <param name="Description">Company or underlying name.</param>
/// <param name="InstrumentType">The broker's instrument type (EQ, FUT, CE, OPTIDX …).</param>
/// <param name="Expiry">Expiry day (yyyy-MM-dd) of a derivative.</param>
/// <param name="Strike">Option strike.</param>
/// <param name="OptionType">CE or PE.</param>
/// <param name="LotSize">Contract multiplier.</param>
/// <param name="TickSize">Price step.</param>
/// <param name="BrokerKey">The broker's own key (<c>408065</c>, <c>NSE_EQ|1594</c>, <c>nse_cm|11536</c>, <c>BTCUSDT</c>).</param>
/// <param name="MasterValidOn">Day (yyyy-MM-dd) of the master the master fields come from.</param>
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
    int QuantityDecimals,
    string? Name = null,
    string? Exchange = null,
    string? Description = null,
    string? InstrumentType = null,
    string? Expiry = null,
    decimal? Strike = null,
    string? OptionType = null,
    long? LotSize = null,
    decimal? TickSize = null,
    string? BrokerKey = null,
    string? MasterValidOn = null);
