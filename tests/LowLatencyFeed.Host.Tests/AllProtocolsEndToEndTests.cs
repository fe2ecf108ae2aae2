using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Host.Tests;

/// <summary>Every broker protocol through the real host wiring: simulator → WebSocket → FeedFactory sessions → engine.</summary>
public sealed class AllProtocolsEndToEndTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("llfeed-all-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_protocol_streams_into_the_engine_and_survives_dropped_connections(bool injectFaults)
    {
        const int messagesPerConnection = 600;
        await using var simulator = await SimulatorServer.StartAsync(
            new SimulatorOptions
            {
                MessagesPerSecond = 4000,
                MaxMessages = injectFaults ? 0 : messagesPerConnection,
                DropConnectionEveryMessages = injectFaults ? 200 : 0,
            },
            NullLoggerFactory.Instance,
            CancellationToken.None);

        var options = new FeedHostOptions { DataDirectory = _directory, ClockIntervalMilliseconds = 50 };
        foreach (var feed in simulator.Feeds)
        {
            options.Feeds.Add(FeedFor(simulator, feed));
        }

        Assert.Equal(6, options.Feeds.Count);
        Assert.Empty(FeedHostOptionsValidator.Validate(options, requireFeeds: true));

        var engine = new FeedEngine(EngineSettings.From(options), slabs => FeedFactory.Create(options, slabs, NullLoggerFactory.Instance), NullLoggerFactory.Instance);
        engine.Start();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        while (DateTime.UtcNow < deadline && !Satisfied(engine, injectFaults, messagesPerConnection))
        {
            await Task.Delay(50);
        }

        Assert.True(await engine.StopAsync(TimeSpan.FromSeconds(20)));
        foreach (var feed in engine.Feeds)
        {
            Assert.True(feed.Diagnostics.Events > 0, $"{feed.Name} published no events");
            Assert.True(feed.Diagnostics.TotalErrors == 0, $"{feed.Name}: {feed.Diagnostics.LastMessage}");
            if (injectFaults)
            {
                Assert.True(feed.Reconnects >= 1, $"{feed.Name} never reconnected");
            }
        }

        Assert.True(engine.Books.SamplesEmitted > 0);
        foreach (var stage in engine.Stages)
        {
            Assert.Equal(0, stage.Lag());
        }
    }

    private static bool Satisfied(FeedEngine engine, bool injectFaults, int messages)
    {
        foreach (var feed in engine.Feeds)
        {
            if (injectFaults ? feed.Reconnects < 2 : feed.Diagnostics.Messages == 0)
            {
                return false;
            }
        }

        return injectFaults || engine.Feeds.All(f => ((SessionFeedRunner)f).Session.Statistics.Messages > 0 && f.Diagnostics.Events >= messages / 10);
    }

    private static FeedOptions FeedFor(SimulatorServer simulator, ISimulatedFeed feed)
    {
        (string protocol, SubscriptionMode mode, int maxInstruments) = feed.Path switch
        {
            "/kite" => ("kite", SubscriptionMode.Full, 10),
            "/dhan" => ("dhan", SubscriptionMode.Full, 10),
            "/dhan/depth20" => ("dhan-depth20", SubscriptionMode.Depth20, 10),
            "/dhan/depth200" => ("dhan-depth200", SubscriptionMode.Depth200, 1),
            "/kotak" => ("kotak", SubscriptionMode.Full, 10),
            "/binance/stream" => ("binance", SubscriptionMode.Full, 10),
            _ => throw new InvalidOperationException("unexpected simulated feed " + feed.Path),
        };

        var options = new FeedOptions
        {
            Name = protocol,
            Protocol = protocol,
            Url = simulator.GetFeedUri(feed.Path).ToString(),
            RestUrl = new UriBuilder(simulator.BaseUri) { Scheme = "http" }.Uri.ToString(),
            User = "simulated-user",
            SessionToken = "simulated-session",
            StaleTimeoutSeconds = 30,
        };
        foreach (var instrument in feed.DefaultInstruments.Take(maxInstruments))
        {
            options.Instruments.Add(new InstrumentOptions
            {
                Token = instrument.Token,
                Symbol = instrument.Symbol,
                Segment = instrument.Segment,
                Mode = mode,
                PriceDecimals = instrument.PriceDecimals,
                QuantityDecimals = instrument.QuantityDecimals,
            });
        }

        return options;
    }
}
