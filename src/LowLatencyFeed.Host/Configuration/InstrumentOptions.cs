using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Host.Configuration;

/// <summary>One instrument of a feed, as the broker addresses it.</summary>
public sealed class InstrumentOptions
{
    /// <summary>
    /// The instrument by name, resolved through the broker's cached instrument master at start: "EXCHANGE:SYMBOL"
    /// ("NSE:INFY", "NFO:NIFTY26JANFUT", "NSE:NIFTY 50", "BINANCE:BTCUSDT") or the broker's key ("NSE_EQ|1594",
    /// "nse_cm|11536"). Fills <see cref="Token"/>, the wire symbol or segment and the decimals; values also given
    /// here must agree with the master (Brokers/README.md §2).
    /// </summary>
    public string Name { get; set; } = "";

    /// <summary>Numeric broker token (Kite instrument_token, Dhan security id; for Binance a number you choose).</summary>
    public long Token { get; set; }

    /// <summary>Broker symbol or stream name where the wire needs one.</summary>
    public string Symbol { get; set; } = "";

    /// <summary>Broker exchange segment where the wire needs one.</summary>
    public string Segment { get; set; } = "";

    /// <summary>How much data.</summary>
    public SubscriptionMode Mode { get; set; } = SubscriptionMode.Full;

    /// <summary>Decimal places of prices (Kite: 2, or 7 for NSE currency, 4 for BSE currency); default 2, or the master's with <see cref="Name"/>.</summary>
    public byte? PriceDecimals { get; set; }

    /// <summary>Decimal places of quantities.</summary>
    public byte? QuantityDecimals { get; set; }
}
