using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Host.Configuration;

/// <summary>One instrument of a feed, as the broker addresses it.</summary>
public sealed class InstrumentOptions
{
    /// <summary>Numeric broker token (Kite instrument_token, Dhan security id; for Binance a number you choose).</summary>
    public long Token { get; set; }

    /// <summary>Broker symbol or stream name where the wire needs one.</summary>
    public string Symbol { get; set; } = "";

    /// <summary>Broker exchange segment where the wire needs one.</summary>
    public string Segment { get; set; } = "";

    /// <summary>How much data.</summary>
    public SubscriptionMode Mode { get; set; } = SubscriptionMode.Full;

    /// <summary>Decimal places of prices (Kite: 2, or 7 for NSE currency, 4 for BSE currency).</summary>
    public byte PriceDecimals { get; set; } = 2;

    /// <summary>Decimal places of quantities.</summary>
    public byte QuantityDecimals { get; set; }
}
