using System.Globalization;
using LowLatencyFeed.Brokers.Csv;

namespace LowLatencyFeed.Brokers.Instruments;

/// <summary>
/// Dhan's compact scrip master CSV, parsed by header name (Dhan/README.md §12). The feed key is
/// (ExchangeSegment, SecurityId), written <c>NSE_EQ|1594</c>; ticks are paise on tradable rows and rupees on index
/// rows (observed, Dhan/README.md §12), and the engine's scale is 2 decimals, 4 for currency.
/// </summary>
public sealed class DhanScripMasterParser : CsvMasterParser
{
    private readonly StringCache _strings = new();
    private int _exchange, _segment, _securityId, _instrument, _tradingSymbol, _lot, _customSymbol, _expiry, _strike, _optionType, _tick, _name;

    /// <inheritdoc />
    public override BrokerKind Broker => BrokerKind.Dhan;

    /// <inheritdoc />
    protected override void BindColumns(CsvHeader header, string source)
    {
        _exchange = header.Require(Broker, source, "SEM_EXM_EXCH_ID");
        _segment = header.Require(Broker, source, "SEM_SEGMENT");
        _securityId = header.Require(Broker, source, "SEM_SMST_SECURITY_ID");
        _instrument = header.Require(Broker, source, "SEM_INSTRUMENT_NAME");
        _tradingSymbol = header.Require(Broker, source, "SEM_TRADING_SYMBOL");
        _lot = header.Require(Broker, source, "SEM_LOT_UNITS");
        _customSymbol = header.Require(Broker, source, "SEM_CUSTOM_SYMBOL");
        _expiry = header.Require(Broker, source, "SEM_EXPIRY_DATE");
        _strike = header.Require(Broker, source, "SEM_STRIKE_PRICE");
        _optionType = header.Require(Broker, source, "SEM_OPTION_TYPE");
        _tick = header.Require(Broker, source, "SEM_TICK_SIZE");
        _name = header.Require(Broker, source, "SM_SYMBOL_NAME");
    }

    /// <inheritdoc />
    protected override MasterInstrument? ParseRow(CsvRowReader row)
    {
        ReadOnlySpan<byte> exchangeId = Required(row, _exchange, "SEM_EXM_EXCH_ID");
        ReadOnlySpan<byte> segmentLetter = Required(row, _segment, "SEM_SEGMENT");
        if (!TryMapSegment(exchangeId, segmentLetter, out string? segment, out string? exchange))
        {
            return null; // a segment the feeds cannot subscribe to
        }

        long securityId = Int64(row, _securityId, "SEM_SMST_SECURITY_ID");
        string instrument = _strings.Get(row.Field(_instrument));
        InstrumentKind kind = segment == "IDX_I" || instrument == "INDEX" ? InstrumentKind.Index
            : instrument.StartsWith("FUT", StringComparison.Ordinal) ? InstrumentKind.Future
            : instrument.StartsWith("OPT", StringComparison.Ordinal) ? InstrumentKind.Option
            : InstrumentKind.Equity;
        byte decimals = segment.EndsWith("CURRENCY", StringComparison.Ordinal) ? (byte)4 : (byte)2;
        decimal rawTick = Decimal(row, _tick, "SEM_TICK_SIZE");
        decimal tick = kind == InstrumentKind.Index ? rawTick : rawTick / 100m;
        if (kind != InstrumentKind.Index && tick <= 0)
        {
            throw Fail("SEM_TICK_SIZE", $"{rawTick} is not a positive price step");
        }

        if (FieldText.DecimalsOf(tick) > decimals)
        {
            throw Fail("SEM_TICK_SIZE", $"{rawTick} paise needs more than {decimals} price decimals");
        }

        string tradingSymbol = FieldText.Text(Required(row, _tradingSymbol, "SEM_TRADING_SYMBOL"));
        DateOnly? expiry = kind is InstrumentKind.Future or InstrumentKind.Option ? Date(row, _expiry, "SEM_EXPIRY_DATE") : null;
        string optionType = kind == InstrumentKind.Option ? _strings.Get(row.Field(_optionType)) : "";
        decimal strike = kind == InstrumentKind.Option ? Decimal(row, _strike, "SEM_STRIKE_PRICE") : 0;
        if (kind == InstrumentKind.Option && optionType is not ("CE" or "PE"))
        {
            throw Fail("SEM_OPTION_TYPE", $"'{optionType}' is not CE or PE on an option");
        }

        if (kind is InstrumentKind.Future or InstrumentKind.Option && expiry is null)
        {
            throw Fail("SEM_EXPIRY_DATE", "a derivative without an expiry");
        }

        string symbol = kind switch
        {
            InstrumentKind.Index => FieldText.Text(row.Field(_customSymbol)).ToUpperInvariant() is { Length: > 0 } custom ? custom : tradingSymbol,
            InstrumentKind.Future or InstrumentKind.Option => DerivativeSymbol.Monthly(Underlying(tradingSymbol), expiry!.Value, kind, strike, optionType),
            _ => tradingSymbol,
        };

        return new MasterInstrument
        {
            Broker = BrokerKind.Dhan,
            FeedToken = securityId,
            BrokerKey = segment + "|" + securityId.ToString(CultureInfo.InvariantCulture),
            Exchange = exchange,
            Segment = segment,
            Symbol = symbol,
            BrokerSymbol = tradingSymbol,
            Name = _strings.Get(row.Field(_name)),
            Kind = kind,
            InstrumentType = instrument,
            Expiry = expiry,
            Strike = strike,
            OptionType = optionType,
            LotSize = Math.Max(1, Int64(row, _lot, "SEM_LOT_UNITS")),
            TickSize = tick,
            PriceDecimals = decimals,
        };
    }

    /// <summary>The underlying of a derivative trading symbol such as <c>NIFTY-Jan2026-FUT</c>.</summary>
    private string Underlying(string tradingSymbol)
    {
        int dash = tradingSymbol.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 ? _strings.Get(System.Text.Encoding.UTF8.GetBytes(tradingSymbol[..dash])) : tradingSymbol;
    }

    /// <summary>Dhan/README.md §12: EXCH_ID + SEGMENT → ExchangeSegment, and the exchange operators name.</summary>
    private static bool TryMapSegment(ReadOnlySpan<byte> exchange, ReadOnlySpan<byte> segment, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? dhanSegment, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? operatorExchange)
    {
        bool nse = exchange.SequenceEqual("NSE"u8), bse = exchange.SequenceEqual("BSE"u8), mcx = exchange.SequenceEqual("MCX"u8);
        byte letter = segment.Length == 1 ? segment[0] : (byte)0;
        (dhanSegment, operatorExchange) = letter switch
        {
            (byte)'I' when nse => ("IDX_I", "NSE"),
            (byte)'I' when bse => ("IDX_I", "BSE"),
            (byte)'E' when nse => ("NSE_EQ", "NSE"),
            (byte)'D' when nse => ("NSE_FNO", "NFO"),
            (byte)'C' when nse => ("NSE_CURRENCY", "CDS"),
            (byte)'E' when bse => ("BSE_EQ", "BSE"),
            (byte)'D' when bse => ("BSE_FNO", "BFO"),
            (byte)'C' when bse => ("BSE_CURRENCY", "BCD"),
            (byte)'M' when mcx => ("MCX_COMM", "MCX"),
            _ => ((string?)null, (string?)null),
        };
        return dhanSegment is not null;
    }
}
