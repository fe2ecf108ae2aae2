using System.Buffers.Binary;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Kotak;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Simulator.Feeds;
using LowLatencyFeed.Transport.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Transport.Tests;

/// <summary>
/// Simulator (<c>/kotak/hsm</c>) → WebSocket → FeedSession → KotakHsmProtocol → sink, compared with what the simulator
/// sent; ACKs go back through the session's reply path and are checked by the simulator.
/// </summary>
public sealed class KotakHsmEndToEndTests
{
    private const ushort SessionId = 6;

    [Fact]
    public async Task Every_sent_event_arrives_merged_and_every_ack_reaches_the_simulator()
    {
        var feed = new KotakHsmSimulatedFeed { AckInterval = 4 };
        var options = new SimulatorOptions { Seed = 9, MessagesPerSecond = 20_000, MaxMessages = 2000, CaptureSentEvents = true, Feeds = [feed] };
        await using SimulatorServer server = await SimulatorServer.StartAsync(options, NullLoggerFactory.Instance, CancellationToken.None);
        var collector = new EventCollector();
        Subscription[] subscriptions = Subscriptions(feed);
        var protocol = new KotakHsmProtocol(new KotakHsmOptions { AccessToken = "jwt-token", SessionToken = "sid", SessionId = SessionId }, subscriptions);
        var session = new FeedSession(protocol, subscriptions, Options(server));
        using var stop = new CancellationTokenSource();
        Task run = session.RunAsync(new CollectingSink(collector), stop.Token);

        SimulatorConnection connection = await KiteTestFeed.ConnectionAsync(server, 0);
        await Eventually.WaitAsync(() => connection.MessagesSent == 2000, "the simulator sent 2000 messages");
        MarketEvent[] sent = connection.GetSentEvents();
        await Eventually.WaitAsync(() => collector.CountMarket() == sent.Length, $"{sent.Length} market events");
        await Eventually.WaitAsync(() => feed.AcksReceived == feed.DataFramesSent / 4, "an ACK for every 4 data frames");
        await stop.CancelAsync();
        await run;

        MarketEvent[] events = collector.Snapshot();
        EventText.AssertSequence(sent, EventText.MarketOnly(events));
        Assert.All(events, e => Assert.Equal(SessionId, e.Header.SessionId));
        Assert.Equal(0, session.Statistics.ParseErrors);

        // Every view was exercised: scrip ticks and quotes, depth, index ticks, and exact currency prices at 4 decimals.
        Assert.Contains(sent, e => e.Header.Kind == EventKind.Depth && e.Depth.BidCount == 5);
        Assert.Contains(sent, e => e.Header.Kind == EventKind.Quote);
        Assert.Contains(sent, e => (e.Header.Flags & EventFlags.Index) != 0);
        Assert.Contains(sent, e => e.Header.PriceDecimals == 4 && e.Header.Kind == EventKind.Tick);
        Assert.True(feed.DataFramesSent >= 8);

        // The client sent the connect request first, its subscriptions, then only ACKs — each one the simulator wanted.
        IReadOnlyList<SimulatedClientMessage> requests = connection.ClientMessages;
        string[] expected = [.. protocol.BuildSubscriptionMessages(subscriptions).Select(m => Convert.ToHexString(m.Payload.Span))];
        Assert.Equal(expected, requests.Take(expected.Length).Select(m => m.Text));
        Assert.Equal((byte)KotakHsmMessageType.Connect, requests[0].Payload[2]);
        SimulatedClientMessage[] acks = [.. requests.Skip(expected.Length)];
        Assert.All(acks, a => Assert.Equal((byte)KotakHsmMessageType.Ack, a.Payload[2]));
        Assert.Equal(Enumerable.Range(1, acks.Length).Select(i => i * 4), acks.Select(a => BinaryPrimitives.ReadInt32BigEndian(a.Payload.AsSpan(7))));
        Assert.Equal(0, feed.MissingAcks);
        Assert.Equal(0, feed.UnexpectedAcks);
        Assert.Equal(acks.Length, session.Statistics.RepliesSent);
        Assert.Equal(protocol.AcksQueued, session.Statistics.RepliesSent);
        Assert.Equal(0, session.Statistics.RepliesDropped);
        Assert.Equal(1, protocol.Accepted(KotakHsmMessageType.Connect));
        Assert.Equal(expected.Length - 1, protocol.Accepted(KotakHsmMessageType.Subscribe));
    }

    [Fact]
    public async Task After_a_dropped_connection_the_session_reconnects_resends_connect_and_subscriptions_and_rebuilds_its_topics()
    {
        var feed = new KotakHsmSimulatedFeed { AckInterval = 3 };
        var options = new SimulatorOptions { Seed = 13, MessagesPerSecond = 20_000, DropConnectionEveryMessages = 300, CaptureSentEvents = true, Feeds = [feed] };
        await using SimulatorServer server = await SimulatorServer.StartAsync(options, NullLoggerFactory.Instance, CancellationToken.None);
        var collector = new EventCollector();
        Subscription[] subscriptions = Subscriptions(feed);
        var protocol = new KotakHsmProtocol(new KotakHsmOptions { AccessToken = "jwt-token", SessionToken = "sid", SessionId = SessionId }, subscriptions);
        var session = new FeedSession(protocol, subscriptions, Options(server));
        using var stop = new CancellationTokenSource();
        Task run = session.RunAsync(new CollectingSink(collector), stop.Token);

        await Eventually.WaitAsync(
            () =>
            {
                List<List<MarketEvent>> segments = KiteTestFeed.SplitByConnection(collector.Snapshot());
                // The simulator reads the client's ACKs on its own loop: on a busy machine the first one can reach it
                // after the third connection is streaming, so it is waited for, not sampled.
                return segments.Count >= 3 && EventText.MarketOnly(segments[^1]).Count >= 100 && feed.AcksReceived > 0;
            },
            "two reconnects, the last one streaming, and an ACK read by the simulator");
        await stop.CancelAsync();
        await run;

        List<List<MarketEvent>> connections = KiteTestFeed.SplitByConnection(collector.Snapshot());
        string[] requests = [.. protocol.BuildSubscriptionMessages(subscriptions).Select(m => Convert.ToHexString(m.Payload.Span))];
        int topics = subscriptions.Sum(KotakHsmTopics.TopicCount);
        for (int k = 0; k < connections.Count; k++)
        {
            // What arrived on connection k is the start of what server connection k sent (a tail in flight at the drop
            // may be lost): the new connection's SNAPs rebuilt every topic before its UPDATEs merged onto them.
            List<MarketEvent> received = EventText.MarketOnly(connections[k]);
            MarketEvent[] sent = server.Connections[k].GetSentEvents();
            Assert.True(received.Count <= sent.Length);
            EventText.AssertSequence(sent.Take(received.Count).ToList(), received);
            if (received.Count > 0)
            {
                Assert.Equal(k > 0, (received[0].Header.Flags & EventFlags.AfterGap) != 0);
            }

            // Every connection starts with the connect request and the subscriptions again; then only ACKs follow.
            IReadOnlyList<SimulatedClientMessage> sentByClient = server.Connections[k].ClientMessages;
            Assert.Equal(requests, sentByClient.Take(requests.Length).Select(m => m.Text));
            Assert.All(sentByClient.Skip(requests.Length), m => Assert.Equal((byte)KotakHsmMessageType.Ack, m.Payload[2]));
        }

        Assert.True(connections.Count >= 3);
        Assert.Equal(0, session.Statistics.ParseErrors);
        Assert.Equal(0, feed.UnexpectedAcks);
        Assert.Equal(0, feed.MissingAcks);
        Assert.True(feed.AcksReceived > 0);
        // Topic ids differ per connection: without the reset at each connect response the cache would hold them all.
        // (0 is possible: the simulator drops a connection every 300 messages, so the stop can land between a new
        // connection's connect response, which empties the cache, and its first snapshot.)
        Assert.InRange(protocol.State.TopicCount, 0, topics);
        Assert.InRange(protocol.Accepted(KotakHsmMessageType.Connect), connections.Count - 1, connections.Count);
    }

    /// <summary>Every default instrument of the HSM simulator in a different mode: scrip quote, scrip ltp, future full, currency full, index.</summary>
    private static Subscription[] Subscriptions(KotakHsmSimulatedFeed feed)
    {
        SubscriptionMode[] modes = [SubscriptionMode.Quote, SubscriptionMode.Ltp, SubscriptionMode.Full, SubscriptionMode.Full, SubscriptionMode.Quote];
        return
        [
            .. feed.DefaultInstruments.Select((instrument, i) => new Subscription(
                InstrumentId.From(FeedKind.Kotak, instrument.Token),
                instrument.Symbol,
                string.Empty,
                modes[i],
                instrument.PriceDecimals,
                instrument.QuantityDecimals)),
        ];
    }

    private static FeedSessionOptions Options(SimulatorServer server) => new()
    {
        Uri = server.GetFeedUri("/kotak/hsm"),
        Name = "kotak-hsm-test",
        SessionId = SessionId,
        StaleTimeout = TimeSpan.FromSeconds(30),
        BackoffBase = TimeSpan.FromMilliseconds(10),
        BackoffMax = TimeSpan.FromMilliseconds(50),
        BackoffSeed = 1,
    };
}
