using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Ingress;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Kite;
using LowLatencyFeed.Ring;
using LowLatencyFeed.Ring.Dsl;
using LowLatencyFeed.Ring.Processing;
using LowLatencyFeed.Ring.Waiting;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Transport.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Transport.Tests;

/// <summary>Simulator → WebSocket → FeedSession → KiteProtocol → sink, compared with what the simulator sent.</summary>
public sealed class SimulatorEndToEndTests
{
    [Fact]
    public async Task Every_sent_event_reaches_the_ring_in_order()
    {
        var options = new SimulatorOptions { Seed = 7, MessagesPerSecond = 20_000, MaxMessages = 3000, CaptureSentEvents = true, HeartbeatInterval = TimeSpan.FromMilliseconds(100) };
        await using SimulatorServer server = await SimulatorServer.StartAsync(options, NullLoggerFactory.Instance, CancellationToken.None);
        var collector = new EventCollector();
        var ring = RingBuffer<MarketEvent>.CreateSingleProducer(1024, new BlockingWaitStrategy());
        using var pipeline = new Pipeline<MarketEvent>(ring);
        pipeline.HandleEventsWith(pipeline.Handler(new CollectingHandler(collector), new ConsumerOptions("collector")));
        pipeline.Start();

        IReadOnlyList<Subscription> subscriptions = KiteTestFeed.Mixed();
        var protocol = new KiteProtocol(sessionId: 3);
        var session = new FeedSession(protocol, subscriptions, KiteTestFeed.Options(server, sessionId: 3));
        using var stop = new CancellationTokenSource();
        Task run = session.RunAsync(new RingPublisher(ring), stop.Token);

        SimulatorConnection connection = await KiteTestFeed.ConnectionAsync(server, 0);
        await Eventually.WaitAsync(() => connection.MessagesSent == 3000, "the simulator sent 3000 messages");
        MarketEvent[] sent = connection.GetSentEvents();
        await Eventually.WaitAsync(() => collector.CountMarket() == sent.Length, $"{sent.Length} market events in the ring");
        await stop.CancelAsync();
        await run;
        Assert.True(pipeline.Shutdown(TimeSpan.FromSeconds(5)));

        MarketEvent[] events = collector.Snapshot();
        EventText.AssertSequence(sent, EventText.MarketOnly(events));
        Assert.All(events, e => Assert.Equal(3, e.Header.SessionId));
        for (int i = 0; i < events.Length; i++)
        {
            Assert.Equal(i, events[i].Header.Sequence);
        }

        // Lifecycle: connected and subscribed first, disconnected (stopped by us) last; nothing flagged as after a gap.
        Assert.Equal(ControlCode.Connected, events[0].Control.Code);
        Assert.Equal(1, events[0].Control.Argument0);
        Assert.Equal(0, events[0].Control.Argument1);
        Assert.Equal(ControlCode.Subscribed, events[1].Control.Code);
        Assert.Equal(6, events[1].Control.Argument0);
        Assert.Equal(4, events[1].Control.Argument1); // subscribe + ltp, quote and full mode groups
        Assert.Equal(EventKind.Control, events[^1].Header.Kind);
        Assert.Equal(ControlCode.Disconnected, events[^1].Control.Code);
        Assert.Equal(DisconnectReason.SessionStopped, events[^1].Control.Reason);
        Assert.Equal(3, events.Length - sent.Length);
        Assert.DoesNotContain(events, e => (e.Header.Flags & EventFlags.AfterGap) != 0);

        // Every layout was exercised: ltp, quote, full with depth, index quote.
        Assert.Contains(sent, e => e.Header.Kind == EventKind.Depth);
        Assert.Contains(sent, e => e.Tick.Fields == TickFields.LastPrice);
        Assert.Contains(sent, e => (e.Header.Flags & EventFlags.Index) != 0);
        Assert.Contains(sent, e => e.Header.PriceDecimals == 7);

        // The server saw the handshake and the subscription messages exactly once.
        Assert.Equal("3", connection.RequestHeaders["X-Kite-Version"]);
        Assert.Equal("?api_key=test&access_token=secret", connection.QueryString);
        Assert.Equal(KiteTestFeed.SubscriptionTexts(protocol, subscriptions), connection.ClientMessages.Select(m => m.Text));
        await connection.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.StartsWith("client closed", connection.EndReason);

        Assert.Equal(0, session.Statistics.ParseErrors);
        Assert.Equal(sent.Length, session.Statistics.Events);
        Assert.Equal(1, session.Statistics.Connects);
        Assert.Equal(FeedSessionState.Stopped, session.Statistics.State);
        Assert.Equal(connection.FramesSent, session.Statistics.Messages);
        Assert.Equal(connection.BytesSent, session.Statistics.Bytes);
    }

    /// <summary>
    /// A capture to files (<see cref="SimulatorOptions.SentEventsDirectory"/>, what the soak uses so a long run is not held
    /// in memory) holds exactly what the client decoded, streamed back in order, and nothing is kept in memory twice.
    /// </summary>
    [Fact]
    public async Task Sent_events_captured_to_a_file_stream_back_exactly_what_the_client_decoded()
    {
        DirectoryInfo directory = Directory.CreateTempSubdirectory("llfeed-sent-");
        try
        {
            var options = new SimulatorOptions { Seed = 5, MessagesPerSecond = 20_000, MaxMessages = 2000, CaptureSentEvents = true, SentEventsDirectory = directory.FullName };
            await using SimulatorServer server = await SimulatorServer.StartAsync(options, NullLoggerFactory.Instance, CancellationToken.None);
            var collector = new EventCollector();
            var ring = RingBuffer<MarketEvent>.CreateSingleProducer(1024, new BlockingWaitStrategy());
            using var pipeline = new Pipeline<MarketEvent>(ring);
            pipeline.HandleEventsWith(pipeline.Handler(new CollectingHandler(collector), new ConsumerOptions("collector")));
            pipeline.Start();

            var session = new FeedSession(new KiteProtocol(sessionId: 2), KiteTestFeed.Mixed(), KiteTestFeed.Options(server, sessionId: 2));
            using var stop = new CancellationTokenSource();
            Task run = session.RunAsync(new RingPublisher(ring), stop.Token);
            SimulatorConnection connection = await KiteTestFeed.ConnectionAsync(server, 0);
            await Eventually.WaitAsync(() => connection.MessagesSent == 2000, "the simulator sent 2000 messages");
            long captured = connection.SentEventCount;
            await Eventually.WaitAsync(() => collector.CountMarket() == captured, $"{captured} market events in the ring");
            await stop.CancelAsync();
            await run;
            Assert.True(pipeline.Shutdown(TimeSpan.FromSeconds(5)));

            MarketEvent[] streamed = [.. connection.ReadSentEvents()];
            Assert.Equal(captured, streamed.Length);
            Assert.True(streamed.Length >= 2000, "every message carried at least one event");
            EventText.AssertSequence(streamed, EventText.MarketOnly(collector.Snapshot()));
            EventText.AssertSequence(connection.GetSentEvents(), streamed);
            FileInfo file = new(Path.Combine(directory.FullName, $"connection-{connection.Id}.events"));
            Assert.Equal(captured * MarketEvent.SizeInBytes, file.Length);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100)]
    public async Task Messages_split_across_many_small_receives_decode_identically(int receiveBufferSize)
    {
        // Full mode: frames of up to 40 × 186 bytes, so a 7-byte buffer needs over a thousand receives per frame.
        var options = new SimulatorOptions { Seed = 11, MessagesPerSecond = 20_000, MaxMessagesPerFrame = 40, CaptureSentEvents = true };
        await using SimulatorServer server = await SimulatorServer.StartAsync(options, NullLoggerFactory.Instance, CancellationToken.None);
        var collector = new EventCollector();
        var session = new FeedSession(new KiteProtocol(), KiteTestFeed.AllFull(), KiteTestFeed.Options(server) with { ReceiveBufferSize = receiveBufferSize, PipePauseThreshold = 64 * 1024 });
        using var stop = new CancellationTokenSource();
        Task run = session.RunAsync(new CollectingSink(collector), stop.Token);

        // The first packets may be quote mode (the server streams right after "subscribe", before "mode" arrives),
        // so stream until plenty of full packets (tick + depth) went through, then stop mid-stream.
        SimulatorConnection connection = await KiteTestFeed.ConnectionAsync(server, 0);
        await Eventually.WaitAsync(() => collector.Snapshot().Count(e => e.Header.Kind == EventKind.Depth) >= 300, "300 depth events");
        await stop.CancelAsync();
        await run;

        // Whatever arrived is exactly the start of what was sent.
        List<MarketEvent> received = EventText.MarketOnly(collector.Snapshot());
        MarketEvent[] sent = connection.GetSentEvents();
        Assert.True(received.Count <= sent.Length);
        EventText.AssertSequence(sent.Take(received.Count).ToList(), received);
        Assert.Contains(received, e => e.Header.Kind == EventKind.Tick && (e.Header.Flags & EventFlags.Index) != 0 && (e.Header.Flags & EventFlags.ExchangeTimeFromReceive) == 0);
        Assert.True(session.Statistics.Bytes > session.Statistics.Messages * receiveBufferSize, "messages were larger than the receive buffer");
        Assert.Equal(0, session.Statistics.ParseErrors);

        // Stopping mid-stream may cut the message in flight; it is dropped whole, never decoded in part.
        Assert.InRange(session.Statistics.DiscardedPartialMessages, 0, 1);
    }

    [Fact]
    public async Task The_same_seed_streams_the_same_events()
    {
        MarketEvent[] first = await CaptureRunAsync(seed: 5);
        MarketEvent[] second = await CaptureRunAsync(seed: 5);
        MarketEvent[] other = await CaptureRunAsync(seed: 6);

        EventText.AssertSequence(first, second);
        Assert.NotEqual(first.Select(e => EventText.Describe(e)), other.Select(e => EventText.Describe(e)));
    }

    private static async Task<MarketEvent[]> CaptureRunAsync(long seed)
    {
        var options = new SimulatorOptions { Seed = seed, MessagesPerSecond = 0, MaxMessages = 200, CaptureSentEvents = true };
        await using SimulatorServer server = await SimulatorServer.StartAsync(options, NullLoggerFactory.Instance, CancellationToken.None);
        var collector = new EventCollector();

        // Everything in one mode from the first packet on: the subscription is a single "subscribe" (quote mode).
        var session = new FeedSession(new KiteProtocol(), [KiteTestFeed.Subscribe(KiteTestFeed.Infy, SubscriptionMode.Quote), KiteTestFeed.Subscribe(KiteTestFeed.Nifty, SubscriptionMode.Quote)], KiteTestFeed.Options(server));
        using var stop = new CancellationTokenSource();
        Task run = session.RunAsync(new CollectingSink(collector), stop.Token);
        SimulatorConnection connection = await KiteTestFeed.ConnectionAsync(server, 0);
        await Eventually.WaitAsync(() => connection.MessagesSent == 200, "200 messages sent");
        MarketEvent[] sent = connection.GetSentEvents();
        await Eventually.WaitAsync(() => collector.CountMarket() == sent.Length, "all received");
        await stop.CancelAsync();
        await run;
        List<MarketEvent> received = EventText.MarketOnly(collector.Snapshot());
        EventText.AssertSequence(sent, received);
        return [.. received];
    }
}
