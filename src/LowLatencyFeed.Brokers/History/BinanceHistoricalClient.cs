using System.Globalization;
using System.Text.Json;
using LowLatencyFeed.Brokers.Instruments;

namespace LowLatencyFeed.Brokers.History;

/// <summary>
/// Binance's <c>GET /api/v3/klines?symbol=&amp;interval=&amp;startTime=&amp;endTime=&amp;limit=1000</c>
/// (Binance/README.md §11): each kline a 12-element array — open time ms, open, high, low, close, volume (quoted
/// decimals), close time, quote volume, trade count, …; at most 1000 klines per request, weight 2 of 6000 a minute
/// (Binance/README.md §12).
/// </summary>
public sealed class BinanceHistoricalClient : HistoricalCandleClient
{
    /// <summary>Creates the client (klines need no key).</summary>
    public BinanceHistoricalClient(HttpClient http, Uri baseUri, TokenBucket bucket, TimeProvider? time = null)
        : base(http, baseUri, bucket, time)
    {
    }

    /// <summary>Most klines per request.</summary>
    public const int MaxLimit = 1000;

    /// <summary>6000 weight a minute at weight 2 a call is 50 calls a second; we stay well below.</summary>
    public const double DocumentedRatePerSecond = 20;

    /// <inheritdoc />
    public override BrokerKind Broker => BrokerKind.Binance;

    /// <inheritdoc />
    protected override string SupportedText => "1s, 1m, 3m, 5m, 15m, 30m, 1h, 2h, 4h, 6h, 8h, 12h, 1d";

    /// <inheritdoc />
    protected override string Describe(HistoryInstrument instrument) => instrument.Symbol;

    /// <inheritdoc />
    public override string? IntervalName(int timeframeSeconds) => timeframeSeconds switch
    {
        1 => "1s",
        60 => "1m",
        180 => "3m",
        300 => "5m",
        900 => "15m",
        1800 => "30m",
        3600 => "1h",
        7200 => "2h",
        14_400 => "4h",
        21_600 => "6h",
        28_800 => "8h",
        43_200 => "12h",
        86_400 => "1d",
        _ => null,
    };

    /// <inheritdoc />
    public override TimeSpan MaxSpan(int timeframeSeconds) => TimeSpan.FromSeconds((long)timeframeSeconds * MaxLimit);

    /// <inheritdoc />
    public override DateTimeOffset? EarliestAvailable(int timeframeSeconds, DateTimeOffset now) => null;

    /// <inheritdoc />
    protected override HttpRequestMessage CreateRequest(HistoryInstrument instrument, int timeframeSeconds, DateTimeOffset from, DateTimeOffset to) =>
        new(HttpMethod.Get, new Uri(BaseUri, string.Create(
            CultureInfo.InvariantCulture,
            $"api/v3/klines?symbol={Uri.EscapeDataString(instrument.Symbol.ToUpperInvariant())}&interval={IntervalName(timeframeSeconds)}&startTime={from.ToUnixTimeMilliseconds()}&endTime={to.ToUnixTimeMilliseconds() - 1}&limit={MaxLimit}")));

    /// <inheritdoc />
    protected override int Parse(ReadOnlySpan<byte> body, HistoryInstrument instrument, CandleBuffer into)
    {
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("klines: the reply is not an array");
        }

        int malformed = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException("klines: an element is not an array");
            }

            if (!ReadKline(ref reader, instrument, ref into.Add()))
            {
                into.RemoveAt(into.Count - 1);
                malformed++;
            }
        }

        return malformed;
    }

    private static bool ReadKline(ref Utf8JsonReader reader, HistoryInstrument instrument, ref HistoricalCandle candle)
    {
        int field = 0;
        bool ok = true;
        int pd = instrument.PriceDecimals;
        int qd = instrument.QuantityDecimals;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
            {
                reader.Skip();
                ok = false;
                field++;
                continue;
            }

            switch (field)
            {
                case 0:
                    ok &= CandleFields.TryInt64(ref reader, out long openMs) && openMs is >= 0 and < 9_000_000_000_000L;
                    candle.StartTimeNs = openMs * 1_000_000L;
                    break;
                case 1: ok &= CandleFields.TryFixed(ref reader, pd, out candle.Open); break;
                case 2: ok &= CandleFields.TryFixed(ref reader, pd, out candle.High); break;
                case 3: ok &= CandleFields.TryFixed(ref reader, pd, out candle.Low); break;
                case 4: ok &= CandleFields.TryFixed(ref reader, pd, out candle.Close); break;
                case 5: ok &= CandleFields.TryFixed(ref reader, qd, out candle.Volume); break;
                case 7:
                    // Quote volume is Σ price × quantity; one too large for the scale leaves turnover unknown (0).
                    if (!CandleFields.TryFixed(ref reader, pd + qd, out candle.Turnover))
                    {
                        candle.Turnover = 0;
                    }

                    break;
                case 8:
                    ok &= CandleFields.TryInt64(ref reader, out long trades) && trades is >= 0 and <= int.MaxValue;
                    candle.TradeCount = (int)trades;
                    break;
            }

            field++;
        }

        return ok && field >= 9;
    }
}
