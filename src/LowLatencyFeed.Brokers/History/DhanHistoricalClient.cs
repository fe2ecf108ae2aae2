using System.Globalization;
using System.Text;
using System.Text.Json;
using LowLatencyFeed.Brokers.Instruments;

namespace LowLatencyFeed.Brokers.History;

/// <summary>
/// Dhan's <c>POST /v2/charts/intraday</c> (1, 5, 15, 25, 60 minutes; <c>fromDate</c>/<c>toDate</c> as IST
/// <c>YYYY-MM-DD HH:MM:SS</c>; 90 days a call; the last 5 years) and <c>POST /v2/charts/historical</c> (daily;
/// <c>YYYY-MM-DD</c>, <c>toDate</c> exclusive), both answering one object of parallel arrays <c>open</c>, <c>high</c>,
/// <c>low</c>, <c>close</c>, <c>volume</c>, <c>timestamp</c> (Unix seconds) (Dhan/README.md §13); Data APIs allow 5
/// requests a second (Dhan/README.md §14).
/// </summary>
public sealed class DhanHistoricalClient : HistoricalCandleClient
{
    private readonly string _accessToken;
    private readonly string _clientId;

    /// <summary>Creates the client; <paramref name="accessToken"/> and <paramref name="clientId"/> go in the <c>access-token</c> and <c>client-id</c> headers.</summary>
    public DhanHistoricalClient(HttpClient http, Uri baseUri, TokenBucket bucket, string accessToken = "", string clientId = "", TimeProvider? time = null)
        : base(http, baseUri, bucket, time)
    {
        _accessToken = accessToken;
        _clientId = clientId;
    }

    /// <summary>The documented Data API rate: 5 requests a second.</summary>
    public const double DocumentedRatePerSecond = 5;

    /// <summary>Intraday history depth: the last 5 years.</summary>
    public const int IntradayHistoryYears = 5;

    /// <summary>Span of one daily request: not stated by Dhan; one year keeps replies small.</summary>
    public static TimeSpan DailySpan { get; } = TimeSpan.FromDays(365);

    /// <inheritdoc />
    public override BrokerKind Broker => BrokerKind.Dhan;

    /// <inheritdoc />
    protected override string SupportedText => "1m, 5m, 15m, 1d; Dhan's 25 and 60 minute candles start at 09:15 IST and would straddle our bars";

    /// <inheritdoc />
    protected override string HistoryDepthText => "intraday candles for the last 5 years, Dhan/README.md §13";

    /// <inheritdoc />
    protected override string Describe(HistoryInstrument instrument) => $"{instrument.Segment}|{instrument.Token}";

    /// <inheritdoc />
    public override string? IntervalName(int timeframeSeconds) => timeframeSeconds switch
    {
        60 => "1",
        300 => "5",
        900 => "15",
        86_400 => "day",
        _ => null,
    };

    /// <inheritdoc />
    public override TimeSpan MaxSpan(int timeframeSeconds) => timeframeSeconds >= 86_400 ? DailySpan : TimeSpan.FromDays(90);

    /// <inheritdoc />
    public override DateTimeOffset? EarliestAvailable(int timeframeSeconds, DateTimeOffset now) =>
        timeframeSeconds < 86_400 ? now.AddYears(-IntradayHistoryYears) : null;

    /// <inheritdoc />
    protected override HttpRequestMessage CreateRequest(HistoryInstrument instrument, int timeframeSeconds, DateTimeOffset from, DateTimeOffset to)
    {
        bool daily = timeframeSeconds >= 86_400;
        DateTimeOffset fromIst = from.ToOffset(CandleFields.Ist);
        DateTimeOffset toIst = to.ToOffset(CandleFields.Ist);
        string body = daily
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"{{\"securityId\":\"{instrument.Token}\",\"exchangeSegment\":\"{instrument.Segment}\",\"instrument\":\"{instrument.InstrumentType}\",\"oi\":false,\"fromDate\":\"{fromIst:yyyy-MM-dd}\",\"toDate\":\"{(toIst.TimeOfDay == TimeSpan.Zero ? toIst : toIst.AddDays(1)):yyyy-MM-dd}\"}}")
            : string.Create(
                CultureInfo.InvariantCulture,
                $"{{\"securityId\":\"{instrument.Token}\",\"exchangeSegment\":\"{instrument.Segment}\",\"instrument\":\"{instrument.InstrumentType}\",\"interval\":\"{IntervalName(timeframeSeconds)}\",\"oi\":false,\"fromDate\":\"{fromIst:yyyy-MM-dd HH:mm:ss}\",\"toDate\":\"{toIst:yyyy-MM-dd HH:mm:ss}\"}}");
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseUri, daily ? "v2/charts/historical" : "v2/charts/intraday"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Accept", "application/json");
        if (_accessToken.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("access-token", _accessToken);
        }

        if (_clientId.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("client-id", _clientId);
        }

        return request;
    }

    /// <inheritdoc />
    protected override int Parse(ReadOnlySpan<byte> body, HistoryInstrument instrument, CandleBuffer into)
    {
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("the reply is not an object of arrays");
        }

        // Index i across the arrays is one candle; a value that does not parse spoils that candle only.
        Span<int> lengths = stackalloc int[6];
        lengths.Fill(-1);
        var bad = new List<int>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                throw new JsonException("expected a property");
            }

            int field = reader.ValueTextEquals("open"u8) ? 0
                : reader.ValueTextEquals("high"u8) ? 1
                : reader.ValueTextEquals("low"u8) ? 2
                : reader.ValueTextEquals("close"u8) ? 3
                : reader.ValueTextEquals("volume"u8) ? 4
                : reader.ValueTextEquals("timestamp"u8) ? 5
                : -1;
            reader.Read();
            if (field < 0)
            {
                reader.Skip();
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException("a candle field is not an array");
            }

            int i = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                ref HistoricalCandle candle = ref into.At(i);
                bool ok = field switch
                {
                    0 => CandleFields.TryFixed(ref reader, instrument.PriceDecimals, out candle.Open),
                    1 => CandleFields.TryFixed(ref reader, instrument.PriceDecimals, out candle.High),
                    2 => CandleFields.TryFixed(ref reader, instrument.PriceDecimals, out candle.Low),
                    3 => CandleFields.TryFixed(ref reader, instrument.PriceDecimals, out candle.Close),
                    4 => CandleFields.TryFixed(ref reader, instrument.QuantityDecimals, out candle.Volume),
                    _ => ReadTimestamp(ref reader, ref candle),
                };
                if (!ok)
                {
                    bad.Add(i);
                }

                i++;
            }

            lengths[field] = i;
        }

        foreach (int length in lengths)
        {
            if (length != into.Count)
            {
                throw new JsonException($"the arrays open, high, low, close, volume, timestamp differ in length or one is missing ({string.Join(", ", lengths.ToArray())})");
            }
        }

        bad.Sort();
        int malformed = 0;
        for (int k = bad.Count - 1; k >= 0; k--)
        {
            if (k + 1 < bad.Count && bad[k + 1] == bad[k])
            {
                continue;
            }

            into.RemoveAt(bad[k]);
            malformed++;
        }

        return malformed;
    }

    private static bool ReadTimestamp(ref Utf8JsonReader reader, ref HistoricalCandle candle)
    {
        if (!CandleFields.TryInt64(ref reader, out long seconds) || seconds is < 0 or > 9_000_000_000L)
        {
            return false;
        }

        candle.StartTimeNs = seconds * 1_000_000_000L;
        return true;
    }
}
