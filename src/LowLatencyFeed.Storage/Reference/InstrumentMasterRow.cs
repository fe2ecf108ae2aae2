namespace LowLatencyFeed.Storage.Reference;

/// <summary>
/// One row of <c>llfeed.instrument_master</c> (migration V006): a broker's instrument as its master gave it on
/// <see cref="ValidOn"/>. Prices are exact decimals in the instrument's currency.
/// </summary>
public sealed record InstrumentMasterRow
{
    /// <summary>Broker name as the host spells it (Kite, Dhan, Kotak, Binance).</summary>
    public required string Broker { get; init; }

    /// <summary>The trading day the master was downloaded for.</summary>
    public required DateOnly ValidOn { get; init; }

    /// <summary>The broker's own key (Kite "408065", Dhan "NSE_EQ|1594", Kotak "nse_cm|11536", Binance "BTCUSDT").</summary>
    public required string BrokerKey { get; init; }

    /// <summary>The numeric token the feed subscribes with.</summary>
    public required long FeedToken { get; init; }

    /// <summary>NSE, BSE, NFO, BFO, CDS, BCD, MCX, BINANCE.</summary>
    public required string Exchange { get; init; }

    /// <summary>The broker's segment name.</summary>
    public required string Segment { get; init; }

    /// <summary>The operator symbol after "EXCHANGE:".</summary>
    public required string Symbol { get; init; }

    /// <summary>The trading symbol as the broker writes it.</summary>
    public required string BrokerSymbol { get; init; }

    /// <summary>Company or underlying name; may be empty.</summary>
    public string Name { get; init; } = "";

    /// <summary>Normalised kind: Equity, Index, Future, Option, Spot.</summary>
    public required string Kind { get; init; }

    /// <summary>The broker's instrument-type text.</summary>
    public string InstrumentType { get; init; } = "";

    /// <summary>Expiry day of a derivative; null otherwise.</summary>
    public DateOnly? Expiry { get; init; }

    /// <summary>Option strike; 0 otherwise.</summary>
    public decimal Strike { get; init; }

    /// <summary>"CE", "PE" or empty.</summary>
    public string OptionType { get; init; } = "";

    /// <summary>Contract multiplier.</summary>
    public long LotSize { get; init; } = 1;

    /// <summary>Price step.</summary>
    public required decimal TickSize { get; init; }

    /// <summary>Decimal places of the engine's fixed-point prices.</summary>
    public required byte PriceDecimals { get; init; }

    /// <summary>Decimal places of quantities.</summary>
    public byte QuantityDecimals { get; init; }

    /// <summary>False when the broker lists the instrument as not trading.</summary>
    public bool Tradable { get; init; } = true;
}
