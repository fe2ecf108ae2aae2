using System.Text.Json;
using LowLatencyFeed.Core.Pricing;

namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>
/// A straightforward allocation-free <see cref="Utf8JsonReader"/> decoder of the benchmark's messages — the approach of
/// our previous Binance parser: read token by token, match property names, parse decimal strings into mantissas with
/// <see cref="FixedPoint.TryParseUtf8"/>. Malformed JSON throws (the reader's only way to report it). Fills
/// <see cref="Values"/>: trade price and quantity; bookTicker bid, bid quantity, ask, ask quantity; book levels' prices
/// and quantities, bids then asks.
/// </summary>
public sealed class BinanceReaderClient
{
    private readonly long[] _values = new long[256];
    private readonly int _priceDecimals;
    private readonly int _quantityDecimals;

    public BinanceReaderClient(int priceDecimals, int quantityDecimals)
    {
        _priceDecimals = priceDecimals;
        _quantityDecimals = quantityDecimals;
    }

    /// <summary>The values of the last message, <see cref="Count"/> of them.</summary>
    public ReadOnlySpan<long> Values => _values.AsSpan(0, Count);

    public int Count { get; private set; }

    /// <summary>Decodes one message; returns the number of values read.</summary>
    public int Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        int count = 0;
        long quote0 = 0, quote1 = 0, quote2 = 0, quote3 = 0;
        bool isQuote = false;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            if (reader.ValueTextEquals("p"u8) || reader.ValueTextEquals("q"u8))
            {
                bool price = reader.ValueTextEquals("p"u8);
                reader.Read();
                _values[count++] = Decimal(reader.ValueSpan, price ? _priceDecimals : _quantityDecimals);
            }
            else if (reader.ValueTextEquals("b"u8) || reader.ValueTextEquals("a"u8) || reader.ValueTextEquals("bids"u8) || reader.ValueTextEquals("asks"u8))
            {
                bool bid = reader.ValueTextEquals("b"u8) || reader.ValueTextEquals("bids"u8);
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number)
                {
                    continue; // aggTrade's "a" is its aggregate trade id
                }

                if (reader.TokenType == JsonTokenType.String)
                {
                    isQuote = true;
                    long price = Decimal(reader.ValueSpan, _priceDecimals);
                    if (bid)
                    {
                        quote0 = price;
                    }
                    else
                    {
                        quote2 = price;
                    }

                    continue;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
                {
                    reader.Read();
                    _values[count++] = Decimal(reader.ValueSpan, _priceDecimals);
                    reader.Read();
                    _values[count++] = Decimal(reader.ValueSpan, _quantityDecimals);
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                    }
                }
            }
            else if (reader.ValueTextEquals("B"u8))
            {
                reader.Read();
                quote1 = Decimal(reader.ValueSpan, _quantityDecimals);
            }
            else if (reader.ValueTextEquals("A"u8))
            {
                reader.Read();
                quote3 = Decimal(reader.ValueSpan, _quantityDecimals);
            }
        }

        if (isQuote)
        {
            _values[0] = quote0;
            _values[1] = quote1;
            _values[2] = quote2;
            _values[3] = quote3;
            count = 4;
        }

        Count = count;
        return count;
    }

    private static long Decimal(ReadOnlySpan<byte> text, int decimals)
        => FixedPoint.TryParseUtf8(text, decimals, out long mantissa) ? mantissa : throw new FormatException("not a decimal");
}
