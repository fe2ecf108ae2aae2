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

                // On top of the drops: corrupt extra messages and a link that fragments every longer message.
                GarbageEveryMessages = injectFaults ? 60 : 0,
                TruncateEveryMessages = injectFaults ? 90 : 0,
                FragmentBytes = injectFaults ? 128 : 0,
            },
            NullLoggerFactory.Instance,
            CancellationToken.None);

        FeedHostOptions options = HostOptionsFor(simulator);
        var engine = new FeedEngine(EngineSettings.From(options), slabs => FeedFactory.Create(options, slabs, NullLoggerFactory.Instance), NullLoggerFactory.Instance);
        engine.Start();
        await WaitAsync(() => Satisfied(engine, injectFaults, messagesPerConnection));
        Assert.True(await engine.StopAsync(TimeSpan.FromSeconds(20)));

        foreach (var feed in engine.Feeds)
        {
            Assert.True(feed.Diagnostics.Events > 0, $"{feed.Name} published no events");
            if (!injectFaults)
            {
                Assert.True(feed.Diagnostics.TotalErrors == 0, $"{feed.Name}: {feed.Diagnostics.LastMessage}");
                continue;
            }

            Assert.True(feed.Reconnects >= 1, $"{feed.Name} never reconnected");

            // A drop can swallow what was still in flight, so each reason counts at most what was injected; and the
            // corrupt messages are the only errors: the drops and the fragments cost none.
            (ParseErrorReason garbageReason, ParseErrorReason truncationReason) = ExpectedReasons(feed.Name);
            SimulatorConnection[] connections = ConnectionsOf(simulator, feed.Name);
            long garbage = connections.Sum(c => c.FaultsInjected(SimulatorFault.Garbage));
            long truncated = connections.Sum(c => c.FaultsInjected(SimulatorFault.Truncation));
            long garbageErrors = feed.Diagnostics.ErrorCount(garbageReason);
            long truncationErrors = garbageReason == truncationReason ? 0 : feed.Diagnostics.ErrorCount(truncationReason);
            Assert.True(feed.Diagnostics.TotalErrors == garbageErrors + truncationErrors, $"{feed.Name}: {feed.Diagnostics.LastMessage}");
            if (garbageReason == truncationReason)
            {
                Assert.InRange(garbageErrors, 1, garbage + truncated);
            }
            else
            {
                Assert.InRange(garbageErrors, 1, garbage);
                Assert.InRange(truncationErrors, 1, truncated);
            }

            Assert.True(connections.Sum(c => c.FaultsInjected(SimulatorFault.FragmentedMessage)) > 0, $"{feed.Name} sent no fragmented message");
        }

        Assert.True(engine.Books.SamplesEmitted > 0);
        foreach (var stage in engine.Stages)
        {
            Assert.Equal(0, stage.Lag());
        }
    }

    [Fact]
    public async Task Every_protocol_counts_each_corrupt_message_once_and_loses_no_event()
    {
        const int messages = 300;
        await using var simulator = await SimulatorServer.StartAsync(
            new SimulatorOptions
            {
                MessagesPerSecond = 4000,
                MaxMessages = messages,
                CaptureSentEvents = true,
                GarbageEveryMessages = 7,
                TruncateEveryMessages = 11,
                FragmentBytes = 128,
            },
            NullLoggerFactory.Instance,
            CancellationToken.None);

        FeedHostOptions options = HostOptionsFor(simulator);
        var engine = new FeedEngine(EngineSettings.From(options), slabs => FeedFactory.Create(options, slabs, NullLoggerFactory.Instance), NullLoggerFactory.Instance);
        engine.Start();
        await WaitAsync(() => engine.Feeds.All(feed => AllDelivered(simulator, feed, messages)));
        Assert.True(await engine.StopAsync(TimeSpan.FromSeconds(20)));

        foreach (var feed in engine.Feeds)
        {
            // One connection throughout: corrupt messages are counted and skipped, never a reason to reconnect.
            Assert.Equal(0, feed.Reconnects);
            SimulatorConnection connection = Assert.Single(ConnectionsOf(simulator, feed.Name));
            Assert.Equal(messages, connection.MessagesSent);

            // Garbage is due after every 7th message; a truncated copy after every 11th, except that a feed whose batch
            // at that point encoded no message (Binance: no stream for the update) cuts the next one instead.
            long garbage = connection.FaultsInjected(SimulatorFault.Garbage);
            long truncated = connection.FaultsInjected(SimulatorFault.Truncation);
            Assert.Equal(messages / 7, garbage);
            Assert.InRange(truncated, 1, messages / 11);
            Assert.True(connection.FaultsInjected(SimulatorFault.FragmentedMessage) > 0, $"{feed.Name} sent no fragmented message");

            (ParseErrorReason garbageReason, ParseErrorReason truncationReason) = ExpectedReasons(feed.Name);
            FeedDiagnostics diagnostics = feed.Diagnostics;
            Assert.True(diagnostics.TotalErrors == garbage + truncated, $"{feed.Name}: {diagnostics.TotalErrors} errors for {garbage} + {truncated} faults; {diagnostics.LastMessage}");
            if (garbageReason == truncationReason)
            {
                Assert.Equal(garbage + truncated, diagnostics.ErrorCount(garbageReason));
            }
            else
            {
                Assert.Equal(garbage, diagnostics.ErrorCount(garbageReason));
                Assert.Equal(truncated, diagnostics.ErrorCount(truncationReason));
            }

            // Every real event arrived (Binance's synchronized books publish differently from its raw capture).
            if (feed.Name != "binance")
            {
                Assert.Equal(connection.GetSentEvents().Length, diagnostics.Events);
            }
        }

        foreach (var stage in engine.Stages)
        {
            Assert.Equal(0, stage.Lag());
        }
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        while (DateTime.UtcNow < deadline && !condition())
        {
            await Task.Delay(50);
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

    /// <summary>The feed's one connection has sent everything, and the engine decoded every event and fault of it.</summary>
    private static bool AllDelivered(SimulatorServer simulator, IFeedRunner feed, int messages)
    {
        SimulatorConnection[] connections = ConnectionsOf(simulator, feed.Name);
        if (connections.Length != 1 || connections[0].MessagesSent != messages)
        {
            return false;
        }

        SimulatorConnection connection = connections[0];
        long faults = connection.FaultsInjected(SimulatorFault.Garbage) + connection.FaultsInjected(SimulatorFault.Truncation);
        return feed.Diagnostics.TotalErrors >= faults && (feed.Name == "binance" || feed.Diagnostics.Events >= connection.GetSentEvents().Length);
    }

    /// <summary>The reasons each decoder gives the simulator's garbage and truncated messages (see ISimulatedFaultWriter implementations).</summary>
    private static (ParseErrorReason Garbage, ParseErrorReason Truncation) ExpectedReasons(string protocol) => protocol switch
    {
        "binance" => (ParseErrorReason.BadJson, ParseErrorReason.BadJson),          // '#'-led text; a JSON object cut short
        "kotak-hsm" => (ParseErrorReason.UnknownMessageCode, ParseErrorReason.Truncated),
        _ => (ParseErrorReason.BadLengthPrefix, ParseErrorReason.Truncated),         // impossible length prefix; a packet cut after its header
    };

    private static SimulatorConnection[] ConnectionsOf(SimulatorServer simulator, string protocol)
    {
        string path = PathOf(protocol);
        return [.. simulator.Connections.Where(c => c.Path == path)];
    }

    private static string PathOf(string protocol) => protocol switch
    {
        "kite" => "/kite",
        "dhan" => "/dhan",
        "dhan-depth20" => "/dhan/depth20",
        "dhan-depth200" => "/dhan/depth200",
        "kotak" => "/kotak",
        "kotak-hsm" => "/kotak/hsm",
        "binance" => "/binance/stream",
        _ => throw new InvalidOperationException("unexpected protocol " + protocol),
    };

    private FeedHostOptions HostOptionsFor(SimulatorServer simulator)
    {
        var options = new FeedHostOptions { DataDirectory = _directory, ClockIntervalMilliseconds = 50 };
        foreach (var feed in simulator.Feeds)
        {
            options.Feeds.Add(FeedFor(simulator, feed));
        }

        Assert.Equal(7, options.Feeds.Count);
        Assert.Empty(FeedHostOptionsValidator.Validate(options, requireFeeds: true));
        return options;
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
            "/kotak/hsm" => ("kotak-hsm", SubscriptionMode.Full, 10),
            "/binance/stream" => ("binance", SubscriptionMode.Full, 10),
            _ => throw new InvalidOperationException("unexpected simulated feed " + feed.Path),
        };
        Assert.Equal(feed.Path, PathOf(protocol));

        var options = new FeedOptions
        {
            Name = protocol,
            Protocol = protocol,
            Url = simulator.GetFeedUri(feed.Path).ToString(),
            RestUrl = new UriBuilder(simulator.BaseUri) { Scheme = "http" }.Uri.ToString(),
            User = "simulated-user",
            SessionToken = "simulated-session",
            AccessToken = "simulated-access",
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
