using LowLatencyFeed.Core.Instruments;

namespace LowLatencyFeed.Protocols.Common;

/// <summary>One instrument a session asks for.</summary>
/// <param name="Instrument">Stable engine id (feed + token).</param>
/// <param name="Symbol">Broker symbol or stream name where the wire needs one (Binance "btcusdt", Kotak "nse_cm|11536"); may be empty.</param>
/// <param name="Segment">Broker exchange segment where the wire needs one (Dhan "NSE_EQ"); may be empty.</param>
/// <param name="Mode">How much data.</param>
/// <param name="PriceDecimals">Decimal places of the fixed-point prices the engine keeps for this instrument.</param>
/// <param name="QuantityDecimals">Decimal places of quantities (0 for Indian equities).</param>
public sealed record Subscription(
    InstrumentId Instrument,
    string Symbol,
    string Segment,
    SubscriptionMode Mode,
    byte PriceDecimals,
    byte QuantityDecimals);
