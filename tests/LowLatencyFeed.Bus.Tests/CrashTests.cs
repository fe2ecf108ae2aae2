using LowLatencyFeed.Bus.Format;
using LowLatencyFeed.Bus.Tests.Support;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.TestSupport.Nats;
using LowLatencyFeed.TestSupport.Postgres;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Npgsql;

namespace LowLatencyFeed.Bus.Tests;

/// <summary>Hosts killed with SIGKILL mid-run and restarted: the stream, and the consumer's database, hold every event exactly once.</summary>
[Collection(BusCollection.Name)]
public sealed class CrashTests : IDisposable
{
    private readonly PostgresClusterFixture _postgres;
    private readonly string _directory = Directory.CreateTempSubdirectory("llfeed-bus-crash-").FullName;

    public CrashTests(PostgresClusterFixture postgres) => _postgres = postgres;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_feed_host_killed_mid_publish_and_restarted_leaves_every_event_in_the_stream_once()
    {
        using var nats = NatsServerProcess.StartStandalone();
        var instruments = EngineHosts.Instruments(5, 3000);
        await using var simulator = await EngineHosts.SimulatorAsync(instruments, messages: 0, rate: 2000);
        string data = Path.Combine(_directory, "feed");
        object config = HostProcess.FeedHostConfig(data, "crashy", nats.Url, simulator.GetFeedUri(FeedKind.Kite), instruments.Select(i => i.Token));
        string stream = BusSubjects.StreamOf("crashy");

        // Run 1: killed once the stream holds a good part of the run (publishing is going on at that moment).
        using (var first = HostProcess.Run(config, Path.Combine(_directory, "feed.json")))
        {
            await Wait.UntilAsync(async () => await MessagesAsync(nats.Url, stream) > 200, TimeSpan.FromSeconds(90), () => "stream messages > 200\n" + first.Output);
            first.Kill();
        }

        long afterCrash = await MessagesAsync(nats.Url, stream);

        // Run 2: same data directory: the journal recovers, the publisher reads the stream back and catches up.
        using (var second = HostProcess.Run(config, Path.Combine(_directory, "feed.json")))
        {
            await Wait.UntilAsync(async () => await MessagesAsync(nats.Url, stream) > afterCrash + 100, TimeSpan.FromSeconds(90), () => "publishing after the restart\n" + second.Output);
            await second.TerminateAsync();
            Assert.True(second.ExitCode == 0, second.Output);
        }

        var journal = JournalContents.Read(Path.Combine(data, "journal"));
        var contents = await StreamContents.ReadAsync(nats.Url, stream);
        Assert.True(journal.Count > 1000);
        Assert.Equal(journal.Count, contents.Events.Count);
        Assert.Equal(journal, contents.Events);
        Assert.Equal(contents.MessageIds.Count, contents.MessageIds.Distinct().Count());
    }

    [Fact]
    public async Task A_consumer_host_killed_and_restarted_stores_every_event_once()
    {
        using var nats = NatsServerProcess.StartStandalone();
        var log = new TestLog();
        const int messages = 4000;
        var instruments = EngineHosts.Instruments(5, 4000);
        await using var simulator = await EngineHosts.SimulatorAsync(instruments, messages, rate: 1000);
        string feedData = Path.Combine(_directory, "feed");
        var feed = EngineHosts.StartFeedHost(EngineHosts.FeedHostOptions(feedData, "steady", nats.Url, simulator.GetFeedUri(FeedKind.Kite), instruments), log);
        string database = _postgres.CreateDatabase("crash");
        LowLatencyFeed.Storage.StorageService.Migrate(database);
        object config = HostProcess.ConsumerConfig(Path.Combine(_directory, "consumer"), nats.Url, "storage-crash", ["steady"], database);
        try
        {
            using (var first = HostProcess.Run(config, Path.Combine(_directory, "consumer.json")))
            {
                await Wait.UntilAsync(async () => await CountAsync(database, "ticks") > 300, TimeSpan.FromSeconds(90), () => "consumer rows > 300\n" + first.Output);
                first.Kill();
            }

            await EngineHosts.WaitForFeedAsync(simulator, messages, feed);
            Assert.True(await feed.StopAsync(TimeSpan.FromSeconds(30)), log.Text);
        }
        finally
        {
            await feed.DisposeAsync();
        }

        var expected = DatabaseContents.Expected(JournalContents.Market(Path.Combine(feedData, "journal")));
        using (var second = HostProcess.Run(config, Path.Combine(_directory, "consumer.json")))
        {
            await Wait.UntilAsync(async () => await CountAsync(database, "ticks") >= expected["ticks"].Count && await CountAsync(database, "depth_levels_200") >= expected["depth"].Count, TimeSpan.FromSeconds(90), () => $"consumer caught up: ticks {CountAsync(database, "ticks").Result} of {expected["ticks"].Count}, depth {CountAsync(database, "depth_levels_200").Result} of {expected["depth"].Count}\n" + second.Output[^3000..]);
            await second.TerminateAsync();
            Assert.True(second.ExitCode == 0, second.Output);
        }

        DatabaseContents.AssertEqual(expected, await DatabaseContents.ReadAsync(database));
    }

    internal static async Task<long> MessagesAsync(string url, string stream)
    {
        await using var connection = new NatsConnection(new NatsOpts { Url = url });
        try
        {
            var info = await new NatsJSContext(connection).GetStreamAsync(stream);
            return info.Info.State.Messages;
        }
        catch (NatsJSApiException)
        {
            return 0;
        }
    }

    internal static async Task<long> CountAsync(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM llfeed.{table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
