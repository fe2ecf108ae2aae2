using LowLatencyFeed.Bus.Format;
using LowLatencyFeed.Bus.Tests.Support;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.TestSupport.Nats;
using LowLatencyFeed.TestSupport.Postgres;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Bus.Tests;

/// <summary>One nats-server: feed host → JetStream → consumer host → PostgreSQL.</summary>
[Collection(BusCollection.Name)]
public sealed class SingleServerTests : IDisposable
{
    private readonly PostgresClusterFixture _postgres;
    private readonly string _directory = Directory.CreateTempSubdirectory("llfeed-bus-").FullName;

    public SingleServerTests(PostgresClusterFixture postgres) => _postgres = postgres;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_consumer_hosts_database_equals_the_feed_hosts_journal_value_by_value()
    {
        using var nats = NatsServerProcess.StartStandalone();
        var log = new TestLog();
        const int messages = 1500;
        var instruments = EngineHosts.Instruments(6, 2000);
        await using var simulator = await EngineHosts.SimulatorAsync(instruments, messages);

        string feedDirectory = Path.Combine(_directory, "feed");
        var feedOptions = EngineHosts.FeedHostOptions(feedDirectory, "feed-a", nats.Url, simulator.GetFeedUri(FeedKind.Kite), instruments);
        var feed = EngineHosts.StartFeedHost(feedOptions, log);
        string database = _postgres.CreateDatabase("bus");
        var consumer = EngineHosts.StartConsumerHost(EngineHosts.ConsumerOptions(Path.Combine(_directory, "consumer"), nats.Url, "storage-1", ["feed-a"]), database, log);
        try
        {
            await EngineHosts.WaitForFeedAsync(simulator, messages, feed);
            Assert.True(await feed.StopAsync(TimeSpan.FromSeconds(30)), log.Text);
            long last = feed.Journal.LastSequence;
            Assert.Equal(last, feed.Bus!.Publisher.Statistics.Acknowledged);
            var source = EngineHosts.Source(consumer);
            await Wait.UntilAsync(() => source.Streams.Count == 1 && source.Streams[0].SourceSequence == last, TimeSpan.FromSeconds(60), () => $"consumer at source sequence {source.Streams.FirstOrDefault()?.SourceSequence} of {last}\n{log.Text}");
        }
        finally
        {
            await feed.DisposeAsync();
            Assert.True(await consumer.StopAsync(TimeSpan.FromSeconds(30)), log.Text);
            await consumer.DisposeAsync();
        }

        // The stream: every journal event once, in order, as the journal has it.
        var journal = JournalContents.Read(Path.Combine(feedDirectory, "journal"));
        var stream = await StreamContents.ReadAsync(nats.Url, BusSubjects.StreamOf("feed-a"));
        Assert.Equal(journal, stream.Events);
        Assert.Equal(stream.MessageIds.Count, stream.MessageIds.Distinct().Count());
        Assert.Contains("llfeed.feed-a.kite.tick", stream.Subjects);
        Assert.Contains("llfeed.feed-a.engine.clock", stream.Subjects);

        // The consumer's database: every market row of the feed host's journal, every column, in order.
        var expected = DatabaseContents.Expected(JournalContents.Market(Path.Combine(feedDirectory, "journal")));
        Assert.True(expected["ticks"].Count > 1000 && expected["depth"].Count > 1000);
        DatabaseContents.AssertEqual(expected, await DatabaseContents.ReadAsync(database));

        // The consumer's journal replays the feed host's events (plus its batch markers), so both compute the same bars.
        var mirrored = JournalContents.Read(Path.Combine(_directory, "consumer", "journal")).Select(e => e.Text).Where(t => !t.Contains("|BusBatch|", StringComparison.Ordinal)).ToList();
        Assert.Equal(journal.Select(e => e.Text).ToList(), mirrored);
    }
}
