using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LowLatencyFeed.Core.Events;
using Microsoft.AspNetCore.Http;

namespace LowLatencyFeed.Simulator.Rest;

/// <summary>
/// The brokers' historical candle APIs on the simulator's port, in each broker's own format (the broker READMEs'
/// historical-candle sections): Kite <c>GET /rest/kite/instruments/historical/{token}/{interval}</c>, Dhan
/// <c>POST /rest/dhan/v2/charts/intraday</c> and <c>/v2/charts/historical</c>, Binance <c>GET /rest/binance/api/v3/klines</c>.
/// Candles are a pure function of the instrument, the timeframe and the candle's start (<see cref="Candle"/>), so any
/// two requests agree; Indian instruments have candles in the 09:15–15:30 IST session on weekdays, Binance around the
/// clock; none before <see cref="HistoryStart"/> or after the last complete interval. Each broker's per-request range
/// limit is enforced (its own error), and more than <see cref="RequestsPerSecond"/> requests in a second get HTTP 429.
/// </summary>
public sealed class SimulatedHistoricalCandles : ISimulatedHttpEndpoint
{
    private static readonly TimeSpan s_ist = TimeSpan.FromMinutes(330);
    private readonly ConcurrentDictionary<string, int> _served = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _rateLimited = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Second, int Count)> _windows = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _forced429 = new(StringComparer.Ordinal);
    private IReadOnlyList<SimulatedInstrument> _instruments = [];

    /// <summary>Instruments with history; empty (default): the simulator's feeds' instruments.</summary>
    public IReadOnlyList<SimulatedInstrument> Instruments { get => _instruments; init => _instruments = value; }

    /// <summary>No candle starts before this. Default 2015-01-01 UTC.</summary>
    public DateTimeOffset HistoryStart { get; init; } = new(2015, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Requests a second per broker (<c>kite</c>, <c>dhan</c>, <c>binance</c>) before HTTP 429; a missing broker is unlimited. Default the documented rates: 3, 5, 50.</summary>
    public IReadOnlyDictionary<string, int> RequestsPerSecond { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal) { ["kite"] = 3, ["dhan"] = 5, ["binance"] = 50 };

    /// <summary>Candle starts (Unix seconds) whose candle is served with high below low (a bad-data fault).</summary>
    public IReadOnlySet<long> HighBelowLowAt { get; init; } = new HashSet<long>();

    /// <summary>Candle starts (Unix seconds) whose candle is served with a negative volume.</summary>
    public IReadOnlySet<long> NegativeVolumeAt { get; init; } = new HashSet<long>();

    /// <summary>"Now": no candle is served before its interval has ended.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Candle requests answered with candles (or an empty range) for <paramref name="broker"/>.</summary>
    public int Served(string broker) => _served.TryGetValue(broker, out int n) ? n : 0;

    /// <summary>Requests answered HTTP 429 for <paramref name="broker"/>.</summary>
    public int RateLimited(string broker) => _rateLimited.TryGetValue(broker, out int n) ? n : 0;

    /// <summary>Answers the next <paramref name="count"/> requests to <paramref name="broker"/> with HTTP 429 whatever the rate (a fault switch).</summary>
    public void RejectNext(string broker, int count) => _forced429[broker] = count;

    /// <summary>The server's feeds' instruments, when none were given.</summary>
    internal void UseInstrumentsIfNone(IReadOnlyList<SimulatedInstrument> instruments)
    {
        if (_instruments.Count == 0)
        {
            _instruments = instruments;
        }
    }

    /// <summary>
    /// The candle of <paramref name="instrument"/> starting at <paramref name="startSeconds"/>: a deterministic draw
    /// around the start price in whole ticks, volume in whole lots, turnover = mid of open and close × volume.
    /// </summary>
    public static SimulatedCandle Candle(SimulatedInstrument instrument, long startSeconds, int timeframeSeconds)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        ulong h = Mix((ulong)instrument.Token ^ Mix((ulong)startSeconds) ^ ((ulong)timeframeSeconds << 40));
        long tick = Math.Max(1, instrument.TickSize);
        long open = instrument.StartPrice + (tick * ((long)(h % 201) - 100));
        long close = open + (tick * ((long)((h >> 8) % 21) - 10));
        long high = Math.Max(open, close) + (tick * (long)((h >> 16) % 5));
        long low = Math.Min(open, close) - (tick * (long)((h >> 24) % 5));
        if (low <= 0)
        {
            long lift = tick - low;
            open += lift;
            close += lift;
            high += lift;
            low += lift;
        }

        long volume = Math.Max(1, instrument.LotSize) * (1 + (long)((h >> 32) % 1000));
        int trades = 1 + (int)((h >> 44) % 500);
        return new SimulatedCandle(startSeconds, open, high, low, close, volume, (open + close) * volume / 2, trades);
    }

    /// <inheritdoc />
    public async Task<bool> TryHandleHttpAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        string path = context.Request.Path.Value ?? "";
        string broker;
        if (HttpMethods.IsGet(context.Request.Method) && path == "/rest/binance/api/v3/klines")
        {
            broker = "binance";
        }
        else if (HttpMethods.IsGet(context.Request.Method) && path.StartsWith("/rest/kite/instruments/historical/", StringComparison.Ordinal))
        {
            broker = "kite";
        }
        else if (HttpMethods.IsPost(context.Request.Method) && path is "/rest/dhan/v2/charts/intraday" or "/rest/dhan/v2/charts/historical")
        {
            broker = "dhan";
        }
        else
        {
            return false;
        }

        if (TakeForced429(broker) || OverRate(broker))
        {
            _rateLimited.AddOrUpdate(broker, 1, static (_, n) => n + 1);
            if (broker == "binance")
            {
                context.Response.Headers.RetryAfter = "1";
            }

            await Reply(context, StatusCodes.Status429TooManyRequests, broker switch
            {
                "binance" => """{"code":-1003,"msg":"Too many requests; current limit of IP is exceeded."}""",
                "kite" => """{"status":"error","message":"Too many requests","error_type":"NetworkException"}""",
                _ => """{"errorType":"Rate_Limit","errorCode":"DH-904","errorMessage":"Too many requests on server from single user breaching rate limits."}""",
            }).ConfigureAwait(false);
            return true;
        }

        (int status, string body) = broker switch
        {
            "binance" => Binance(context.Request.Query),
            "kite" => Kite(path["/rest/kite/instruments/historical/".Length..], context.Request.Query),
            _ => Dhan(path.EndsWith("intraday", StringComparison.Ordinal), await ReadBodyAsync(context).ConfigureAwait(false)),
        };
        if (status == StatusCodes.Status200OK)
        {
            _served.AddOrUpdate(broker, 1, static (_, n) => n + 1);
        }

        await Reply(context, status, body).ConfigureAwait(false);
        return true;
    }

    private static async Task Reply(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body).ConfigureAwait(false);
    }

    private static async Task<string> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync().ConfigureAwait(false);
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private bool TakeForced429(string broker)
    {
        while (_forced429.TryGetValue(broker, out int left) && left > 0)
        {
            if (_forced429.TryUpdate(broker, left - 1, left))
            {
                return true;
            }
        }

        return false;
    }

    private bool OverRate(string broker)
    {
        if (!RequestsPerSecond.TryGetValue(broker, out int limit))
        {
            return false;
        }

        long second = Time.GetUtcNow().ToUnixTimeSeconds();
        lock (_windows)
        {
            (long Second, int Count) window = _windows.TryGetValue(broker, out var w) && w.Second == second ? w : (second, 0);
            if (window.Count >= limit)
            {
                return true;
            }

            _windows[broker] = (second, window.Count + 1);
            return false;
        }
    }

    private (int, string) Binance(IQueryCollection query)
    {
        string symbol = query["symbol"].ToString();
        SimulatedInstrument? instrument = Find(FeedKind.Binance, i => string.Equals(i.Symbol, symbol, StringComparison.OrdinalIgnoreCase));
        if (instrument is null)
        {
            return (400, """{"code":-1121,"msg":"Invalid symbol."}""");
        }

        int tf = query["interval"].ToString() switch
        {
            "1s" => 1, "1m" => 60, "3m" => 180, "5m" => 300, "15m" => 900, "30m" => 1800, "1h" => 3600, "2h" => 7200,
            "4h" => 14_400, "6h" => 21_600, "8h" => 28_800, "12h" => 43_200, "1d" => 86_400, _ => 0,
        };
        if (tf == 0)
        {
            return (400, """{"code":-1120,"msg":"Invalid interval."}""");
        }

        int limit = 500;
        if (query.ContainsKey("limit") && (!int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > 1000))
        {
            return (400, """{"code":-1100,"msg":"Illegal characters found in parameter 'limit'; legal range is '1 - 1000'."}""");
        }

        if (!long.TryParse(query["startTime"], NumberStyles.None, CultureInfo.InvariantCulture, out long startMs)
            || !long.TryParse(query["endTime"], NumberStyles.None, CultureInfo.InvariantCulture, out long endMs))
        {
            return (400, """{"code":-1102,"msg":"Mandatory parameter 'startTime' or 'endTime' was not sent, was empty/null, or malformed."}""");
        }

        var json = new StringBuilder("[");
        long first = Ceiling(startMs, tf * 1000L) / 1000;
        int count = 0;
        for (long start = first; start * 1000 <= endMs && count < limit; start += tf)
        {
            if (!Available(start, tf, india: false))
            {
                continue;
            }

            SimulatedCandle c = Faulty(Candle(instrument, start, tf));
            int pd = instrument.PriceDecimals;
            int qd = instrument.QuantityDecimals;
            json.Append(count++ == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"[{start * 1000},\"{Dec(c.Open, pd)}\",\"{Dec(c.High, pd)}\",\"{Dec(c.Low, pd)}\",\"{Dec(c.Close, pd)}\",\"{Dec(c.Volume, qd)}\",{((start + tf) * 1000) - 1},\"{Dec(c.Turnover, pd + qd)}\",{c.Trades},\"0\",\"0\",\"0\"]");
        }

        return (200, json.Append(']').ToString());
    }

    private (int, string) Kite(string rest, IQueryCollection query)
    {
        string[] parts = rest.Split('/');
        SimulatedInstrument? instrument = parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long token)
            ? Find(FeedKind.Kite, i => i.Token == token)
            : null;
        if (instrument is null)
        {
            return (400, """{"status":"error","message":"invalid token","error_type":"InputException"}""");
        }

        (int tf, int maxDays) = parts[1] switch
        {
            "minute" => (60, 60), "3minute" => (180, 100), "5minute" => (300, 100), "10minute" => (600, 100), "15minute" => (900, 200),
            "30minute" => (1800, 200), "60minute" => (3600, 400), "day" => (86_400, 2000), _ => (0, 0),
        };
        if (tf == 0)
        {
            return (400, """{"status":"error","message":"invalid interval","error_type":"InputException"}""");
        }

        if (!TryIst(query["from"], out DateTimeOffset from) || !TryIst(query["to"], out DateTimeOffset to) || to < from)
        {
            return (400, """{"status":"error","message":"invalid from or to date","error_type":"InputException"}""");
        }

        if (to - from > TimeSpan.FromDays(maxDays))
        {
            return (400, $$"""{"status":"error","message":"interval exceeds max limit: {{maxDays}} days","error_type":"InputException"}""");
        }

        var json = new StringBuilder("""{"status":"success","data":{"candles":[""");
        int count = 0;
        foreach (long start in Starts(from.ToUnixTimeSeconds(), to.ToUnixTimeSeconds(), tf, india: true))
        {
            SimulatedCandle c = Faulty(Candle(instrument, start, tf));
            int pd = instrument.PriceDecimals;
            string ts = DateTimeOffset.FromUnixTimeSeconds(start).ToOffset(s_ist).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "+0530";
            json.Append(count++ == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"[\"{ts}\",{Dec(c.Open, pd)},{Dec(c.High, pd)},{Dec(c.Low, pd)},{Dec(c.Close, pd)},{c.Volume}]");
        }

        return (200, json.Append("]}}").ToString());
    }

    private (int, string) Dhan(bool intraday, string body)
    {
        string securityId, segment, fromText, toText, interval = "";
        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            JsonElement root = document.RootElement;
            securityId = root.GetProperty("securityId").GetString() ?? "";
            segment = root.GetProperty("exchangeSegment").GetString() ?? "";
            fromText = root.GetProperty("fromDate").GetString() ?? "";
            toText = root.GetProperty("toDate").GetString() ?? "";
            if (intraday)
            {
                interval = root.GetProperty("interval").ValueKind == JsonValueKind.Number ? root.GetProperty("interval").GetRawText() : root.GetProperty("interval").GetString() ?? "";
            }
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return (400, """{"errorType":"Input_Exception","errorCode":"DH-905","errorMessage":"Missing required fields, bad values for parameters etc."}""");
        }

        SimulatedInstrument? instrument = long.TryParse(securityId, NumberStyles.None, CultureInfo.InvariantCulture, out long token)
            ? Find(FeedKind.Dhan, i => i.Token == token && (i.Segment.Length == 0 || i.Segment == segment))
            : null;
        int tf = intraday ? interval switch { "1" => 60, "5" => 300, "15" => 900, "25" => 1500, "60" => 3600, _ => 0 } : 86_400;
        string format = intraday ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd";
        if (instrument is null || tf == 0
            || !DateTime.TryParseExact(fromText, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime fromLocal)
            || !DateTime.TryParseExact(toText, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime toLocal)
            || toLocal < fromLocal)
        {
            return (400, """{"errorType":"Input_Exception","errorCode":"DH-905","errorMessage":"Missing required fields, bad values for parameters etc."}""");
        }

        if (intraday && toLocal - fromLocal > TimeSpan.FromDays(90))
        {
            return (400, """{"errorType":"Input_Exception","errorCode":"DH-905","errorMessage":"Intraday data can be fetched for a maximum of 90 days per request."}""");
        }

        var from = new DateTimeOffset(fromLocal, s_ist);
        var to = new DateTimeOffset(toLocal, s_ist);

        // Daily: toDate is exclusive (Dhan/README.md §13).
        long toSeconds = intraday ? to.ToUnixTimeSeconds() : to.ToUnixTimeSeconds() - 1;
        var open = new StringBuilder();
        var high = new StringBuilder();
        var low = new StringBuilder();
        var close = new StringBuilder();
        var volume = new StringBuilder();
        var time = new StringBuilder();
        int count = 0;
        foreach (long start in Starts(from.ToUnixTimeSeconds(), toSeconds, tf, india: true))
        {
            SimulatedCandle c = Faulty(Candle(instrument, start, tf));
            int pd = instrument.PriceDecimals;
            string comma = count++ == 0 ? "" : ",";
            open.Append(comma).Append(Dec(c.Open, pd));
            high.Append(comma).Append(Dec(c.High, pd));
            low.Append(comma).Append(Dec(c.Low, pd));
            close.Append(comma).Append(Dec(c.Close, pd));
            volume.Append(comma).Append(c.Volume.ToString(CultureInfo.InvariantCulture));
            time.Append(comma).Append(start.ToString(CultureInfo.InvariantCulture));
        }

        return (200, $$"""{"open":[{{open}}],"high":[{{high}}],"low":[{{low}}],"close":[{{close}}],"volume":[{{volume}}],"timestamp":[{{time}}]}""");
    }

    /// <summary>Candle starts in [from, to] (inclusive, Unix seconds) that the broker has.</summary>
    private IEnumerable<long> Starts(long fromSeconds, long toSeconds, int tf, bool india)
    {
        if (tf >= 86_400)
        {
            // Day candles sit on local midnight (IST for the Indian brokers).
            long offset = india ? (long)s_ist.TotalSeconds : 0;
            for (long day = Ceiling(fromSeconds + offset, 86_400) - offset; day <= toSeconds; day += 86_400)
            {
                if (Available(day, tf, india))
                {
                    yield return day;
                }
            }

            yield break;
        }

        for (long start = Ceiling(fromSeconds, tf); start <= toSeconds; start += tf)
        {
            if (Available(start, tf, india))
            {
                yield return start;
            }
        }
    }

    private bool Available(long start, int tf, bool india)
    {
        if (start < HistoryStart.ToUnixTimeSeconds() || start + tf > Time.GetUtcNow().ToUnixTimeSeconds())
        {
            return false;
        }

        if (!india)
        {
            return true;
        }

        DateTimeOffset local = DateTimeOffset.FromUnixTimeSeconds(start).ToOffset(s_ist);
        if (local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            return false;
        }

        // Intraday candles cover the normal market, 09:15–15:30 IST (Kite/README.md §15).
        TimeSpan at = local.TimeOfDay;
        return tf >= 86_400 || (at >= new TimeSpan(9, 15, 0) && at + TimeSpan.FromSeconds(tf) <= new TimeSpan(15, 30, 0));
    }

    private SimulatedCandle Faulty(SimulatedCandle candle)
    {
        if (HighBelowLowAt.Contains(candle.StartSeconds))
        {
            candle = candle with { High = candle.Low - 1 };
        }

        if (NegativeVolumeAt.Contains(candle.StartSeconds))
        {
            candle = candle with { Volume = -candle.Volume };
        }

        return candle;
    }

    private SimulatedInstrument? Find(FeedKind feed, Func<SimulatedInstrument, bool> match)
    {
        foreach (SimulatedInstrument instrument in _instruments)
        {
            if (instrument.Feed == feed && match(instrument))
            {
                return instrument;
            }
        }

        return null;
    }

    private static bool TryIst(string? text, out DateTimeOffset time)
    {
        time = default;
        if (!DateTime.TryParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime local))
        {
            return false;
        }

        time = new DateTimeOffset(local, s_ist);
        return true;
    }

    private static long Ceiling(long value, long step) => value % step == 0 ? value : value - (((value % step) + step) % step) + step;

    private static string Dec(long mantissa, int decimals) =>
        LowLatencyFeed.Core.Pricing.FixedPoint.ToDecimal(mantissa, decimals).ToString(CultureInfo.InvariantCulture);
}
