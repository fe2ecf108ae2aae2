using System.Globalization;
using System.Net;
using System.Text.Json;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.TestSupport.Postgres;
using Npgsql;

namespace LowLatencyFeed.Host.Tests.Api;

[Collection(PostgresCollection.Name)]
public sealed class ApiHistoryTests
{
    private readonly PostgresClusterFixture _postgres;

    public ApiHistoryTests(PostgresClusterFixture postgres) => _postgres = postgres;

    [Fact]
    public async Task Stored_rows_come_back_with_exact_decimals_in_json_and_csv()
    {
        string database = _postgres.CreateDatabase("api");
        await using var host = await ApiTestHost.StartAsync(database);
        long id = InstrumentId.From(FeedKind.Kite, host.Instruments[0].Token).Value;

        // Two days back: inside every retention, and its daily partitions are created here (plain PostgreSQL).
        DateTimeOffset day = new(DateTime.UtcNow.Date.AddDays(-2), TimeSpan.Zero);
        LowLatencyFeed.Storage.Schema.PartitionMaintainer.Maintain(database, day);
        string d = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        long nine15 = day.AddHours(9).AddMinutes(15).ToUnixTimeMilliseconds();
        Execute(
            database,
            $"""
            INSERT INTO llfeed.bars VALUES ('{d}T09:15:00Z', {id}, 60, 11, 101.25, 102.50, 100.05, 101.10, 1500, 151234.50, 100.82, 7, 0);
            INSERT INTO llfeed.bars VALUES ('{d}T09:16:00Z', {id}, 60, 12, 101.10, 101.10, 99.95, 100.00, 250, 25000.00, 100.00, 2, 4);
            INSERT INTO llfeed.bars VALUES ('{d}T09:16:00Z', {id}, 300, 13, 1, 1, 1, 1, 1, 1, 1, 1, 0);
            INSERT INTO llfeed.trades VALUES ('{d}T09:15:01.123456Z', {id}, 21, '{d}T09:15:01.2Z', 2500.05, 0.001, 77, true);
            INSERT INTO llfeed.ticks (time, instrument_id, seq, receive_time, flags, fields, last_price, volume)
                VALUES ('{d}T09:15:02Z', {id}, 22, '{d}T09:15:02Z', 0, 1, 123.4500, 987654321);
            INSERT INTO llfeed.book_metrics (time, instrument_id, seq, best_bid, best_ask, spread, bid_quantity, ask_quantity, bid_levels, ask_levels, imbalance, flags)
                VALUES ('{d}T09:15:03Z', {id}, 23, 99.95, 100.05, 0.10, 300, 100, 5, 5, 0.5, 0);
            INSERT INTO llfeed.signals VALUES ('{d}T09:15:04Z', {id}, 24, 5, 1, 0, 0.6, 0.5, 300, 100, 99.95, 100.05, '{d}T09:15:03Z', 0);
            """);
        string range = $"from={d}T09:00:00Z&to={d}T10:00:00Z";

        using JsonDocument bars = await GetJson(host, $"api/bars?instrument={host.FirstId}&timeframe=1m&{range}");
        Assert.Equal(2, bars.RootElement.GetArrayLength());
        JsonElement first = bars.RootElement[0];
        Assert.Equal($"{d}T09:15:00+00:00", first.GetProperty("time").GetString());
        Assert.Equal(60, first.GetProperty("timeframeSeconds").GetInt32());
        Assert.Equal("101.25", first.GetProperty("open").GetRawText());
        Assert.Equal("102.50", first.GetProperty("high").GetRawText());
        Assert.Equal("151234.50", first.GetProperty("turnover").GetRawText());
        Assert.True(first.GetProperty("closed").GetBoolean());
        Assert.Equal(11, first.GetProperty("seq").GetInt64());
        Assert.Equal(4, bars.RootElement[1].GetProperty("flags").GetInt32());

        // Without 'from': the newest 'limit' bars before 'to', still oldest first.
        using JsonDocument newest = await GetJson(host, $"api/bars?instrument=RELIANCE&timeframe=60&to={d}T10:00:00Z&limit=1");
        Assert.Equal($"{d}T09:16:00+00:00", Assert.Single(newest.RootElement.EnumerateArray()).GetProperty("time").GetString());

        string csv = await host.Http.GetStringAsync($"api/bars?instrument={host.FirstId}&timeframe=1m&{range}&format=csv");
        string[] lines = csv.TrimEnd('\n').Split('\n');
        Assert.Equal("time,timeframeSeconds,open,high,low,close,volume,turnover,vwap,tradeCount,flags,closed,seq", lines[0]);
        Assert.Equal($"{d}T09:15:00.000000Z,60,101.25,102.50,100.05,101.10,1500,151234.50,100.82,7,0,true,11", lines[1]);
        Assert.Equal(3, lines.Length);

        using JsonDocument trades = await GetJson(host, $"api/trades?instrument={host.FirstId}&{range}");
        JsonElement trade = Assert.Single(trades.RootElement.EnumerateArray());
        Assert.Equal("2500.05", trade.GetProperty("price").GetRawText());
        Assert.Equal("0.001", trade.GetProperty("quantity").GetRawText());
        Assert.Equal($"{d}T09:15:01.123456+00:00", trade.GetProperty("time").GetString());
        Assert.True(trade.GetProperty("sellerAggressor").GetBoolean());

        using JsonDocument ticks = await GetJson(host, $"api/ticks?instrument={host.FirstId}&{range}");
        JsonElement tick = Assert.Single(ticks.RootElement.EnumerateArray());
        Assert.Equal("123.4500", tick.GetProperty("lastPrice").GetRawText());
        Assert.Equal("987654321", tick.GetProperty("volume").GetRawText());
        Assert.Equal(JsonValueKind.Null, tick.GetProperty("open").ValueKind);

        using JsonDocument metrics = await GetJson(host, $"api/book-metrics?instrument={host.FirstId}&{range}");
        JsonElement sample = Assert.Single(metrics.RootElement.EnumerateArray());
        Assert.Equal("0.10", sample.GetProperty("spread").GetRawText());
        Assert.Equal(0.5, sample.GetProperty("imbalance").GetDouble());

        using JsonDocument signals = await GetJson(host, $"api/signals?instrument={host.FirstId}&{range}");
        JsonElement signal = Assert.Single(signals.RootElement.EnumerateArray());
        Assert.Equal(1, signal.GetProperty("side").GetInt32());
        Assert.Equal("300", signal.GetProperty("bidQuantity").GetRawText());

        // Unix milliseconds are accepted for from/to: 09:15:01 .. 09:15:02 holds the trade only.
        using JsonDocument byMillis = await GetJson(host, $"api/trades?instrument={host.FirstId}&from={nine15 + 1000}&to={nine15 + 2000}");
        Assert.Equal(1, byMillis.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task The_open_bar_from_the_live_bar_stage_completes_the_stored_bars()
    {
        string database = _postgres.CreateDatabase("api");
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000L;

        // Quote mode only: a Kite quote packet has no exchange time, so every tick is timed by its receipt, in the order
        // sent. (Subscribed in full mode, the packets sent before the mode request lands are quotes timed on receipt
        // while the full packets carry the simulated exchange time, so the bar's open would depend on that moment.)
        await using var host = await ApiTestHost.StartAsync(
            database,
            messages: 2000,
            startTimeNs: now,
            configure: options => options.Feeds[0].Instruments.ForEach(i => i.Mode = SubscriptionMode.Quote));
        var connection = await WaitFor(() => host.Simulator.Connections.FirstOrDefault(c => c.MessagesSent == 2000));
        // The capture can trail MessagesSent by a frame: wait until the engine has parsed exactly what was captured.
        MarketEvent[] sent = await WaitFor(() =>
        {
            MarketEvent[] captured = connection.GetSentEvents();
            return host.Host.Engine.Feeds[0].Diagnostics.Events == captured.Length ? captured : null;
        });

        // Hand-computed from what the simulator sent: the day bar of the first instrument (Kite ticks carry the day's
        // cumulative volume; the first one only sets the baseline).
        var instrument = InstrumentId.From(FeedKind.Kite, host.Instruments[0].Token);
        long open = 0, high = long.MinValue, low = long.MaxValue, close = 0, volume = 0, lastCumulative = -1;
        foreach (MarketEvent e in sent)
        {
            if (e.Header.Kind != EventKind.Tick || e.Header.Instrument != instrument || (e.Tick.Fields & TickFields.LastPrice) == 0)
            {
                continue;
            }

            open = open == 0 ? e.Tick.LastPrice : open;
            high = Math.Max(high, e.Tick.LastPrice);
            low = Math.Min(low, e.Tick.LastPrice);
            close = e.Tick.LastPrice;
            if ((e.Tick.Fields & TickFields.CumulativeVolume) != 0)
            {
                volume += lastCumulative < 0 ? 0 : e.Tick.CumulativeVolume - lastCumulative;
                lastCumulative = e.Tick.CumulativeVolume;
            }
        }

        Assert.True(high > low);
        string expected = string.Create(CultureInfo.InvariantCulture, $"{open / 100m:0.00} {high / 100m:0.00} {low / 100m:0.00} {close / 100m:0.00} {volume}");
        JsonElement bar = default;
        string answer = "";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            using JsonDocument bars = await GetJson(host, $"api/bars?instrument={host.FirstId}&timeframe=1d");
            answer = bars.RootElement.GetRawText();
            if (bars.RootElement.GetArrayLength() > 0)
            {
                bar = bars.RootElement[bars.RootElement.GetArrayLength() - 1].Clone();
                string actual = $"{bar.GetProperty("open").GetRawText()} {bar.GetProperty("high").GetRawText()} {bar.GetProperty("low").GetRawText()} {bar.GetProperty("close").GetRawText()} {bar.GetProperty("volume").GetRawText()}";
                if (actual == expected)
                {
                    break;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"the day bar never became {expected} (open high low close volume); last answer: {answer}");
            await Task.Delay(50);
        }
        Assert.False(bar.GetProperty("closed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, bar.GetProperty("seq").ValueKind);
    }

    [Fact]
    public async Task A_database_that_goes_down_answers_503_with_retry_after_while_live_endpoints_keep_working()
    {
        using var cluster = PostgresClusterFixture.StartPrivateCluster("api-down");
        cluster.CreateDatabase("api");
        await using var host = await ApiTestHost.StartAsync(cluster.GetConnectionString("api"));
        using (var ok = await host.Http.GetAsync($"api/ticks?instrument={host.FirstId}"))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        cluster.Stop();
        using var down = await host.Http.GetAsync($"api/ticks?instrument={host.FirstId}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("application/problem+json", down.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(5), down.Headers.RetryAfter?.Delta);
        using var instruments = await host.Http.GetAsync("api/instruments");
        Assert.Equal(HttpStatusCode.OK, instruments.StatusCode);
        Assert.Equal(1, host.Host.Api.Counters.Unavailable);
    }

    [Fact]
    public async Task Journal_only_hosts_answer_history_with_503_and_serve_instruments()
    {
        await using var host = await ApiTestHost.StartAsync(connectionString: null, configure: o => o.Database.ConnectionString = null);
        using var response = await host.Http.GetAsync($"api/bars?instrument={host.FirstId}");
        if (Environment.GetEnvironmentVariable("DATABASE_URL") is null)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains("journal-only", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using JsonDocument one = await GetJson(host, "api/instruments/RELIANCE");
        Assert.Equal(host.FirstId, one.RootElement.GetProperty("id").GetString());
    }

    internal static async Task<JsonDocument> GetJson(ApiTestHost host, string path)
    {
        using var response = await host.Http.GetAsync(path);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body);
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static async Task<T> WaitFor<T>(Func<T?> condition)
        where T : class
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (condition() is { } value)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, "condition not met within 30 s");
            await Task.Delay(20);
        }
    }

    private static async Task WaitFor(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 30 s");
            await Task.Delay(50);
        }
    }
}
