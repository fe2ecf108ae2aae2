using System.Globalization;
using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Host.Backfill;
using LowLatencyFeed.Host.Commands;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Simulator.Rest;
using LowLatencyFeed.Storage.Schema;
using LowLatencyFeed.TestSupport.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LowLatencyFeed.Host.Tests.Backfill;

/// <summary><c>Backfill:Enabled</c> in a running host: today's session at start, then the gap-affected live bars.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AutoBackfillTests
{
    private readonly PostgresClusterFixture _postgres;

    public AutoBackfillTests(PostgresClusterFixture postgres) => _postgres = postgres;

    [Fact]
    public async Task A_host_fills_todays_session_at_start_and_replaces_gap_affected_live_bars_with_the_brokers()
    {
        string database = _postgres.CreateDatabase("autobackfill");
        new Migrator(database, new MigratorOptions()).Migrate();
        var instruments = DemoInstruments.Create(3);
        SimulatedInstrument first = instruments[0];
        long id = InstrumentId.From(FeedKind.Kite, first.Token).Value;

        // The last weekday 10:00 IST at least an hour ago: a gap-affected live bar there and a complete one a minute later.
        DateTimeOffset now = DateTimeOffset.UtcNow;
        var ist = TimeSpan.FromMinutes(330);
        var gap = new DateTimeOffset(now.ToOffset(ist).Date.AddHours(10), ist);
        while (gap > now.AddHours(-1) || gap.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            gap = gap.AddDays(-1);
        }

        PartitionMaintainer.Maintain(database, gap.ToUniversalTime().AddDays(-1));
        string t = gap.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        string t1 = gap.ToUniversalTime().AddMinutes(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        Execute(database, $"""
            INSERT INTO llfeed.bars VALUES ('{t}', {id}, 60, 3, 1, 2, 1, 2, 10, 15, 1.5, 3, 1);
            INSERT INTO llfeed.bars VALUES ('{t1}', {id}, 60, 4, 1, 2, 1, 2, 10, 15, 1.5, 3, 0);
            """);

        await using var simulator = await SimulatorServer.StartAsync(
            new SimulatorOptions { Instruments = instruments, MaxMessages = 200, HistoricalCandles = new SimulatedHistoricalCandles { RequestsPerSecond = new Dictionary<string, int>() } },
            NullLoggerFactory.Instance,
            CancellationToken.None);
        string directory = Directory.CreateTempSubdirectory("llfeed-autobackfill-").FullName;
        var feed = new FeedOptions { Name = "kite-sim", Protocol = "kite", Url = simulator.GetFeedUri(FeedKind.Kite).ToString(), StaleTimeoutSeconds = 60 };
        foreach (SimulatedInstrument instrument in instruments)
        {
            feed.Instruments.Add(new InstrumentOptions { Token = instrument.Token, Mode = SubscriptionMode.Full, PriceDecimals = instrument.PriceDecimals });
        }

        string root = simulator.HttpBaseUri.ToString();
        var options = new FeedHostOptions
        {
            DataDirectory = directory,
            MetricsUrl = "http://127.0.0.1:0",
            Feeds = [feed],
            Database = new DatabaseOptions { ConnectionString = database, PrivateCluster = false },
            Backfill = new BackfillOptions { Enabled = true, Timeframe = "1m", GapPollSeconds = 1, GapLookbackHours = 7 * 24, KiteRestUrl = root + "rest/kite/", KiteRequestsPerSecond = 100 },
        };
        try
        {
            await using (FeedHost host = await FeedHost.StartAsync(options, (factory, slabs) => FeedFactory.Create(options, slabs, factory), []))
            {
                AutoBackfillService service = host.Backfill ?? throw new InvalidOperationException("Backfill:Enabled started no service");
                await service.StartupPass.WaitAsync(TimeSpan.FromSeconds(60));

                // Start of day: every instrument's progress covers today's IST session day up to about now.
                DateTimeOffset dayStart = AutoBackfillService.SessionDayStart(BrokerKind.Kite, now);
                Assert.Equal(3L, Scalar<long>(database, $"SELECT count(*) FROM llfeed.backfill_progress WHERE broker = 'kite' AND from_time <= '{dayStart.UtcDateTime:O}'::timestamptz AND done_through >= '{now.UtcDateTime:O}'::timestamptz"));

                // The gap pass replaces the gap-affected bar with the broker's; the complete live bar stays.
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (Scalar<string>(database, $"SELECT source FROM llfeed.bars WHERE instrument_id = {id} AND timeframe_seconds = 60 AND time = '{t}'") != "backfill")
                {
                    Assert.True(DateTime.UtcNow < deadline, $"the gap-affected bar was not replaced (runs {service.Runs}, failures {service.Failures})");
                    await Task.Delay(100);
                }

                SimulatedCandle candle = SimulatedHistoricalCandles.Candle(first, gap.ToUnixTimeSeconds(), 60);
                decimal scale = (decimal)Math.Pow(10, first.PriceDecimals);
                Assert.Equal(candle.Close / scale, Scalar<decimal>(database, $"SELECT close FROM llfeed.bars WHERE instrument_id = {id} AND timeframe_seconds = 60 AND time = '{t}'"));
                Assert.Equal("live", Scalar<string>(database, $"SELECT source FROM llfeed.bars WHERE instrument_id = {id} AND timeframe_seconds = 60 AND time = '{t1}'"));
                Assert.Equal(0, service.Failures);

                // A gap repair neither resumes nor moves the day's resume points.
                Assert.Equal(3L, Scalar<long>(database, $"SELECT count(*) FROM llfeed.backfill_progress WHERE broker = 'kite' AND from_time <= '{dayStart.UtcDateTime:O}'::timestamptz"));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task An_instrument_subscribed_at_runtime_is_filled_from_its_session_days_start_like_a_configured_one()
    {
        string database = _postgres.CreateDatabase("autobackfillruntime");
        new Migrator(database, new MigratorOptions()).Migrate();
        var instruments = DemoInstruments.Create(3);
        SimulatedInstrument added = instruments[2];
        long addedId = InstrumentId.From(FeedKind.Kite, added.Token).Value;
        await using var simulator = await SimulatorServer.StartAsync(
            new SimulatorOptions { Instruments = instruments, MaxMessages = 200, HistoricalCandles = new SimulatedHistoricalCandles { RequestsPerSecond = new Dictionary<string, int>() } },
            NullLoggerFactory.Instance,
            CancellationToken.None);
        string directory = Directory.CreateTempSubdirectory("llfeed-autobackfill-").FullName;
        var feed = new FeedOptions { Name = "kite-sim", Protocol = "kite", Url = simulator.GetFeedUri(FeedKind.Kite).ToString(), StaleTimeoutSeconds = 60 };
        foreach (SimulatedInstrument instrument in instruments.Take(2))
        {
            feed.Instruments.Add(new InstrumentOptions { Token = instrument.Token, Mode = SubscriptionMode.Full, PriceDecimals = instrument.PriceDecimals });
        }

        string root = simulator.HttpBaseUri.ToString();
        var options = new FeedHostOptions
        {
            DataDirectory = directory,
            MetricsUrl = "http://127.0.0.1:0",
            Feeds = [feed],
            Database = new DatabaseOptions { ConnectionString = database, PrivateCluster = false },
            Backfill = new BackfillOptions { Enabled = true, Timeframe = "1m", GapPollSeconds = 3600, KiteRestUrl = root + "rest/kite/", KiteRequestsPerSecond = 100 },
        };
        options.Api.Keys.Add(new ApiKeyOptions { Name = "ops", Key = "operate-key", Role = "operate" });
        try
        {
            await using FeedHost host = await FeedHost.StartAsync(options, (factory, slabs) => FeedFactory.Create(options, slabs, factory), []);
            AutoBackfillService service = host.Backfill ?? throw new InvalidOperationException("Backfill:Enabled started no service");
            await service.StartupPass.WaitAsync(TimeSpan.FromSeconds(60));
            string progress = $"SELECT count(*) FROM llfeed.backfill_progress WHERE instrument_id = {addedId}";
            Assert.Equal(0L, Scalar<long>(database, progress));

            using var http = new HttpClient { BaseAddress = new Uri(host.ApiAddress) };
            string body = $$"""{"instruments": [{"token": {{added.Token}}, "mode": "Full", "priceDecimals": {{added.PriceDecimals}}}]}""";
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/feeds/kite-sim/subscriptions")
            {
                Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "operate-key");
            using HttpResponseMessage response = await http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

            // Filled from the start of today's IST session day up to about now, as the configured ones were at start.
            DateTimeOffset subscribedAt = DateTimeOffset.UtcNow;
            DateTimeOffset dayStart = AutoBackfillService.SessionDayStart(BrokerKind.Kite, subscribedAt);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            string covered = progress + $" AND broker = 'kite' AND from_time <= '{dayStart.UtcDateTime:O}'::timestamptz AND done_through >= '{subscribedAt.AddMinutes(-1).UtcDateTime:O}'::timestamptz";
            while (Scalar<long>(database, covered) != 1)
            {
                Assert.True(DateTime.UtcNow < deadline, $"the runtime-subscribed instrument was not filled (runs {service.Runs}, failures {service.Failures})");
                await Task.Delay(100);
            }

            Assert.Equal(1, service.RuntimeSubscriptionsFilled);
            Assert.Equal(0, service.Failures);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static T Scalar<T>(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return (T)command.ExecuteScalar()!;
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
