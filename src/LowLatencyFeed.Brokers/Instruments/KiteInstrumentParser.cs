using LowLatencyFeed.Brokers.Csv;
using LowLatencyFeed.Protocols.Kite;

namespace LowLatencyFeed.Brokers.Instruments;

/// <summary>
/// Kite's instruments CSV (Kite/README.md §12). The feed key is <c>instrument_token</c>; the engine's price scale is
/// the feed's divisor for the token's segment (Kite/README.md §6), and a tick size finer than that scale is refused.
/// </summary>
public sealed class KiteInstrumentParser : CsvMasterParser
{
    private readonly StringCache _strings = new();
    private int _token, _symbol, _name, _expiry, _strike, _tick, _lot, _type, _segment, _exchange;

    /// <inheritdoc />
    public override BrokerKind Broker => BrokerKind.Kite;

    /// <inheritdoc />
    protected override void BindColumns(CsvHeader header, string source)
    {
        _token = header.Require(Broker, source, "instrument_token");
        _symbol = header.Require(Broker, source, "tradingsymbol");
        _name = header.Require(Broker, source, "name");
        _expiry = header.Require(Broker, source, "expiry");
        _strike = header.Require(Broker, source, "strike");
        _tick = header.Require(Broker, source, "tick_size");
        _lot = header.Require(Broker, source, "lot_size");
        _type = header.Require(Broker, source, "instrument_type");
        _segment = header.Require(Broker, source, "segment");
        _exchange = header.Require(Broker, source, "exchange");
    }

    /// <inheritdoc />
    protected override MasterInstrument? ParseRow(CsvRowReader row)
    {
        long token = Int64(row, _token, "instrument_token");
        if (token <= 0 || token > uint.MaxValue)
        {
            throw Fail("instrument_token", $"{token} is not a uint32 token");
        }

        if (!KiteSegments.TryGetPriceDecimals(KiteSegments.Of(token), out byte decimals))
        {
            throw Fail("instrument_token", $"{token} has segment byte {KiteSegments.Of(token)}, which the feed does not know");
        }

        string segment = _strings.Get(Required(row, _segment, "segment"));
        string type = _strings.Get(row.Field(_type));
        InstrumentKind kind = segment == "INDICES" || KiteSegments.IsIndex(KiteSegments.Of(token)) ? InstrumentKind.Index
            : type == "FUT" ? InstrumentKind.Future
            : type is "CE" or "PE" ? InstrumentKind.Option
            : InstrumentKind.Equity;
        decimal tick = Decimal(row, _tick, "tick_size");
        if (kind != InstrumentKind.Index && tick <= 0)
        {
            throw Fail("tick_size", $"{tick} is not a positive price step");
        }

        if (FieldText.DecimalsOf(tick) > decimals)
        {
            throw Fail("tick_size", $"{tick} needs more than the feed's {decimals} price decimals");
        }

        string symbol = FieldText.Text(Required(row, _symbol, "tradingsymbol"));
        return new MasterInstrument
        {
            Broker = BrokerKind.Kite,
            FeedToken = token,
            BrokerKey = token.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Exchange = _strings.Get(Required(row, _exchange, "exchange")),
            Segment = segment,
            Symbol = symbol,
            BrokerSymbol = symbol,
            Name = _strings.Get(row.Field(_name)),
            Kind = kind,
            InstrumentType = type,
            Expiry = Date(row, _expiry, "expiry"),
            Strike = kind == InstrumentKind.Option ? Decimal(row, _strike, "strike") : 0,
            OptionType = kind == InstrumentKind.Option ? type : "",
            LotSize = Math.Max(1, Int64(row, _lot, "lot_size")),
            TickSize = tick,
            PriceDecimals = decimals,
        };
    }
}
