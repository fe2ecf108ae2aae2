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
    bool IsIndex = false);
