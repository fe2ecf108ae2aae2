using LowLatencyFeed.Bus.Consuming;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Bus.Tests.Support;

/// <summary>In-process feed and consumer hosts: the real engine, configured as <c>llfeed run</c> would configure it.</summary>
internal static class EngineHosts
{
    /// <summary>Kite instruments with tokens from <paramref name="firstToken"/> (disjoint sets for sharding tests).</summary>
    public static IReadOnlyList<SimulatedInstrument> Instruments(int count, long firstToken)
    {
        var instruments = new List<SimulatedInstrument>();
        for (int i = 0; i < count; i++)
        {
            instruments.Add(new SimulatedInstrument(((firstToken + i) << 8) | 1, 10_000 + (i * 1357), PriceDecimals: 2, TickSize: 5, Feed: FeedKind.Kite, LotSize: 1 + (i % 3)));
        }

        return instruments;
    }

    public static FeedHostOptions FeedHostOptions(string directory, string host, string natsUrl, Uri feedUri, IReadOnlyList<SimulatedInstrument> instruments)
    {
        var feed = new FeedOptions { Name = "kite-" + host, Protocol = "kite", Url = feedUri.ToString() };
        foreach (var instrument in instruments)
        {
            feed.Instruments.Add(new InstrumentOptions { Token = instrument.Token, Mode = SubscriptionMode.Full });
        }

        var options = new FeedHostOptions { DataDirectory = directory, Feeds = [feed], ClockIntervalMilliseconds = 50 };
        options.Journal.MaxBlockLatencyMilliseconds = 5;
        options.Bus.Enabled = true;
        options.Bus.Url = natsUrl;
        options.Bus.Host = host;
        options.Bus.AckTimeoutSeconds = 2;
        return options;
    }

    public static FeedEngine StartFeedHost(FeedHostOptions options, Microsoft.Extensions.Logging.ILoggerFactory? logs = null)
    {
        logs ??= NullLoggerFactory.Instance;
        var engine = new FeedEngine(EngineSettings.From(options), slabs => FeedFactory.Create(options, slabs, logs), logs);
        engine.Start();
        return engine;
    }

    public static FeedHostOptions ConsumerOptions(string directory, string natsUrl, string durable, IEnumerable<string> hosts, int shardCount = 1, int shardIndex = 0)
    {
        var options = new FeedHostOptions { DataDirectory = directory };
        options.Journal.MaxBlockLatencyMilliseconds = 5;
        options.Database.MaxBatchAgeMilliseconds = 50;
        options.Source.Type = "jetstream";
        options.Source.Url = natsUrl;
        options.Source.Durable = durable;
        options.Source.Hosts = [.. hosts];
        options.Source.ShardCount = shardCount;
        options.Source.ShardIndex = shardIndex;
        return options;
    }

    public static FeedEngine StartConsumerHost(FeedHostOptions options, string connectionString, Microsoft.Extensions.Logging.ILoggerFactory? logs = null)
    {
        logs ??= NullLoggerFactory.Instance;
        Assert.Empty(FeedHostOptionsValidator.Validate(options, requireFeeds: true));
        LowLatencyFeed.Storage.StorageService.Migrate(connectionString);
        var engine = new FeedEngine(
            EngineSettings.From(options),
            slabs => [new JetStreamFeedRunner(options.Source.ToSourceOptions(new SecretResolver(null)), slabs, logs)],
            logs,
            connectionString);
        engine.Start();
        return engine;
    }

    public static JetStreamSource Source(FeedEngine consumer) => ((JetStreamFeedRunner)consumer.Feeds[0]).Source;

    /// <summary>A simulator that sends <paramref name="messages"/> messages and remembers the events it sent.</summary>
    public static Task<SimulatorServer> SimulatorAsync(IReadOnlyList<SimulatedInstrument> instruments, long messages, double rate = 3000) =>
        SimulatorServer.StartAsync(new SimulatorOptions { Instruments = instruments, MessagesPerSecond = rate, MaxMessages = messages, CaptureSentEvents = true, StartTimeUnixNs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000 }, NullLoggerFactory.Instance, CancellationToken.None);

    /// <summary>Waits until the simulator sent everything and the engine's feeds decoded every event of it.</summary>
    public static async Task WaitForFeedAsync(SimulatorServer simulator, long messages, FeedEngine feed)
    {
        long sent = 0;
        await Wait.UntilAsync(
            () =>
            {
                if (simulator.Connections.Count == 0 || simulator.Connections.Sum(c => c.MessagesSent) < messages)
                {
                    return false;
                }

                sent = simulator.Connections.Sum(c => (long)c.GetSentEvents().Length);
                return feed.Feeds.Sum(f => f.Diagnostics.Events) >= sent;
            },
            TimeSpan.FromSeconds(60),
            () => $"simulator sent {simulator.Connections.Sum(c => c.MessagesSent)} of {messages} messages; feed decoded {feed.Feeds.Sum(f => f.Diagnostics.Events)} of {sent} events");
    }
}
