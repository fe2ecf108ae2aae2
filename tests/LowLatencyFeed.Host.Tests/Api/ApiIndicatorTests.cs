using System.Globalization;
using System.Net;
using System.Text.Json;
using LowLatencyFeed.Client;
using LowLatencyFeed.Client.Streaming;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Host.Api;
using LowLatencyFeed.Host.Api.Models;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Books;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Processing.Indicators;
using LowLatencyFeed.Storage.CatchUp;
using LowLatencyFeed.Storage.Verification;
using LowLatencyFeed.TestSupport.Postgres;
using Npgsql;
using static LowLatencyFeed.Storage.Verification.DatabaseRows;

namespace LowLatencyFeed.Host.Tests.Api;

/// <summary><c>/api/indicators</c> (stored rows, the bar stage's latest values, errors) and the <c>indicators</c> stream channel.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ApiIndicatorTests
{
    private readonly PostgresClusterFixture _postgres;

    public ApiIndicatorTests(PostgresClusterFixture postgres) => _postgres = postgres;

    [Fact]
    public async Task Stored_indicator_rows_come_back_filtered_by_timeframe_and_name_in_json_and_csv()
    {
        string database = _postgres.CreateDatabase("apiind");
        await using var host = await ApiTestHost.StartAsync(database, configure: WithIndicators);
        long id = InstrumentId.From(FeedKind.Kite, host.Instruments[0].Token).Value;
        DateTimeOffset day = new(DateTime.UtcNow.Date.AddDays(-2), TimeSpan.Zero);
        LowLatencyFeed.Storage.Schema.PartitionMaintainer.Maintain(database, day);
        string d = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Execute(
            database,
            $"""
            INSERT INTO llfeed.indicators VALUES ('{d}T09:16:00Z', {id}, 60, 'rsi(14)', 31, NULL, 55.5, NULL, NULL, 0);
            INSERT INTO llfeed.indicators VALUES ('{d}T09:15:00Z', {id}, 60, 'sma(20)', 30, 101.125, 101.125, NULL, NULL, 1);
            INSERT INTO llfeed.indicators VALUES ('{d}T09:15:00Z', {id}, 60, 'macd(12,26,9)', 30, NULL, 0.25, 0.125, 0.125, 1);
            INSERT INTO llfeed.indicators VALUES ('{d}T09:15:00Z', {id}, 60, 'rsi(14)', 30, NULL, 48.25, NULL, NULL, 1);
            INSERT INTO llfeed.indicators VALUES ('{d}T09:15:00Z', {id}, 300, 'rsi(14)', 30, NULL, 1, NULL, NULL, 0);
            """);
        string range = $"from={d}T09:00:00Z&to={d}T10:00:00Z";

        using JsonDocument all = await ApiHistoryTests.GetJson(host, $"api/indicators?instrument={host.FirstId}&timeframe=1m&{range}");
        Assert.Equal(
            ["09:15:00 macd(12,26,9)", "09:15:00 rsi(14)", "09:15:00 sma(20)", "09:16:00 rsi(14)"],
            all.RootElement.EnumerateArray().Select(row => $"{row.GetProperty("time").GetString()![11..19]} {row.GetProperty("indicator").GetString()}"));
        JsonElement macd = all.RootElement[0];
        Assert.Equal(60, macd.GetProperty("timeframeSeconds").GetInt32());
        Assert.Equal(0.25, macd.GetProperty("value").GetDouble());
        Assert.Equal(0.125, macd.GetProperty("value2").GetDouble());
        Assert.Equal(JsonValueKind.Null, macd.GetProperty("exactValue").ValueKind);
        Assert.True(macd.GetProperty("stored").GetBoolean());
        Assert.Equal(30, macd.GetProperty("seq").GetInt64());
        JsonElement sma = all.RootElement[2];
        Assert.Equal("101.125", sma.GetProperty("exactValue").GetRawText());
        Assert.Equal(JsonValueKind.Null, sma.GetProperty("value2").ValueKind);
        Assert.Equal(1, sma.GetProperty("flags").GetInt32());

        // A bare name selects every parameter set of that indicator; a label exactly one.
        using JsonDocument rsi = await ApiHistoryTests.GetJson(host, $"api/indicators?instrument=RELIANCE&timeframe=1m&name=rsi&{range}");
        Assert.Equal([48.25, 55.5], rsi.RootElement.EnumerateArray().Select(row => row.GetProperty("value").GetDouble()));
        using JsonDocument label = await ApiHistoryTests.GetJson(host, $"api/indicators?instrument={host.FirstId}&timeframe=5m&name=rsi(14)&{range}");
        Assert.Equal(1.0, Assert.Single(label.RootElement.EnumerateArray()).GetProperty("value").GetDouble());

        // Without 'from': the newest 'limit' rows before 'to', oldest first.
        using JsonDocument newest = await ApiHistoryTests.GetJson(host, $"api/indicators?instrument={host.FirstId}&to={d}T10:00:00Z&limit=2");
        Assert.Equal(["sma(20)", "rsi(14)"], newest.RootElement.EnumerateArray().Select(row => row.GetProperty("indicator").GetString()));

        string csv = await host.Http.GetStringAsync($"api/indicators?instrument={host.FirstId}&timeframe=1m&name=macd&{range}&format=csv");
        string[] lines = csv.TrimEnd('\n').Split('\n');
        Assert.Equal("time,timeframeSeconds,indicator,value,value2,value3,exactValue,flags,stored,seq", lines[0]);
        Assert.Equal($"{d}T09:15:00.000000Z,60,\"macd(12,26,9)\",0.25,0.125,0.125,,1,true,30", lines[1]);
        Assert.Equal(2, lines.Length);
    }

    [Fact]
    public async Task Bad_indicator_queries_are_problems_naming_the_parameter()
    {
        string database = _postgres.CreateDatabase("apiind");
        await using var host = await ApiTestHost.StartAsync(database, configure: WithIndicators);
        foreach (var (query, status, parameter) in new[]
        {
            ($"instrument={host.FirstId}&name=foo", 400, "name"),
            ($"instrument={host.FirstId}&name=rsi%25", 400, "name"),
            ($"instrument={host.FirstId}&timeframe=7m", 400, "timeframe"),
            ("timeframe=1m", 400, "instrument"),
            ("instrument=Kite:1", 404, "instrument"),
            ($"instrument={host.FirstId}&from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", 400, "from"),
            ($"instrument={host.FirstId}&limit=0", 400, "limit"),
            ($"instrument={host.FirstId}&format=xml", 400, "format"),
        })
        {
            using HttpResponseMessage response = await host.Http.GetAsync($"api/indicators?{query}");
            string body = await response.Content.ReadAsStringAsync();
            Assert.True(status == (int)response.StatusCode, $"{query}: {(int)response.StatusCode} {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using JsonDocument problem = JsonDocument.Parse(body);
            Assert.Equal(parameter, problem.RootElement.GetProperty("parameter").GetString());
        }
    }

    [Fact]
    public void The_bar_stages_latest_value_completes_the_stored_rows_once()
    {
        TimeSpan minute = TimeSpan.FromMinutes(1);
        var engine = new IndicatorEngine(new IndicatorOptions { Indicators = [new(IndicatorKind.Sma, minute, 2), new(IndicatorKind.Rsi, minute, 2)] }, new DerivedEventBuffer(64));
        var board = new IndicatorBoard(engine.Specs);
        engine.AttachBoard(board);
        var instrument = InstrumentId.From(FeedKind.Kite, 408065);
        long start = DateTimeOffset.Parse("2026-03-02T09:15:00Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds() * 1_000_000L;
        long[] closes = [10000, 10200, 10100];
        for (int i = 0; i < closes.Length; i++)
        {
            var header = new DerivedHeader { Kind = DerivedEventKind.Bar, Instrument = instrument, PriceDecimals = 2, SourceSequence = 40 + i, Flags = i == 2 ? DerivedFlags.GapAffected : DerivedFlags.None };
            long barStart = start + (i * 60_000_000_000L);
            var bar = new BarValues { StartTimeNs = barStart, EndTimeNs = barStart + 60_000_000_000L, TimeframeNs = 60_000_000_000L, Open = closes[i], High = closes[i], Low = closes[i], Close = closes[i] };
            engine.OnBar(in header, in bar);
        }

        var info = new InstrumentInfo("Kite:408065", instrument.Value, "kite", "kite", 408065, null, null, "full", 2, 0);
        var range = new RangeRequest(info, DateTimeOffset.Parse("2026-03-02T09:00:00Z", CultureInfo.InvariantCulture), DateTimeOffset.Parse("2026-03-02T10:00:00Z", CultureInfo.InvariantCulture), Newest: true, Limit: 100, Csv: false);

        // Nothing stored yet: the latest value of each indicator (the 09:17 bar's) is added, not stored.
        var rows = new List<IndicatorRecord>();
        LiveIndicatorMerger.Merge(rows, board, range, minute, name: null);
        Assert.Equal(2, rows.Count);
        IndicatorRecord rsi = rows[0];
        IndicatorRecord sma = rows[1];
        Assert.Equal("rsi(2)", rsi.Indicator);
        Assert.Equal("sma(2)", sma.Indicator);
        Assert.Equal(DateTimeOffset.Parse("2026-03-02T09:17:00Z", CultureInfo.InvariantCulture), sma.Time);
        Assert.Equal(101.50m, sma.ExactValue); // (102.00 + 101.00) / 2
        Assert.False(sma.Stored);
        Assert.Equal(42, sma.Seq);
        Assert.Equal((int)DerivedFlags.GapAffected, sma.Flags);

        // Wilder RSI(2) seeded on the first two changes (+2, -1): avg gain 1, avg loss 0.5 → RS 2 → 66.67.
        Assert.Equal(100.0 - (100.0 / 3.0), rsi.Value, 9);

        // Stored already: nothing is added twice; a name filter and a range that ends before the bar keep it out.
        var stored = new List<IndicatorRecord> { sma with { Stored = true } };
        LiveIndicatorMerger.Merge(stored, board, range, minute, name: "sma");
        Assert.True(Assert.Single(stored).Stored);
        var early = new List<IndicatorRecord>();
        LiveIndicatorMerger.Merge(early, board, range with { To = sma.Time }, minute, name: null);
        Assert.Empty(early);
        var limited = new List<IndicatorRecord>();
        LiveIndicatorMerger.Merge(limited, board, range with { Limit = 1 }, minute, name: null);
        Assert.Equal("sma(2)", Assert.Single(limited).Indicator);
    }

    [Fact]
    public async Task The_api_and_the_indicators_channel_carry_the_values_replaying_the_journal_gives()
    {
        string database = _postgres.CreateDatabase("apiind");
        await using var host = await ApiTestHost.StartAsync(database, messages: 4000, deferSimulator: true, rate: 1000, configure: WithIndicators);
        using var api = new FeedApiClient(new Uri(host.Host.ApiAddress));
        Dictionary<string, long> ids = (await api.GetInstrumentsAsync()).ToDictionary(i => i.Id, i => i.InstrumentId);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await using FeedStream stream = await api.ConnectStreamAsync(timeout.Token);
        await stream.SubscribeAsync(["indicators"], cancellationToken: timeout.Token);
        await using IAsyncEnumerator<StreamMessage> messages = stream.ReadAllAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await messages.MoveNextAsync());
        Assert.Equal(["indicators"], Assert.IsType<SubscriptionMessage>(messages.Current).Derived);
        await host.StartSimulatorAsync();

        var got = new List<string>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        List<string>? expected = null;
        long bound = -1;
        long comparedThrough = -1;
        DateTime nextBound = DateTime.MinValue;
        while (expected is null || got.Count < expected.Count)
        {
            // Bars close by later ticks or, after the feed ends, by clock events: the bound moves on until the journal up
            // to it gives enough values to compare. A bound stays until the journal has reached it: moved on at every
            // turn, it could keep running ahead of the journal's writes, and once the values have all arrived only the
            // 5 s heartbeats turn this loop.
            if (expected is null && (bound < 0 || bound == comparedThrough) && DateTime.UtcNow > nextBound && host.AllSent(4000))
            {
                bound = host.Host.Engine.Ring.Cursor;
                nextBound = DateTime.UtcNow + TimeSpan.FromMilliseconds(500);
            }

            if (expected is null && bound >= 0 && bound != comparedThrough && host.Host.Engine.Journal.LastWrittenSequence >= bound)
            {
                comparedThrough = bound;
                List<string> rows = DatabaseVerifier.Expected(host.Host.Engine.Settings.JournalDirectory, Engines(host), bound)["indicators"];
                expected = rows.Count > 10 ? rows : null;
            }

            Assert.True(DateTime.UtcNow < deadline, $"received {got.Count} indicator messages, expected {expected?.Count}");
            Assert.True(await messages.MoveNextAsync(), "the stream closed");
            Assert.IsNotType<GapMessage>(messages.Current);
            Assert.IsNotType<UnknownMessage>(messages.Current);
            if (messages.Current is IndicatorMessage indicator)
            {
                got.Add(Row(indicator, ids));
            }
        }

        Assert.Equal(expected, got.Take(expected.Count));

        // The API: sma(2) of the first instrument at the last bar the stream sent it for (stored or still live).
        string[] lastSma = got.Last(row => row.Contains("|sma(2)|", StringComparison.Ordinal) && row.Split('|')[2] == ids[host.FirstId].ToString(CultureInfo.InvariantCulture)).Split('|');
        long toMillis = (long.Parse(lastSma[1], CultureInfo.InvariantCulture) / 1000) + 1;
        using JsonDocument newest = await ApiHistoryTests.GetJson(host, $"api/indicators?instrument={host.FirstId}&timeframe=1s&name=sma(2)&to={toMillis}&limit=1");
        JsonElement row = Assert.Single(newest.RootElement.EnumerateArray());
        Assert.Equal(lastSma[5], row.GetProperty("exactValue").GetDecimal().ToString("0.############################", CultureInfo.InvariantCulture));
        Assert.Equal(lastSma[0], row.GetProperty("seq").GetInt64().ToString(CultureInfo.InvariantCulture));
    }

    private static void WithIndicators(FeedHostOptions options) =>
        options.Processing.Indicators =
        [
            new IndicatorConfig { Timeframe = "1s", Name = "sma", Period = 2 },
            new IndicatorConfig { Timeframe = "1s", Name = "macd", Period = 2, SlowPeriod = 3, SignalPeriod = 2 },
            new IndicatorConfig { Timeframe = "1s", Name = "bollinger", Period = 3, Multiplier = 2 },
            new IndicatorConfig { Timeframe = "1m", Name = "rsi" },
        ];

    private static string Row(IndicatorMessage m, IReadOnlyDictionary<string, long> ids) => DatabaseRows.Row(
        m.Seq,
        StreamRows.Micros(m.Time),
        ids[m.Instrument!],
        m.TimeframeSeconds,
        m.Label,
        m.ExactValue,
        m.Value,
        m.Value2,
        m.Value3,
        m.Flags);

    private static DerivedEngineFactory Engines(ApiTestHost host)
    {
        var processing = host.Host.Engine.Settings.Processing;
        return (sink, slabs) =>
        [
            new BarBuilderHandler(processing.ToBarOptions(), IndicatorStageSink.Create(sink, processing.ToIndicatorOptions())),
            new BookBuilderHandler(processing.ToBookOptions(), processing.ToSignalOptions(), sink, slabs),
        ];
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
