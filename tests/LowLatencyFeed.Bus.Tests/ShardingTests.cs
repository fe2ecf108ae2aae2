using LowLatencyFeed.Bus.Consuming;
using LowLatencyFeed.Bus.Format;
using LowLatencyFeed.Bus.Tests.Support;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.TestSupport.Nats;
using LowLatencyFeed.TestSupport.Postgres;
using Npgsql;

namespace LowLatencyFeed.Bus.Tests;

/// <summary>Two feed hosts with disjoint instruments, two consumer hosts with disjoint shards.</summary>
[Collection(BusCollection.Name)]
public sealed class ShardingTests : IDisposable
{
    private readonly PostgresClusterFixture _postgres;
    private readonly string _directory = Directory.CreateTempSubdirectory("llfeed-bus-shards-").FullName;

    public ShardingTests(PostgresClusterFixture postgres) => _postgres = postgres;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_union_of_the_shards_databases_equals_the_union_of_the_feed_hosts_journals()
    {
        using var nats = NatsServerProcess.StartStandalone();
        var log = new TestLog();
        const int messages = 1200;
        var instrumentsX = EngineHosts.Instruments(6, 6000);
        var instrumentsY = EngineHosts.Instruments(6, 7000);
        await using var simulatorX = await EngineHosts.SimulatorAsync(instrumentsX, messages);
        await using var simulatorY = await EngineHosts.SimulatorAsync(instrumentsY, messages);
        string dataX = Path.Combine(_directory, "x");
        string dataY = Path.Combine(_directory, "y");
        var feedX = EngineHosts.StartFeedHost(EngineHosts.FeedHostOptions(dataX, "feed-x", nats.Url, simulatorX.GetFeedUri(FeedKind.Kite), instrumentsX), log);
        var feedY = EngineHosts.StartFeedHost(EngineHosts.FeedHostOptions(dataY, "feed-y", nats.Url, simulatorY.GetFeedUri(FeedKind.Kite), instrumentsY), log);
        string database0 = _postgres.CreateDatabase("shard");
        string database1 = _postgres.CreateDatabase("shard");
        var shard0 = EngineHosts.StartConsumerHost(EngineHosts.ConsumerOptions(Path.Combine(_directory, "s0"), nats.Url, "shard-0", ["feed-x", "feed-y"], 2, 0), database0, log);
        var shard1 = EngineHosts.StartConsumerHost(EngineHosts.ConsumerOptions(Path.Combine(_directory, "s1"), nats.Url, "shard-1", ["feed-x", "feed-y"], 2, 1), database1, log);
        try
        {
            await EngineHosts.WaitForFeedAsync(simulatorX, messages, feedX);
            await EngineHosts.WaitForFeedAsync(simulatorY, messages, feedY);
            await Scenario.StopFeedHostAsync(feedX, log);
            await Scenario.StopFeedHostAsync(feedY, log);
            var last = new Dictionary<string, long> { [BusSubjects.StreamOf("feed-x")] = feedX.Journal.LastSequence, [BusSubjects.StreamOf("feed-y")] = feedY.Journal.LastSequence };
            await Scenario.DrainConsumerAsync(shard0, last, log);
            await Scenario.DrainConsumerAsync(shard1, last, log);
        }
        finally
        {
            await feedX.DisposeAsync();
            await feedY.DisposeAsync();
            await shard0.DisposeAsync();
            await shard1.DisposeAsync();
        }

        var journals = JournalContents.Market(Path.Combine(dataX, "journal")).Concat(JournalContents.Market(Path.Combine(dataY, "journal")));
        var expected = DatabaseContents.Expected(journals);
        var rows0 = await DatabaseContents.ReadAsync(database0);
        var rows1 = await DatabaseContents.ReadAsync(database1);
        var union = rows0.ToDictionary(t => t.Key, t => t.Value.Concat(rows1[t.Key]).ToList());
        DatabaseContents.AssertEqual(expected, union, ordered: false);

        // Each shard holds only its instruments, and both shards hold some.
        var instruments0 = await InstrumentsAsync(database0);
        var instruments1 = await InstrumentsAsync(database1);
        Assert.NotEmpty(instruments0);
        Assert.NotEmpty(instruments1);
        Assert.All(instruments0, id => Assert.Equal(0, InstrumentFilter.ShardOf(id, 2)));
        Assert.All(instruments1, id => Assert.Equal(1, InstrumentFilter.ShardOf(id, 2)));
    }

    private static async Task<List<long>> InstrumentsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT DISTINCT instrument_id FROM llfeed.ticks UNION SELECT DISTINCT instrument_id FROM llfeed.depth_levels_200", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<long>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }
}
