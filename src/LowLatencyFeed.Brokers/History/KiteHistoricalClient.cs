using System.Globalization;
using System.Text.Json;
using LowLatencyFeed.Brokers.Instruments;

namespace LowLatencyFeed.Brokers.History;

/// <summary>
/// Kite's <c>GET /instruments/historical/{token}/{interval}?from=&amp;to=</c> (Kite/README.md §13): times as IST
/// <c>yyyy-MM-dd HH:mm:ss</c>, reply <c>{"status":"success","data":{"candles":[[ts, o, h, l, c, v(, oi)], …]}}</c> with
/// prices in rupees and <c>ts</c> like <c>2015-12-28T09:15:00+0530</c>; span per request from the forum's table; 3
/// requests a second (Kite/README.md §14).
/// </summary>
public sealed class KiteHistoricalClient : HistoricalCandleClient
{
    private readonly string _authorization;

    /// <summary>Creates the client; <paramref name="apiKey"/> and <paramref name="accessToken"/> make the <c>Authorization: token key:access</c> header.</summary>
    public KiteHistoricalClient(HttpClient http, Uri baseUri, TokenBucket bucket, string apiKey = "", string accessToken = "", TimeProvider? time = null)
        : base(http, baseUri, bucket, time)
    {
        _authorization = apiKey.Length == 0 && accessToken.Length == 0 ? "" : $"token {apiKey}:{accessToken}";
    }

    /// <summary>The documented rate: 3 requests a second.</summary>
    public const double DocumentedRatePerSecond = 3;

    /// <summary>Kite's intraday history starts around 2015 (staff answer on the forum, Kite/README.md §13).</summary>
    public static DateTimeOffset IntradayHistoryStart { get; } = new(2015, 1, 1, 0, 0, 0, CandleFields.Ist);

    /// <inheritdoc />
    public override BrokerKind Broker => BrokerKind.Kite;

    /// <inheritdoc />
    protected override string SupportedText => "1m, 3m, 5m, 15m, 1d; Kite's 10, 30 and 60 minute candles start at 09:15 IST and would straddle our bars";

    /// <inheritdoc />
    protected override string HistoryDepthText => "intraday candles since about 2015, Kite/README.md §13";

    /// <inheritdoc />
    public override string? IntervalName(int timeframeSeconds) => timeframeSeconds switch
    {
        60 => "minute",
        180 => "3minute",
        300 => "5minute",
        900 => "15minute",
        86_400 => "day",
        _ => null,
    };

    /// <inheritdoc />
    public override TimeSpan MaxSpan(int timeframeSeconds) => TimeSpan.FromDays(timeframeSeconds switch
    {
        60 => 60,
        180 or 300 or 600 => 100,
        900 or 1800 => 200,
        3600 => 400,
        _ => 2000,
    });

    /// <inheritdoc />
    public override DateTimeOffset? EarliestAvailable(int timeframeSeconds, DateTimeOffset now) => timeframeSeconds < 86_400 ? IntradayHistoryStart : null;

    /// <inheritdoc />
    protected override HttpRequestMessage CreateRequest(HistoryInstrument instrument, int timeframeSeconds, DateTimeOffset from, DateTimeOffset to)
    {
        // Whether 'to' is inclusive is unconfirmed (Kite/README.md §13): ask up to a second before it and filter.
        string path = string.Create(
            CultureInfo.InvariantCulture,
            $"instruments/historical/{instrument.Token}/{IntervalName(timeframeSeconds)}?from={Ist(from)}&to={Ist(to.AddSeconds(-1))}");
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseUri, path));
        request.Headers.Add("X-Kite-Version", "3");
        if (_authorization.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Authorization", _authorization);
        }

        return request;
    }

    /// <inheritdoc />
    protected override int Parse(ReadOnlySpan<byte> body, HistoryInstrument instrument, CandleBuffer into)
    {
        var reader = new Utf8JsonReader(body);
        int malformed = 0;
        int depth = 0;
        bool inCandles = false;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName when !inCandles && reader.ValueTextEquals("candles"u8):
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        throw new JsonException("'candles' is not an array");
                    }

                    inCandles = true;
                    depth = reader.CurrentDepth;
                    break;
                case JsonTokenType.StartArray when inCandles && reader.CurrentDepth == depth + 1:
                    if (!ReadCandle(ref reader, instrument, ref into.Add()))
                    {
                        into.RemoveAt(into.Count - 1);
                        malformed++;
                    }

                    break;
                case JsonTokenType.EndArray when inCandles && reader.CurrentDepth == depth:
                    return malformed;
            }
        }

        throw new JsonException("no 'candles' array");
    }

    private static bool ReadCandle(ref Utf8JsonReader reader, HistoryInstrument instrument, ref HistoricalCandle candle)
    {
        int field = 0;
        bool ok = true;
        int pd = instrument.PriceDecimals;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
            {
                reader.Skip();
                ok = false;
            }
            else
            {
                ok &= field switch
                {
                    0 => reader.TokenType == JsonTokenType.String && !reader.HasValueSequence && CandleFields.TryKiteTime(reader.ValueSpan, out candle.StartTimeNs),
                    1 => CandleFields.TryFixed(ref reader, pd, out candle.Open),
                    2 => CandleFields.TryFixed(ref reader, pd, out candle.High),
                    3 => CandleFields.TryFixed(ref reader, pd, out candle.Low),
                    4 => CandleFields.TryFixed(ref reader, pd, out candle.Close),
                    5 => CandleFields.TryFixed(ref reader, instrument.QuantityDecimals, out candle.Volume),
                    _ => true, // open interest
                };
            }

            field++;
        }

        return ok && field >= 6;
    }

    private static string Ist(DateTimeOffset time) =>
        Uri.EscapeDataString(time.ToOffset(CandleFields.Ist).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
}
