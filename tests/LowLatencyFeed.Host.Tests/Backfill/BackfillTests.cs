using System.Globalization;
using LowLatencyFeed.Brokers.History;
using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Host.Backfill;
using LowLatencyFeed.Host.Cli;
using LowLatencyFeed.Host.Commands;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Simulator.Rest;
using LowLatencyFeed.Storage.Schema;
using LowLatencyFeed.TestSupport.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LowLatencyFeed.Host.Tests.Backfill;

/// <summary>
/// <c>llfeed backfill</c> and <see cref="BackfillRunner"/> against the simulator's candle routes and a real PostgreSQL:
/// every bar equals the candle the simulator drew, a re-run changes nothing, only incomplete live bars are replaced,
/// 429 and bad candles slow down or shrink the backfill without failing it, and an interrupted run resumes.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class BackfillTests : IAsyncLifetime
{
    private static readonly SimulatedInstrument s_reliance = new(408065, 150_000, PriceDecimals: 2, TickSize: 5, Feed: FeedKind.Kite);
    private static readonly SimulatedInstrument s_hdfc = new(1333, 180_000, PriceDecimals: 2, TickSize: 5, Feed: FeedKind.Dhan, Segment: "NSE_EQ");
    private static readonly SimulatedInstrument s_tata = new(884737, 95_000, PriceDecimals: 2, TickSize: 5, Feed: FeedKind.Kite);
    private static readonly SimulatedInstrument s_btc = new(77, 6_500_000, PriceDecimals: 2, TickSize: 1, Feed: FeedKind.Binance, Symbol: "BTCUSDT", QuantityDecimals: 5, LotSize: 100);

    // Monday 2026-03-02 09:15 IST.
    private static readonly DateTimeOffset s_open = new(2026, 3, 2, 3, 45, 0, TimeSpan.Zero);
    private static readonly long s_relianceId = InstrumentId.From(FeedKind.Kite, 408065).Value;

    private readonly PostgresClusterFixture _postgres;
    private readonly string _directory = Directory.CreateTempSubdirectory("llfeed-backfill-").FullName;
    private readonly HashSet<long> _highBelowLow = [];
    private SimulatorServer? _sim;
    private string _database = "";

    public BackfillTests(PostgresClusterFixture postgres) => _postgres = postgres;

    private SimulatorServer Sim => _sim!;

    public async Task InitializeAsync()
    {
        _database = _postgres.CreateDatabase("backfill");
        new Migrator(_database, new MigratorOptions()).Migrate();
        _highBelowLow.Add(s_open.AddDays(7).AddMinutes(5).ToUnixTimeSeconds());
        _sim = await SimulatorServer.StartAsync(
            new SimulatorOptions
            {
                Instruments = [s_reliance, s_hdfc, s_btc, s_tata],
                HistoricalCandles = new SimulatedHistoricalCandles { Instruments = [s_reliance, s_hdfc, s_btc, s_tata], RequestsPerSecond = new Dictionary<string, int>(), HighBelowLowAt = _highBelowLow },
            },
            NullLoggerFactory.Instance,
            CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Sim.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_cli_fills_every_session_minute_once_and_running_it_again_changes_nothing()
    {
        string config = WriteConfig();
        string[] args = ["backfill", "--config", config, "--instrument", "RELIANCE", "--timeframe", "1m", "--from", "2026-03-02T00:00:00Z", "--to", "2026-03-04T00:00:00Z"];
        var first = new StringWriter();
        Assert.Equal(0, await Run(args, first));
        Assert.Contains("750 candles: 750 inserted, 0 replaced incomplete live bars, 0 kept as stored, 0 rejected", first.ToString(), StringComparison.Ordinal);

        // Every bar is the candle the simulator drew (Monday and Tuesday, 375 session minutes each).
        List<long> starts = [.. SessionMinutes(s_open), .. SessionMinutes(s_open.AddDays(1))];
        Assert.Equal(starts.Select(start => Expected(s_reliance, start, 60)), Rows($"WHERE instrument_id = {s_relianceId} ORDER BY time"));
        string snapshot = Snapshot();

        // The same run again: the progress row says it is done, nothing is fetched.
        var again = new StringWriter();
        Assert.Equal(0, await Run(args, again));
        Assert.Contains("0 chunks, 0 requests", again.ToString(), StringComparison.Ordinal);

        // Without the progress row every candle is fetched again, and every one is kept as stored.
        Execute("DELETE FROM llfeed.backfill_progress");
        var refetched = new StringWriter();
        Assert.Equal(0, await Run(args, refetched));
        Assert.Contains("750 candles: 0 inserted, 0 replaced incomplete live bars, 750 kept as stored", refetched.ToString(), StringComparison.Ordinal);
        Assert.Equal(snapshot, Snapshot());
    }

    [Fact]
    public async Task The_cli_backfills_an_instrument_subscribed_at_runtime_as_the_host_keeps_it()
    {
        string config = WriteConfig();
        string[] args = ["backfill", "--config", config, "--instrument", "Kite:884737", "--timeframe", "1m", "--from", "2026-03-02T00:00:00Z", "--to", "2026-03-03T00:00:00Z"];
        var unknown = await Assert.ThrowsAsync<CommandLineException>(() => Run(args, new StringWriter()));
        Assert.Contains("none subscribed it at runtime", unknown.Message, StringComparison.Ordinal);

        // Not configured: subscribed through POST /api/feeds/kite/subscriptions, which keeps it in llfeed.feed_subscriptions.
        var store = new LowLatencyFeed.Host.Subscriptions.DatabaseSubscriptionStore(_database, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["kite"] = "kite" });
        await store.SaveAsync([new LowLatencyFeed.Host.Subscriptions.PersistedSubscription("kite", s_tata.Token, "", "", SubscriptionMode.Full, 2, 0, Subscribed: true)], CancellationToken.None);
        var output = new StringWriter();
        Assert.Equal(0, await Run(args, output));
        Assert.Contains("375 candles: 375 inserted", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(SessionMinutes(s_open).Select(start => Expected(s_tata, start, 60)), Rows($"WHERE instrument_id = {InstrumentId.From(FeedKind.Kite, s_tata.Token).Value} ORDER BY time"));
    }

    [Fact]
    public async Task Only_live_bars_flagged_gap_affected_or_partial_are_replaced_by_the_brokers_bar()
    {
        // Live bars at 09:15 (complete), 09:16 (gap-affected), 09:17 (partial), 09:18 (flat: complete).
        string d = "2026-03-02";
        PartitionMaintainer.Maintain(_database, s_open);
        Execute(
            $"""
            INSERT INTO llfeed.bars VALUES ('{d}T03:45:00Z', {s_relianceId}, 60, 5, 1, 2, 1, 2, 10, 15, 1.5, 3, 0);
            INSERT INTO llfeed.bars VALUES ('{d}T03:46:00Z', {s_relianceId}, 60, 6, 1, 2, 1, 2, 10, 15, 1.5, 3, 1);
            INSERT INTO llfeed.bars VALUES ('{d}T03:47:00Z', {s_relianceId}, 60, 7, 1, 2, 1, 2, 10, 15, 1.5, 3, 8);
            INSERT INTO llfeed.bars VALUES ('{d}T03:48:00Z', {s_relianceId}, 60, 8, 2, 2, 2, 2, 0, 0, NULL, 0, 2);
            """);
        using var clients = Clients();
        BackfillResult result = await new BackfillRunner(clients, _database).RunAsync(Request(s_reliance, BrokerKind.Kite, 60, s_open, s_open.AddMinutes(10)), CancellationToken.None);

        Assert.Equal((6L, 2L, 2L), (result.Inserted, result.Replaced, result.Kept));
        List<string> rows = Rows($"WHERE instrument_id = {s_relianceId} ORDER BY time");
        Assert.Equal("live|5|1|2|1|2|10|0", rows[0]);
        Assert.Equal(Expected(s_reliance, s_open.AddMinutes(1).ToUnixTimeSeconds(), 60), rows[1]);
        Assert.Equal(Expected(s_reliance, s_open.AddMinutes(2).ToUnixTimeSeconds(), 60), rows[2]);
        Assert.Equal("live|8|2|2|2|2|0|2", rows[3]);
        Assert.Equal(SessionMinutes(s_open).Take(10).Skip(4).Select(start => Expected(s_reliance, start, 60)), rows.Skip(4));
    }

    [Fact]
    public async Task Rate_limited_requests_slow_the_backfill_and_a_bad_candle_is_rejected_and_counted()
    {
        using var clients = Clients(dhanRate: 100);

        // 200 days of Dhan 1-minute candles: three requests of at most 90 days; the broker answers 429 to the first four
        // tries, each waited out (Retry-After or backoff) and tried again.
        Sim.HistoricalCandles.RejectNext("dhan", 4);
        DateTimeOffset from = s_open.AddDays(-100);
        DateTimeOffset to = s_open.AddDays(100);
        BackfillResult result = await new BackfillRunner(clients, _database).RunAsync(Request(s_hdfc, BrokerKind.Dhan, 60, from, to), CancellationToken.None);

        Assert.Equal(3, result.Chunks);
        Assert.Equal(4, Sim.HistoricalCandles.RateLimited("dhan"));
        Assert.Equal(4, result.RateLimited);
        Assert.Equal(7, result.Requests);
        Assert.Equal(1, result.Rejected);
        Assert.Equal(1, clients.Dhan.RejectedHighBelowLow);
        long id = InstrumentId.From(FeedKind.Dhan, 1333).Value;
        long rows = Scalar<long>($"SELECT count(*) FROM llfeed.bars WHERE instrument_id = {id}");
        Assert.Equal(result.Candles, rows);
        Assert.Equal(0L, Scalar<long>($"SELECT count(*) FROM llfeed.bars WHERE instrument_id = {id} AND time = to_timestamp({_highBelowLow.Single()})"));
        Assert.Equal(1L, Scalar<long>("SELECT candles_rejected FROM llfeed.backfill_progress WHERE broker = 'dhan'"));
        Assert.Equal(rows, Scalar<long>("SELECT bars_written FROM llfeed.backfill_progress WHERE broker = 'dhan'"));
    }

    [Fact]
    public async Task An_interrupted_backfill_resumes_after_its_last_committed_chunk()
    {
        using var clients = Clients();
        DateTimeOffset from = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        BackfillRequest request = Request(s_btc, BrokerKind.Binance, 60, from, from.AddMinutes(2500));
        using var crash = new CancellationTokenSource();
        var interrupted = new BackfillRunner(clients, _database) { ChunkCommitted = _ => crash.Cancel() };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => interrupted.RunAsync(request, crash.Token));
        long id = InstrumentId.From(FeedKind.Binance, 77).Value;
        Assert.Equal(1000L, Scalar<long>($"SELECT count(*) FROM llfeed.bars WHERE instrument_id = {id}"));
        int served = Sim.HistoricalCandles.Served("binance");

        BackfillResult resumed = await new BackfillRunner(clients, _database).RunAsync(request, CancellationToken.None);

        Assert.Equal(from.AddMinutes(1000), resumed.StartedAt);
        Assert.Equal((2, 1500L, 0L), (resumed.Chunks, resumed.Inserted, resumed.Kept));
        Assert.Equal(served + 2, Sim.HistoricalCandles.Served("binance"));
        List<string> rows = Rows($"WHERE instrument_id = {id} ORDER BY time");
        Assert.Equal(Enumerable.Range(0, 2500).Select(i => Expected(s_btc, from.AddMinutes(i).ToUnixTimeSeconds(), 60)), rows);
        Assert.Equal(from.AddMinutes(2500), Scalar<DateTime>("SELECT done_through FROM llfeed.backfill_progress WHERE broker = 'binance'"));
    }

    [Fact]
    public async Task Bad_arguments_are_usage_errors_and_a_range_beyond_the_brokers_history_says_where_it_starts()
    {
        string config = WriteConfig();
        await Assert.ThrowsAsync<CommandLineException>(() => Run(["backfill", "--config", config, "--from", "2026-03-02T00:00:00Z"], new StringWriter()));
        await Assert.ThrowsAsync<CommandLineException>(() => Run(["backfill", "--config", config, "--instrument", "Kite:1", "--from", "2026-03-02T00:00:00Z"], new StringWriter()));
        await Assert.ThrowsAsync<CommandLineException>(() => Run(["backfill", "--config", config, "--instrument", "RELIANCE", "--from", "yesterday"], new StringWriter()));
        await Assert.ThrowsAsync<CommandLineException>(() => Run(["backfill", "--config", config, "--instrument", "RELIANCE", "--timeframe", "7x", "--from", "2026-03-02T00:00:00Z"], new StringWriter()));

        var early = new StringWriter();
        Assert.Equal(2, await Run(["backfill", "--config", config, "--instrument", "Kite:408065", "--from", "2014-06-02T00:00:00Z", "--to", "2014-06-03T00:00:00Z"], early));
        Assert.Contains("Kite keeps 60 s candles back to 2014-12-31 18:30 UTC", early.ToString(), StringComparison.Ordinal);

        var straddles = new StringWriter();
        Assert.Equal(2, await Run(["backfill", "--config", config, "--instrument", "RELIANCE", "--timeframe", "30m", "--from", "2026-03-02T00:00:00Z", "--to", "2026-03-03T00:00:00Z"], straddles));
        Assert.Contains("start at 09:15 IST", straddles.ToString(), StringComparison.Ordinal);
        Assert.Equal(0L, Scalar<long>("SELECT count(*) FROM llfeed.bars"));
    }

    private static Task<int> Run(string[] args, TextWriter output) =>
        BackfillCommand.RunAsync(CommandLine.Parse(args, new HashSet<string>(), new HashSet<string>()), output, CancellationToken.None);

    private static BackfillRequest Request(SimulatedInstrument instrument, BrokerKind broker, int timeframe, DateTimeOffset from, DateTimeOffset to) =>
        new(new HistoryInstrument(broker, instrument.Token, instrument.Symbol, instrument.Segment, instrument.PriceDecimals, instrument.QuantityDecimals), InstrumentId.From(instrument.Feed, instrument.Token).Value, timeframe, from, to);

    /// <summary>Session minute starts of one day (09:15 … 15:29 IST).</summary>
    private static IEnumerable<long> SessionMinutes(DateTimeOffset open) => Enumerable.Range(0, 375).Select(i => open.AddMinutes(i).ToUnixTimeSeconds());

    /// <summary>A backfilled row as <see cref="Rows"/> renders it: source, seq, open, high, low, close, volume, flags.</summary>
    private static string Expected(SimulatedInstrument instrument, long start, int timeframe)
    {
        SimulatedCandle c = SimulatedHistoricalCandles.Candle(instrument, start, timeframe);
        string P(long mantissa) => (mantissa / (decimal)Math.Pow(10, instrument.PriceDecimals)).ToString("0.############", CultureInfo.InvariantCulture);
        string volume = (c.Volume / (decimal)Math.Pow(10, instrument.QuantityDecimals)).ToString("0.############", CultureInfo.InvariantCulture);
        return $"backfill|0|{P(c.Open)}|{P(c.High)}|{P(c.Low)}|{P(c.Close)}|{volume}|0";
    }

    private List<string> Rows(string where)
    {
        using var connection = new NpgsqlConnection(_database);
        connection.Open();
        using var command = new NpgsqlCommand($"SELECT source, seq, open, high, low, close, volume, flags FROM llfeed.bars {where}", connection);
        using NpgsqlDataReader reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            string D(int i) => reader.GetDecimal(i).ToString("0.############", CultureInfo.InvariantCulture);
            rows.Add($"{reader.GetString(0)}|{reader.GetInt64(1)}|{D(2)}|{D(3)}|{D(4)}|{D(5)}|{D(6)}|{reader.GetInt32(7)}");
        }

        return rows;
    }

    private string Snapshot() => Scalar<string>("SELECT string_agg(b::text, E'\\n' ORDER BY instrument_id, timeframe_seconds, time) FROM llfeed.bars b");

    private T Scalar<T>(string sql)
    {
        using var connection = new NpgsqlConnection(_database);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return (T)command.ExecuteScalar()!;
    }

    private void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(_database);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private HistoricalClients Clients(double dhanRate = 100) => new(BackfillSection(dhanRate));

    private BackfillOptions BackfillSection(double dhanRate = 100)
    {
        string root = Sim.HttpBaseUri.ToString();
        return new BackfillOptions
        {
            KiteRestUrl = root + "rest/kite/",
            DhanRestUrl = root + "rest/dhan/",
            BinanceRestUrl = root + "rest/binance/",
            KiteRequestsPerSecond = 100,
            DhanRequestsPerSecond = dhanRate,
            BinanceRequestsPerSecond = 100,
            InitialBackoffMilliseconds = 100,
        };
    }

    private string WriteConfig()
    {
        string root = Sim.HttpBaseUri.ToString();
        string path = Path.Combine(_directory, "llfeed.json");
        File.WriteAllText(path, $$"""
            { "DataDirectory": "{{_directory}}",
              "Database": { "ConnectionString": "{{_database}}", "PrivateCluster": false },
              "Feeds": [
                { "Name": "kite", "Protocol": "kite", "Url": "ws://127.0.0.1:9/kite",
                  "Instruments": [ { "Token": 408065, "Symbol": "RELIANCE", "PriceDecimals": 2 } ] } ],
              "Backfill": { "KiteRestUrl": "{{root}}rest/kite/", "KiteRequestsPerSecond": 100, "InitialBackoffMilliseconds": 100 } }
            """);
        return path;
    }
}
