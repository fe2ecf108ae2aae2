using LowLatencyFeed.Bus.Format;
using LowLatencyFeed.Bus.Tests.Support;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.TestSupport.Nats;
using LowLatencyFeed.TestSupport.Postgres;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace LowLatencyFeed.Bus.Tests;

/// <summary>A 3-node JetStream cluster on loopback with R3 streams.</summary>
[Collection(BusCollection.Name)]
public sealed class ClusterTests : IDisposable
{
    private readonly PostgresClusterFixture _postgres;
    private readonly string _directory = Directory.CreateTempSubdirectory("llfeed-bus-cluster-").FullName;

    public ClusterTests(PostgresClusterFixture postgres) => _postgres = postgres;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Killing_the_stream_leader_mid_run_loses_and_duplicates_nothing_and_publishing_continues()
    {
        var servers = NatsServerProcess.StartCluster(3);
        try
        {
            string urls = string.Join(",", servers.Select(s => s.Url));
            await Wait.UntilAsync(() => JetStreamReadyAsync(servers[0].Url), TimeSpan.FromSeconds(60), () => "the cluster's JetStream meta leader\n" + servers[0].Log);
            var log = new TestLog();
            const int messages = 2500;
            var instruments = EngineHosts.Instruments(5, 5000);
            await using var simulator = await EngineHosts.SimulatorAsync(instruments, messages, rate: 1000);
            string feedData = Path.Combine(_directory, "feed");
            var options = EngineHosts.FeedHostOptions(feedData, "replicated", urls, simulator.GetFeedUri(FeedKind.Kite), instruments);
            options.Bus.Replicas = 3;
            var feed = EngineHosts.StartFeedHost(options, log);
            string database = _postgres.CreateDatabase("cluster");
            var consumer = EngineHosts.StartConsumerHost(EngineHosts.ConsumerOptions(Path.Combine(_directory, "consumer"), urls, "storage-r3", ["replicated"]), database, log);
            string stream = BusSubjects.StreamOf("replicated");
            try
            {
                // Mid-run: kill the server leading the stream.
                string? leader = null;
                await Wait.UntilAsync(
                    async () =>
                    {
                        (long count, leader) = await StateAsync(servers[0].Url, stream);
                        return count > 100 && leader is not null;
                    },
                    TimeSpan.FromSeconds(90),
                    () => "an R3 stream with messages\n" + log.Text);
                var killed = servers.Single(s => s.Name == leader);
                killed.Kill();
                var survivor = servers.First(s => s.IsRunning);
                long atKill = (await StateAsync(survivor.Url, stream)).Count;

                // Publishing continues on the new leader.
                await Wait.UntilAsync(async () => (await StateAsync(survivor.Url, stream)).Count > atKill + 50, TimeSpan.FromSeconds(90), () => "publishing after the leader died\n" + log.Text);
                await EngineHosts.WaitForFeedAsync(simulator, messages, feed);
                await Scenario.StopFeedHostAsync(feed, log);
                await Scenario.DrainConsumerAsync(consumer, new Dictionary<string, long> { [stream] = feed.Journal.LastSequence }, log);

                var journal = JournalContents.Read(Path.Combine(feedData, "journal"));
                var contents = await StreamContents.ReadAsync(survivor.Url, stream);
                Assert.Equal(journal, contents.Events);
                Assert.Equal(contents.MessageIds.Count, contents.MessageIds.Distinct().Count());
                DatabaseContents.AssertEqual(DatabaseContents.Expected(JournalContents.Market(Path.Combine(feedData, "journal"))), await DatabaseContents.ReadAsync(database));
            }
            finally
            {
                await feed.DisposeAsync();
                await consumer.DisposeAsync();
            }
        }
        finally
        {
            foreach (var server in servers)
            {
                server.Dispose();
            }
        }
    }

    private static async Task<bool> JetStreamReadyAsync(string url)
    {
        await using var connection = new NatsConnection(new NatsOpts { Url = url });
        try
        {
            await new NatsJSContext(connection).GetAccountInfoAsync();
            return true;
        }
        catch (Exception exception) when (exception is NatsJSException or NatsException or TimeoutException)
        {
            return false;
        }
    }

    private static async Task<(long Count, string? Leader)> StateAsync(string url, string stream)
    {
        await using var connection = new NatsConnection(new NatsOpts { Url = url });
        try
        {
            var info = await new NatsJSContext(connection).GetStreamAsync(stream);
            return (info.Info.State.Messages, info.Info.Cluster?.Leader);
        }
        catch (NatsJSException)
        {
            return (0, null);
        }
    }
}
