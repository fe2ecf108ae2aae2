using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Simulator;

/// <summary>One instrument the simulator can stream: identity, starting state and random-walk scale.</summary>
/// <param name="Token">The broker's numeric token (Kite instrument_token: the low byte is the exchange segment).</param>
/// <param name="StartPrice">Opening price mantissa at <paramref name="PriceDecimals"/> (also the previous close).</param>
/// <param name="PriceDecimals">Decimal places of prices (Kite: 2, 7 for CDS, 4 for BCD).</param>
/// <param name="TickSize">Price step mantissa; the walk moves in whole ticks and the book is spaced by it.</param>
/// <param name="Feed">The broker whose endpoint streams it.</param>
/// <param name="Symbol">Broker symbol where the wire needs one (Binance "btcusdt"); may be empty.</param>
/// <param name="Segment">Broker exchange segment where the wire needs one (Dhan "NSE_EQ"); may be empty.</param>
/// <param name="QuantityDecimals">Decimal places of quantities (0 for Indian markets).</param>
/// <param name="LotSize">Quantity mantissa of one lot; trades and book levels are whole lots.</param>
/// <param name="StartOpenInterest">Opening open interest; 0 keeps open interest at 0 (cash instruments).</param>
/// <param name="IsIndex">An index: a value without trades, volume or book.</param>
/// <param name="Name">
/// The broker's trading symbol in its instrument master (Kite <c>tradingsymbol</c>, Dhan <c>SEM_TRADING_SYMBOL</c>, Kotak
/// <c>pTrdSymbol</c> without its <c>-EQ</c> series, a Kotak future's Kite-style monthly name; an index's display name
/// such as "Nifty 50"); empty: <c>SIM</c> and the token (Binance: the stream symbol). The simulator's masters are written from
/// these instruments (<see cref="Rest.SimulatedMasterFiles"/>), so the master lists exactly what the feed streams.
/// </param>
/// <param name="Expiry">A future's expiry day (it is a future when set); null for cash instruments and indices.</param>
public sealed record SimulatedInstrument(
    long Token,
    long StartPrice,
    byte PriceDecimals = 2,
    long TickSize = 5,
    FeedKind Feed = FeedKind.Kite,
    string Symbol = "",
    string Segment = "",
    byte QuantityDecimals = 0,
    long LotSize = 1,
    long StartOpenInterest = 0,
    bool IsIndex = false,
    string Name = "",
    DateOnly? Expiry = null);
