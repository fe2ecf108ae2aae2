using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using LowLatencyFeed.Brokers.Csv;

namespace LowLatencyFeed.Brokers.Instruments;

/// <summary>
/// Binance's <c>exchangeInfo</c> JSON (Binance/README.md §10), read as a stream of tokens through one pooled buffer,
/// never as a document. Per symbol it keeps <c>symbol</c>, <c>status</c>, <c>baseAsset</c>, <c>quoteAsset</c>,
/// <c>quoteAssetPrecision</c> and the <c>PRICE_FILTER.tickSize</c> / <c>LOT_SIZE.stepSize</c> that give the price and
/// quantity scales (a tick of "0" falls back to <c>quoteAssetPrecision</c>).
/// </summary>
public sealed class BinanceExchangeInfoParser
{
    private const int BufferBytes = 64 * 1024;
    private readonly StringCache _strings = new();
    private string _source = "";
    private bool _sawSymbols;
    private bool _inSymbols;
    private bool _inFilters;
    private Property _property;
    private Property _filterProperty;
    private Symbol _symbol;
    private Filter _filter;
    private List<MasterInstrument> _into = [];

    private enum Property
    {
        None,
        Symbol,
        Status,
        BaseAsset,
        QuoteAsset,
        QuoteAssetPrecision,
        Filters,
        FilterType,
        TickSize,
        StepSize,
    }

    /// <summary>Parses <paramref name="stream"/> and appends every symbol.</summary>
    public void Parse(Stream stream, string source, List<MasterInstrument> into)
    {
        _source = source;
        _into = into;
        _sawSymbols = false;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        var state = new JsonReaderState();
        int length = 0;
        bool final = false;
        try
        {
            while (!final)
            {
                if (length == buffer.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Buffer.BlockCopy(buffer, 0, larger, 0, length);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read = stream.Read(buffer, length, buffer.Length - length);
                final = read == 0;
                length += read;
                var reader = new Utf8JsonReader(buffer.AsSpan(0, length), final, state);
                while (reader.Read())
                {
                    Handle(ref reader);
                }

                if (final && (reader.CurrentDepth != 0 || reader.BytesConsumed != length || reader.TokenType != JsonTokenType.EndObject))
                {
                    throw Fail("(document)", "the JSON ends before its closing brace: the file is truncated");
                }

                state = reader.CurrentState;
                int consumed = (int)reader.BytesConsumed;
                Buffer.BlockCopy(buffer, consumed, buffer, 0, length - consumed);
                length -= consumed;
            }
        }
        catch (JsonException exception)
        {
            throw Fail("(document)", $"not valid JSON ({exception.Message}): the file is truncated or malformed");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (!_sawSymbols)
        {
            throw Fail("symbols", "the document has no symbols array (format changed upstream?)");
        }
    }

    private void Handle(ref Utf8JsonReader reader)
    {
        int depth = reader.CurrentDepth;
        switch (reader.TokenType)
        {
            case JsonTokenType.PropertyName when depth == 1:
                _inSymbols = reader.ValueTextEquals("symbols"u8);
                _sawSymbols |= _inSymbols;
                break;
            case JsonTokenType.StartObject when _inSymbols && depth == 2:
                _symbol = default;
                break;
            case JsonTokenType.EndObject when _inSymbols && depth == 2:
                _into.Add(Build());
                break;
            case JsonTokenType.PropertyName when _inSymbols && depth == 3:
                _property = NameOf(ref reader);
                _inFilters = _property == Property.Filters;
                break;
            case JsonTokenType.StartObject when _inFilters && depth == 4:
                _filter = default;
                break;
            case JsonTokenType.EndObject when _inFilters && depth == 4:
                ApplyFilter();
                break;
            case JsonTokenType.PropertyName when _inFilters && depth == 5:
                _filterProperty = NameOf(ref reader);
                break;
            case JsonTokenType.String or JsonTokenType.Number when _inSymbols && depth == 3:
                SetSymbolValue(ref reader);
                break;
            case JsonTokenType.String when _inFilters && depth == 5:
                SetFilterValue(ref reader);
                break;
            case JsonTokenType.EndArray when depth == 3:
                _inFilters = false;
                break;
            case JsonTokenType.EndArray when depth == 1:
                _inSymbols = false;
                break;
        }
    }

    private static Property NameOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("symbol"u8) ? Property.Symbol
        : reader.ValueTextEquals("status"u8) ? Property.Status
        : reader.ValueTextEquals("baseAsset"u8) ? Property.BaseAsset
        : reader.ValueTextEquals("quoteAsset"u8) ? Property.QuoteAsset
        : reader.ValueTextEquals("quoteAssetPrecision"u8) ? Property.QuoteAssetPrecision
        : reader.ValueTextEquals("filters"u8) ? Property.Filters
        : reader.ValueTextEquals("filterType"u8) ? Property.FilterType
        : reader.ValueTextEquals("tickSize"u8) ? Property.TickSize
        : reader.ValueTextEquals("stepSize"u8) ? Property.StepSize
        : Property.None;

    private void SetSymbolValue(ref Utf8JsonReader reader)
    {
        switch (_property)
        {
            case Property.Symbol:
                _symbol.Name = reader.GetString();
                break;
            case Property.Status:
                _symbol.Trading = reader.ValueTextEquals("TRADING"u8);
                _symbol.HasStatus = true;
                break;
            case Property.BaseAsset:
                _symbol.BaseAsset = _strings.Get(reader.ValueSpan);
                break;
            case Property.QuoteAsset:
                _symbol.QuoteAsset = _strings.Get(reader.ValueSpan);
                break;
            case Property.QuoteAssetPrecision when reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int precision):
                _symbol.QuoteAssetPrecision = precision;
                break;
        }
    }

    private void SetFilterValue(ref Utf8JsonReader reader)
    {
        switch (_filterProperty)
        {
            case Property.FilterType:
                _filter.Kind = reader.ValueTextEquals("PRICE_FILTER"u8) ? 1 : reader.ValueTextEquals("LOT_SIZE"u8) ? 2 : 0;
                break;
            case Property.TickSize or Property.StepSize:
                if (!Utf8Parser.TryParse(reader.ValueSpan, out decimal value, out int consumed) || consumed != reader.ValueSpan.Length)
                {
                    throw Fail(_filterProperty == Property.TickSize ? "tickSize" : "stepSize", $"'{reader.GetString()}' is not a decimal string");
                }

                if (_filterProperty == Property.TickSize)
                {
                    _filter.TickSize = value;
                }
                else
                {
                    _filter.StepSize = value;
                }

                break;
        }
    }

    private void ApplyFilter()
    {
        if (_filter.Kind == 1)
        {
            _symbol.TickSize = _filter.TickSize;
            _symbol.HasPriceFilter = true;
        }
        else if (_filter.Kind == 2)
        {
            _symbol.StepSize = _filter.StepSize;
        }
    }

    private MasterInstrument Build()
    {
        if (string.IsNullOrEmpty(_symbol.Name))
        {
            throw Fail("symbol", "a symbols[] entry has no symbol");
        }

        if (!_symbol.HasStatus)
        {
            throw Fail("status", $"{_symbol.Name} has no status");
        }

        if (!_symbol.HasPriceFilter)
        {
            throw Fail("PRICE_FILTER", $"{_symbol.Name} has no PRICE_FILTER (format changed upstream?)");
        }

        byte priceDecimals = _symbol.TickSize > 0 ? FieldText.DecimalsOf(_symbol.TickSize) : (byte)Math.Clamp(_symbol.QuoteAssetPrecision, 0, 18);
        string name = _symbol.Name.ToUpperInvariant();
        return new MasterInstrument
        {
            Broker = BrokerKind.Binance,
            FeedToken = BinanceToken(name),
            BrokerKey = name,
            Exchange = "BINANCE",
            Segment = "SPOT",
            Symbol = name,
            BrokerSymbol = name,
            Name = _symbol.BaseAsset + "/" + _symbol.QuoteAsset,
            Kind = InstrumentKind.Spot,
            InstrumentType = "SPOT",
            TickSize = _symbol.TickSize,
            PriceDecimals = priceDecimals,
            QuantityDecimals = _symbol.StepSize > 0 ? FieldText.DecimalsOf(_symbol.StepSize) : (byte)0,
            Tradable = _symbol.Trading,
        };
    }

    /// <summary>
    /// Binance has no numeric ids: the engine's token is FNV-1a over the symbol's ASCII, kept to 48 bits, so the same
    /// symbol has the same instrument id on every host and day.
    /// </summary>
    public static long BinanceToken(string symbol)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in symbol)
        {
            hash ^= char.ToUpperInvariant(c);
            hash *= 1099511628211UL;
        }

        long token = (long)(hash & 0xFFFF_FFFF_FFFFUL);
        return token == 0 ? 1 : token;
    }

    private InstrumentMasterFormatException Fail(string field, string problem) => new(BrokerKind.Binance, _source, 0, field, problem);

    private struct Symbol
    {
        public string? Name;
        public bool Trading;
        public bool HasStatus;
        public string BaseAsset;
        public string QuoteAsset;
        public int QuoteAssetPrecision;
        public decimal TickSize;
        public decimal StepSize;
        public bool HasPriceFilter;
    }

    private struct Filter
    {
        public int Kind;
        public decimal TickSize;
        public decimal StepSize;
    }
}
