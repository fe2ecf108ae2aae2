using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Masters;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Simulator.Rest;
using LowLatencyFeed.Storage.Schema;
using LowLatencyFeed.TestSupport;
using LowLatencyFeed.TestSupport.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LowLatencyFeed.Host.Tests;

/// <summary>
/// The host's instrument masters over real HTTP against the simulator: download at start, names resolved through
/// them, the daily download driven by a manual clock (no sleeping), a failed day keeping yesterday's master as a
/// health warning, an expired contract reported after the re-resolve, and every published day in
/// <c>llfeed.instrument_master</c>.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class InstrumentMasterServiceTests
{
    // Friday 2026-01-02 08:30 IST.
    private static readonly DateTimeOffset s_start = new(2026, 1, 2, 3, 0, 0, TimeSpan.Zero);
    private readonly PostgresClusterFixture _pg;

    public InstrumentMasterServiceTests(PostgresClusterFixture pg) => _pg = pg;

    [Fact]
    public async Task Daily_download_keeps_yesterday_on_failure_reports_an_expired_contract_and_stores_each_day()
    {
        var rest = new SimulatedBrokerRest { ExtraRows = 30 };
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { HttpEndpoints = [rest] }, NullLoggerFactory.Instance, CancellationToken.None);
        string data = Directory.CreateTempSubdirectory("llfeed-masters-").FullName;
        string cs = _pg.CreateDatabase("masters");
        new Migrator(cs).Migrate();
        FeedHostOptions options = Options(simulator, data, "NSE:INFY", "NFO:NIFTY26JANFUT", "NSE:NIFTY 50");
        var clock = new ManualClock(s_start);
        try
        {
            await using var masters = new InstrumentMasterService(options, cs, NullLogger.Instance, clock);
            await masters.StartAsync(CancellationToken.None);

            // Names resolved through the downloaded masters (Kite/README.md §12 rows of the simulator).
            List<InstrumentOptions> kite = options.Feeds[0].Instruments;
            Assert.Equal([408065L, 12073986L, 256265L], kite.Select(i => i.Token));
            Assert.All(kite, i => Assert.Equal((byte)2, i.PriceDecimals));
            Assert.Equal("btcusdt", options.Feeds[1].Instruments[0].Symbol);
            Assert.Equal((byte)2, options.Feeds[1].Instruments[0].PriceDecimals); // tickSize 0.01 (Binance/README.md §10)
            Assert.Equal(new DateOnly(2026, 1, 2), masters.Current(BrokerKind.Kite)!.ValidOn);
            Assert.Empty(masters.Warnings());
            int kiteRows = masters.Current(BrokerKind.Kite)!.Instruments.Count;
            Assert.Equal((long)kiteRows, Scalar<long>(cs, "SELECT count(*) FROM llfeed.instrument_master WHERE broker = 'Kite' AND valid_on = '2026-01-02'"));
            Assert.Equal("0.0025", Scalar<string>(cs, "SELECT tick_size::text FROM llfeed.instrument_master WHERE broker = 'Kite' AND symbol = 'USDINR26JANFUT'"));
            Assert.Equal(1L, Scalar<long>(cs, "SELECT count(*) FROM llfeed.instrument_master WHERE broker = 'Binance' AND broker_key = 'BTCUSDT'"));

            // Saturday 08:00 IST: Kite answers 500; Binance still publishes.
            rest.SetFault("kite", SimulatedMasterFault.ServerError);
            await WaitAsync(() => clock.PendingTimers == 1);
            clock.AdvanceTo(new DateTimeOffset(2026, 1, 3, 2, 30, 0, TimeSpan.Zero));
            await WaitAsync(() => masters.Counters.Published(BrokerKind.Binance) == 2);
            Assert.Equal(1, masters.Counters.DownloadFailures(BrokerKind.Kite));
            Assert.True(masters.IsStale(BrokerKind.Kite));
            Assert.Equal(new DateOnly(2026, 1, 2), masters.Current(BrokerKind.Kite)!.ValidOn);
            string warning = Assert.Single(masters.Warnings());
            Assert.Contains("Kite instrument master download", warning, StringComparison.Ordinal);
            Assert.Contains("keeping the master of 2026-01-02", warning, StringComparison.Ordinal);
            Assert.Equal(0L, Scalar<long>(cs, "SELECT count(*) FROM llfeed.instrument_master WHERE broker = 'Kite' AND valid_on = '2026-01-03'"));

            // A changed header is bad input, counted apart from download failures.
            rest.SetFault("kite", SimulatedMasterFault.ChangedHeader);
            await WaitAsync(() => clock.PendingTimers == 1);
            clock.AdvanceTo(new DateTimeOffset(2026, 1, 4, 2, 30, 0, TimeSpan.Zero));
            await WaitAsync(() => masters.Counters.Published(BrokerKind.Binance) == 3);
            Assert.Equal(1, masters.Counters.FormatFailures(BrokerKind.Kite));
            Assert.Contains("field 'tick_size'", Assert.Single(masters.Warnings()), StringComparison.Ordinal);

            // The day after the January expiry: the master is today's again, and the future is reported, not dropped.
            rest.SetFault("kite", SimulatedMasterFault.None);
            await WaitAsync(() => clock.PendingTimers == 1);
            clock.AdvanceTo(new DateTimeOffset(2026, 1, 28, 2, 30, 0, TimeSpan.Zero));
            await WaitAsync(() => masters.Counters.ResolveReports(BrokerKind.Kite) == 1); // the re-resolve follows the publish
            Assert.Equal(2, masters.Counters.Published(BrokerKind.Kite));
            Assert.False(masters.IsStale(BrokerKind.Kite));
            string expired = Assert.Single(masters.Warnings());
            Assert.Equal("feed kite: 'NFO:NIFTY26JANFUT' (token 12073986) expired on 2026-01-27; subscribe to a current contract", expired);
            Assert.Equal(12073986, kite[1].Token); // still subscribed: the operator decides
            Assert.Equal(
                "2026-01-28,2026-01-02",
                Scalar<string>(cs, "SELECT string_agg(DISTINCT valid_on::text, ',' ORDER BY valid_on::text DESC) FROM llfeed.instrument_master WHERE broker = 'Kite'"));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_name_missing_from_the_downloaded_master_stops_the_start_naming_it()
    {
        var rest = new SimulatedBrokerRest { ExtraRows = 5 };
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { HttpEndpoints = [rest] }, NullLoggerFactory.Instance, CancellationToken.None);
        string data = Directory.CreateTempSubdirectory("llfeed-masters-").FullName;
        FeedHostOptions options = Options(simulator, data, "NSE:INFY", "NSE:NOSUCH");
        options.Feeds[0].Instruments[0].PriceDecimals = 4;
        try
        {
            await using var masters = new InstrumentMasterService(options, null, NullLogger.Instance, new ManualClock(s_start));
            var error = await Assert.ThrowsAsync<ConfigurationException>(() => masters.StartAsync(CancellationToken.None));

            Assert.Contains("Feeds:0:Instruments:0:Name 'NSE:INFY': PriceDecimals 4 contradicts the master, which gives 2 (tick 0.05)", error.Message, StringComparison.Ordinal);
            Assert.Contains("Feeds:0:Instruments:1:Name 'NSE:NOSUCH': no such instrument in the Kite master of 2026-01-02", error.Message, StringComparison.Ordinal);
            Assert.Equal(["2026-01-02"], Directory.GetDirectories(Path.Combine(data, "instruments", "kite")).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_failed_download_at_start_without_a_cache_names_the_download_error()
    {
        var rest = new SimulatedBrokerRest { ExtraRows = 5 };
        rest.SetFault("kite", SimulatedMasterFault.TokenExpired);
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { HttpEndpoints = [rest] }, NullLoggerFactory.Instance, CancellationToken.None);
        string data = Directory.CreateTempSubdirectory("llfeed-masters-").FullName;
        FeedHostOptions options = Options(simulator, data, "NSE:INFY");
        try
        {
            await using var masters = new InstrumentMasterService(options, null, NullLogger.Instance, new ManualClock(s_start));
            var error = await Assert.ThrowsAsync<ConfigurationException>(() => masters.StartAsync(CancellationToken.None));

            Assert.Contains("Feeds:0:Instruments:0:Name 'NSE:INFY': no Kite instrument master is cached", error.Message, StringComparison.Ordinal);
            Assert.Contains("Kite instrument master download from", error.Message, StringComparison.Ordinal);
            Assert.Contains("llfeed login kite", error.Message, StringComparison.Ordinal); // BrokerErrors: an expired Kite token
            Assert.Contains("no earlier master is cached", error.Message, StringComparison.Ordinal);
            Assert.Equal(1, masters.Counters.DownloadFailures(BrokerKind.Kite));
            Assert.Equal(1, masters.Counters.Published(BrokerKind.Binance)); // the other broker is unaffected
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Without_sync_on_start_the_cached_master_is_used_and_an_unreadable_cache_is_a_warning()
    {
        string data = Directory.CreateTempSubdirectory("llfeed-masters-").FullName;
        string day = Path.Combine(data, "instruments", "kite", "2026-01-01");
        Directory.CreateDirectory(day);
        await File.WriteAllTextAsync(Path.Combine(day, "instruments.csv"), "instrument_token,exchange_token,tradingsymbol\n408065,1594,INFY\n");
        var options = new FeedHostOptions { DataDirectory = data, Feeds = [new FeedOptions { Name = "kite", Protocol = "kite", Url = "ws://127.0.0.1:1/" }] };
        try
        {
            await using var masters = new InstrumentMasterService(options, null, NullLogger.Instance, new ManualClock(s_start));
            await masters.StartAsync(CancellationToken.None);

            Assert.Null(masters.Current(BrokerKind.Kite));
            Assert.Equal(1, masters.Counters.FormatFailures(BrokerKind.Kite));
            Assert.Contains("the cached Kite master is unreadable", Assert.Single(masters.Warnings()), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static FeedHostOptions Options(SimulatorServer simulator, string data, params string[] kiteNames)
    {
        string root = simulator.HttpBaseUri.ToString();
        var kite = new FeedOptions { Name = "kite", Protocol = "kite", Url = "ws://127.0.0.1:1/kite" };
        foreach (string name in kiteNames)
        {
            kite.Instruments.Add(new InstrumentOptions { Name = name });
        }

        var binance = new FeedOptions { Name = "binance", Protocol = "binance", Url = "ws://127.0.0.1:1/binance", Instruments = [new InstrumentOptions { Name = "BINANCE:BTCUSDT" }] };
        return new FeedHostOptions
        {
            DataDirectory = data,
            Feeds = [kite, binance],
            InstrumentMasters = new()
            {
                KiteRestUrl = root + "rest/kite/",
                DhanMasterUrl = root + "rest/dhan/api-scrip-master.csv",
                KotakRestUrl = root + "rest/kotak/",
                BinanceRestUrl = root + "rest/binance/",
                SyncOnStart = true,
                DailySyncAt = "08:00",
            },
        };
    }

    private static T Scalar<T>(string cs, string sql)
    {
        using var connection = new NpgsqlConnection(cs);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return (T)command.ExecuteScalar()!;
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 60 s");
            await Task.Delay(20);
        }
    }
}
