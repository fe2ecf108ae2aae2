namespace LowLatencyFeed.Brokers.Instruments;

/// <summary>
/// One row of a broker's instrument master, normalised: how to subscribe to it (<see cref="FeedToken"/>,
/// <see cref="BrokerKey"/>), how operators name it (<see cref="Exchange"/>:<see cref="Symbol"/>) and the scales the
/// engine needs (<see cref="TickSize"/>, <see cref="PriceDecimals"/>). Prices here are exact decimals in the
/// instrument's currency (rupees, USDT …), never paise.
/// </summary>
public sealed record MasterInstrument
{
    /// <summary>The broker whose master this row comes from.</summary>
    public required BrokerKind Broker { get; init; }

    /// <summary>The numeric token the feed subscribes with (Kite instrument_token, Dhan security id, Kotak pSymbol; Binance: a stable number derived from the symbol).</summary>
    public required long FeedToken { get; init; }

    /// <summary>The broker's own key: Kite "408065", Dhan "NSE_EQ|1594", Kotak "nse_cm|11536", Binance "BTCUSDT".</summary>
    public required string BrokerKey { get; init; }

    /// <summary>The exchange in operator terms: NSE, BSE, NFO, BFO, CDS, BCD, MCX, BINANCE.</summary>
    public required string Exchange { get; init; }

    /// <summary>The broker's segment name (Kite "NFO-FUT", Dhan "NSE_FNO", Kotak "nse_fo", Binance "SPOT").</summary>
    public required string Segment { get; init; }

    /// <summary>The symbol operators use after "EXCHANGE:" (Kite-style: INFY, NIFTY 50, NIFTY26JANFUT, BTCUSDT).</summary>
    public required string Symbol { get; init; }

    /// <summary>The trading symbol exactly as the broker writes it (RELIANCE-EQ, NIFTY-Jan2026-FUT …).</summary>
    public required string BrokerSymbol { get; init; }

    /// <summary>Company or underlying name; may be empty.</summary>
    public string Name { get; init; } = "";

    /// <summary>Normalised kind.</summary>
    public required InstrumentKind Kind { get; init; }

    /// <summary>The broker's instrument-type text (EQ, FUT, OPTIDX …).</summary>
    public string InstrumentType { get; init; } = "";

    /// <summary>Expiry day of a derivative; null otherwise.</summary>
    public DateOnly? Expiry { get; init; }

    /// <summary>Strike of an option in the instrument's currency; 0 otherwise.</summary>
    public decimal Strike { get; init; }

    /// <summary>"CE", "PE", or empty.</summary>
    public string OptionType { get; init; } = "";

    /// <summary>Contract multiplier (1 for cash and spot).</summary>
    public long LotSize { get; init; } = 1;

    /// <summary>Price step in the instrument's currency.</summary>
    public required decimal TickSize { get; init; }

    /// <summary>Decimal places of the engine's fixed-point prices for this instrument.</summary>
    public required byte PriceDecimals { get; init; }

    /// <summary>Decimal places of quantities (0 in Indian markets).</summary>
    public byte QuantityDecimals { get; init; }

    /// <summary>False for a Binance symbol whose status is not TRADING.</summary>
    public bool Tradable { get; init; } = true;

    /// <summary>"EXCHANGE:SYMBOL", the name operators type.</summary>
    public string QualifiedSymbol => Exchange + ":" + Symbol;

    /// <summary>Whether the contract has expired before <paramref name="day"/> (its last trading day is the expiry day).</summary>
    public bool IsExpiredOn(DateOnly day) => Expiry is { } expiry && expiry < day;
}
