using LowLatencyFeed.Host.Cli;
using LowLatencyFeed.Host.Commands;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Simulator.Rest;
using LowLatencyFeed.TestSupport.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LowLatencyFeed.Host.Tests;

/// <summary><c>llfeed instruments sync</c> with a database configured: the day's master goes to <c>llfeed.instrument_master</c> too.</summary>
[Collection(PostgresCollection.Name)]
public sealed class InstrumentsSyncDatabaseTests
{
    private static readonly HashSet<string> s_twoWordVerbs = new(StringComparer.Ordinal) { "instruments" };
    private readonly PostgresClusterFixture _pg;

    public InstrumentsSyncDatabaseTests(PostgresClusterFixture pg) => _pg = pg;

    [Fact]
    public async Task Sync_stores_each_published_master_in_the_database_as_well_as_the_cache()
    {
        string cs = _pg.CreateDatabase("sync");
        var rest = new SimulatedBrokerRest { ExtraRows = 50 };
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { HttpEndpoints = [rest] }, NullLoggerFactory.Instance, CancellationToken.None);
        string data = Path.Combine(Path.GetTempPath(), "llfeed-sync-db-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        try
        {
            string config = WriteConfig(data, simulator, cs);
            var output = new StringWriter();
            Assert.Equal(0, await Run(["instruments", "sync", "--broker", "kite,dhan", "--config", config, "--day", "2026-01-02"], output));
            Assert.Contains("Kite: 61 instruments for 2026-01-02", output.ToString());
            Assert.Contains("Kite: 61 rows in llfeed.instrument_master for 2026-01-02", output.ToString());
            Assert.Contains("rows in llfeed.instrument_master for 2026-01-02", output.ToString().Split('\n').Single(l => l.StartsWith("Dhan:", StringComparison.Ordinal) && l.Contains("rows", StringComparison.Ordinal)));

            Assert.Equal(61L, await Scalar<long>(cs, "SELECT count(*) FROM llfeed.instrument_master WHERE broker = 'Kite' AND valid_on = '2026-01-02'"));
            Assert.Equal(1L, await Scalar<long>(cs, "SELECT count(*) FROM llfeed.instrument_master WHERE broker = 'Kite' AND exchange = 'NFO' AND symbol = 'NIFTY26JANFUT'"));
            Assert.Equal(1L, await Scalar<long>(cs, "SELECT count(*) FROM llfeed.instrument_master WHERE broker = 'Dhan' AND broker_key = 'NSE_FNO|35001'"));
            Assert.True(File.Exists(Path.Combine(data, "instruments", "kite", "2026-01-02", "instruments.csv")) || Directory.Exists(Path.Combine(data, "instruments", "kite", "2026-01-02")));

            // The same day again replaces it whole: no duplicates.
            Assert.Equal(0, await Run(["instruments", "sync", "--broker", "kite", "--config", config, "--day", "2026-01-02"], new StringWriter()));
            Assert.Equal(61L, await Scalar<long>(cs, "SELECT count(*) FROM llfeed.instrument_master WHERE broker = 'Kite'"));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_database_that_cannot_be_reached_keeps_the_cache_and_says_so()
    {
        var rest = new SimulatedBrokerRest { ExtraRows = 0 };
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { HttpEndpoints = [rest] }, NullLoggerFactory.Instance, CancellationToken.None);
        string data = Path.Combine(Path.GetTempPath(), "llfeed-sync-nodb-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        try
        {
            using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            probe.Start();
            int closedPort = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            string config = WriteConfig(data, simulator, $"Host=127.0.0.1;Port={closedPort};Username=llfeed;Database=llfeed");
            var output = new StringWriter();
            Assert.Equal(1, await Run(["instruments", "sync", "--broker", "kite", "--config", config, "--day", "2026-01-02"], output));
            Assert.Contains("Kite: 11 instruments for 2026-01-02", output.ToString());
            Assert.Contains("Kite: WARNING the master of 2026-01-02 is in the cache but not in llfeed.instrument_master", output.ToString());

            var show = new StringWriter();
            Assert.Equal(0, await Run(["instruments", "show", "NFO:NIFTY26JANFUT", "--data-dir", data], show));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static string WriteConfig(string data, SimulatorServer simulator, string connectionString)
    {
        string root = simulator.HttpBaseUri.ToString();
        string config = Path.Combine(data, "llfeed.json");
        File.WriteAllText(config, $$"""
            { "DataDirectory": "{{data}}", "Database": { "ConnectionString": "{{connectionString}}" },
              "InstrumentMasters": { "KiteRestUrl": "{{root}}rest/kite/", "DhanMasterUrl": "{{root}}rest/dhan/api-scrip-master.csv",
                                     "KotakRestUrl": "{{root}}rest/kotak/", "BinanceRestUrl": "{{root}}rest/binance/" } }
            """);
        return config;
    }

    private static async Task<T> Scalar<T>(string cs, string sql)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static Task<int> Run(string[] args, TextWriter output) =>
        InstrumentsCommand.RunAsync(CommandLine.Parse(args, s_twoWordVerbs, new HashSet<string>()), output, CancellationToken.None);
}
