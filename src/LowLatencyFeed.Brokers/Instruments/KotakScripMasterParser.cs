using System.Globalization;
using LowLatencyFeed.Brokers.Csv;

namespace LowLatencyFeed.Brokers.Instruments;

/// <summary>
/// One of Kotak Neo's per-segment scrip master files (Kotak/README.md §12): header names with stray spaces and
/// <c>dStrikePrice;</c>, ticks and strikes in paise, the engine's scale from <c>lPrecision</c>, expiries in seconds
/// since 1980-01-01 on NSE F&amp;O and currency and plain Unix seconds on BSE F&amp;O and MCX (only the date is used).
/// Index rows (empty ISIN) are addressed by name, e.g. <c>nse_cm|Nifty 50</c>.
/// </summary>
public sealed class KotakScripMasterParser : CsvMasterParser
{
    /// <summary>1980-01-01 00:00 IST as Unix seconds (Kotak/README.md §12); only the IST calendar day is kept.</summary>
    private const long Epoch1980UnixSeconds = 315_513_000;
    private static readonly TimeSpan s_ist = TimeSpan.FromMinutes(330);
    private readonly StringCache _strings = new();
    private int _symbol, _group, _segment, _instType, _symbolName, _tradingSymbol, _optionType, _isin, _tick, _lot, _expiry, _precision, _strike;

    /// <inheritdoc />
    public override BrokerKind Broker => BrokerKind.Kotak;

    /// <inheritdoc />
    protected override void BindColumns(CsvHeader header, string source)
    {
        _symbol = header.Require(Broker, source, "pSymbol");
        _group = header.Require(Broker, source, "pGroup");
        _segment = header.Require(Broker, source, "pExchSeg");
        _instType = header.Require(Broker, source, "pInstType");
        _symbolName = header.Require(Broker, source, "pSymbolName");
        _tradingSymbol = header.Require(Broker, source, "pTrdSymbol");
        _optionType = header.Require(Broker, source, "pOptionType");
        _isin = header.Require(Broker, source, "pISIN");
        _tick = header.Require(Broker, source, "dTickSize");
        _lot = header.Require(Broker, source, "lLotSize");
        _expiry = header.Require(Broker, source, "lExpiryDate");
        _precision = header.Require(Broker, source, "lPrecision");
        _strike = header.Require(Broker, source, "dStrikePrice");
    }

    /// <inheritdoc />
    protected override MasterInstrument? ParseRow(CsvRowReader row)
    {
        string segment = _strings.Get(Required(row, _segment, "pExchSeg"));
        string? exchange = segment switch
        {
            "nse_cm" => "NSE",
            "bse_cm" => "BSE",
            "nse_fo" => "NFO",
            "bse_fo" => "BFO",
            "cde_fo" => "CDS",
            "mcx_fo" => "MCX",
            _ => null,
        };
        if (exchange is null)
        {
            return null;
        }

        long token = Int64(row, _symbol, "pSymbol");
        string tradingSymbol = FieldText.Text(Required(row, _tradingSymbol, "pTrdSymbol"));
        string optionType = _strings.Get(row.Field(_optionType));
        bool cash = segment.EndsWith("_cm", StringComparison.Ordinal);
        InstrumentKind kind = cash && FieldText.Trim(row.Field(_isin)).IsEmpty ? InstrumentKind.Index
            : cash ? InstrumentKind.Equity
            : optionType is "CE" or "PE" ? InstrumentKind.Option
            : InstrumentKind.Future;
        long precision = Int64(row, _precision, "lPrecision");
        byte decimals = (byte)Math.Clamp(precision, 2, 9);
        decimal tick = Decimal(row, _tick, "dTickSize") / Pow10(decimals);
        if (kind != InstrumentKind.Index && tick <= 0)
        {
            throw Fail("dTickSize", $"{tick} is not a positive price step");
        }

        if (FieldText.DecimalsOf(tick) > decimals)
        {
            throw Fail("dTickSize", $"{tick} needs more than lPrecision {precision} decimals");
        }

        string group = _strings.Get(row.Field(_group));
        DateOnly? expiry = null;
        decimal strike = 0;
        if (kind is InstrumentKind.Future or InstrumentKind.Option)
        {
            long seconds = Int64(row, _expiry, "lExpiryDate");
            if (seconds <= 0)
            {
                throw Fail("lExpiryDate", $"{seconds} is not an expiry on a derivative");
            }

            long unix = segment is "nse_fo" or "cde_fo" ? seconds + Epoch1980UnixSeconds : seconds;
            expiry = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(unix).ToOffset(s_ist).DateTime);
            strike = kind == InstrumentKind.Option ? Decimal(row, _strike, "dStrikePrice") / 100m : 0;
        }

        string underlying = _strings.Get(row.Field(_symbolName));
        string symbol = kind switch
        {
            InstrumentKind.Index => tradingSymbol.ToUpperInvariant(),
            InstrumentKind.Equity when group.Length > 0 && tradingSymbol.EndsWith("-" + group, StringComparison.Ordinal) => tradingSymbol[..^(group.Length + 1)],
            InstrumentKind.Equity => tradingSymbol,
            _ => DerivativeSymbol.Monthly(underlying, expiry!.Value, kind, strike, optionType),
        };

        return new MasterInstrument
        {
            Broker = BrokerKind.Kotak,
            FeedToken = token,
            BrokerKey = segment + "|" + (kind == InstrumentKind.Index ? tradingSymbol : token.ToString(CultureInfo.InvariantCulture)),
            Exchange = exchange,
            Segment = segment,
            Symbol = symbol,
            BrokerSymbol = tradingSymbol,
            Name = underlying,
            Kind = kind,
            InstrumentType = _strings.Get(row.Field(_instType)),
            Expiry = expiry,
            Strike = strike,
            OptionType = kind == InstrumentKind.Option ? optionType : "",
            LotSize = Math.Max(1, Int64(row, _lot, "lLotSize")),
            TickSize = tick,
            PriceDecimals = decimals,
        };
    }

    private static decimal Pow10(int decimals)
    {
        decimal value = 1;
        for (int i = 0; i < decimals; i++)
        {
            value *= 10;
        }

        return value;
    }
}
