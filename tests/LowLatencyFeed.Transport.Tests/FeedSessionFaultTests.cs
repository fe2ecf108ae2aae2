using System.Diagnostics;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Kite;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Transport.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Transport.Tests;

/// <summary>Reconnect, watchdog and heartbeat behaviour against the simulator's fault hooks.</summary>
public sealed class FeedSessionFaultTests
{
    [Fact]
    public async Task After_the_server_drops_the_session_reconnects_resubscribes_and_loses_nothing_it_received()
    {
        var options = new SimulatorOptions { Seed = 21, MessagesPerSecond = 20_000, DropConnectionEveryMessages = 250, CaptureSentEvents = true, HeartbeatInterval = TimeSpan.FromMilliseconds(100) };
        await using SimulatorServer server = await SimulatorServer.StartAsync(options, NullLoggerFactory.Instance, CancellationToken.None);
        var collector = new EventCollector();
        IReadOnlyList<Subscription> subscriptions = KiteTestFeed.Mixed();
        var protocol = new KiteProtocol();
        var session = new FeedSession(protocol, subscriptions, KiteTestFeed.Options(server));
        using var stop = new CancellationTokenSource();
        Task run = session.RunAsync(new CollectingSink(collector), stop.Token);

        await Eventually.WaitAsync(() => collector.CountControl(ControlCode.Connected) >= 3, "two reconnects");
        await stop.CancelAsync();
        await run;

        MarketEvent[] events = collector.Snapshot();
        List<List<MarketEvent>> connections = KiteTestFeed.SplitByConnection(events);
        Assert.True(connections.Count >= 3);
        string[] subscriptionTexts = KiteTestFeed.SubscriptionTexts(protocol, subscriptions);
        int delivered = 0;
        for (int k = 0; k < connections.Count; k++)
        {
            List<MarketEvent> segment = connections[k];
            MarketEvent connected = segment[0];
            Assert.Equal(k + 1, connected.Control.Argument0);
            Assert.True(connected.Control.Argument1 >= 0, "gap is a duration");
            Assert.Equal(ControlCode.Subscribed, segment[1].Control.Code);
            MarketEvent disconnected = segment[^1];
            Assert.Equal(ControlCode.Disconnected, disconnected.Control.Code);

            // A stop that lands while the next connection is being attempted reports that attempt's number.
            bool stoppedLast = k == connections.Count - 1 && disconnected.Control.Reason == DisconnectReason.SessionStopped;
            Assert.InRange(disconnected.Control.Argument0, k + 1, stoppedLast ? k + 2 : k + 1);
            // The last connection may have been dropped by the server just before we stopped.
            if (k < connections.Count - 1 || disconnected.Control.Reason != DisconnectReason.SessionStopped)
            {
                Assert.Equal(DisconnectReason.NetworkError, disconnected.Control.Reason);
            }

            // What arrived on connection k is exactly the start of what server connection k sent: nothing duplicated,
            // reordered or garbled; only a tail in flight when the server aborted can be missing.
            List<MarketEvent> received = EventText.MarketOnly(segment);
            MarketEvent[] sent = server.Connections[k].GetSentEvents();
            Assert.True(received.Count <= sent.Length);
            EventText.AssertSequence(sent.Take(received.Count).ToList(), received);
            delivered += received.Count;

            // Only the first market event after a reconnect is flagged.
            for (int i = 0; i < received.Count; i++)
            {
                bool flagged = (received[i].Header.Flags & EventFlags.AfterGap) != 0;
                Assert.Equal(k > 0 && i == 0, flagged);
            }

            // Every connection was subscribed afresh.
            Assert.Equal(subscriptionTexts, server.Connections[k].ClientMessages.Select(m => m.Text));
        }

        Assert.True(delivered > 0);
        Assert.True(session.Statistics.Reconnects >= 2);
        Assert.Equal(connections.Count, session.Statistics.Connects);
        Assert.Equal(0, session.Statistics.ParseErrors);
        Assert.Equal(0, session.Statistics.StaleTimeouts);
    }

    [Fact]
    public async Task A_server_that_goes_silent_is_detected_as_stale_and_replaced()
    {
        var options = new SimulatorOptions { Seed = 3, MessagesPerSecond = 5000, SilentAfterMessages = 100, CaptureSentEvents = true, HeartbeatInterval = TimeSpan.FromMilliseconds(50) };
        await using SimulatorServer server = await SimulatorServer.StartAsync(options, NullLoggerFactory.Instance, CancellationToken.None);
        var collector = new EventCollector();
        var session = new FeedSession(new KiteProtocol(), KiteTestFeed.Mixed(), KiteTestFeed.Options(server) with { StaleTimeout = TimeSpan.FromMilliseconds(500) });
        using var stop = new CancellationTokenSource();
        Task run = session.RunAsync(new CollectingSink(collector), stop.Token);

        // Normally connection 0 goes silent and delivers all it sent. On a starved machine a connection may time out
        // before the server streamed (the server then "sends" into a dead socket), so look for the first connection that
        // went silent after delivering everything, and wait until the session has replaced it.
        int silentIndex = -1;
        await Eventually.WaitAsync(
            () =>
            {
                IReadOnlyList<SimulatorConnection> connections = server.Connections;
                List<List<MarketEvent>> segments = KiteTestFeed.SplitByConnection(collector.Snapshot());
                for (int i = 0; i < connections.Count && i + 1 < segments.Count; i++)
                {
                    if (connections[i].IsSilent && EventText.MarketOnly(segments[i]).Count == connections[i].GetSentEvents().Length)
                    {
                        silentIndex = i;
                        return true;
                    }
                }

                return false;
            },
            "a reconnect after a silent connection");
        await stop.CancelAsync();
        await run;

        MarketEvent[] events = collector.Snapshot();
        List<MarketEvent> segment = KiteTestFeed.SplitByConnection(events)[silentIndex];

        // The silent connection delivered everything it sent (silence loses nothing), then: StaleFeed, Disconnected(StaleFeed).
        SimulatorConnection silent = server.Connections[silentIndex];
        Assert.Equal(100, silent.MessagesSent);
        EventText.AssertSequence(silent.GetSentEvents(), EventText.MarketOnly(segment));
        MarketEvent stale = segment[^2];
        Assert.Equal(ControlCode.StaleFeed, stale.Control.Code);
        Assert.True(stale.Control.Argument0 >= 500_000_000, "silence reported in ns, at least the timeout");
        Assert.Equal(500_000_000, stale.Control.Argument1);
        Assert.Equal(ControlCode.Disconnected, segment[^1].Control.Code);
        Assert.Equal(DisconnectReason.StaleFeed, segment[^1].Control.Reason);
        Assert.True(session.Statistics.StaleTimeouts >= 1);
        await silent.Completion.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Heartbeats_alone_keep_a_quiet_session_alive()
    {
        var options = new SimulatorOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(50) };
        await using SimulatorServer server = await SimulatorServer.StartAsync(options, NullLoggerFactory.Instance, CancellationToken.None);
        var collector = new EventCollector();
        var protocol = new KiteProtocol();

        // 5633 is an NSE token the simulator does not simulate: the market is quiet, the feed is not dead.
        // The timeout is 60 heartbeat intervals: only a process stalled for 3 s could see silence, and a run of
        // 1.5 timeouts with nothing but heartbeats still proves they, not market data, keep the session alive.
        TimeSpan staleTimeout = TimeSpan.FromSeconds(3);
        var session = new FeedSession(protocol, [KiteTestFeed.Subscribe(5633, SubscriptionMode.Full)], KiteTestFeed.Options(server) with { StaleTimeout = staleTimeout });
        using var stop = new CancellationTokenSource();
        long started = Stopwatch.GetTimestamp();
        Task run = session.RunAsync(new CollectingSink(collector), stop.Token);

        await Eventually.WaitAsync(
            () => protocol.Heartbeats >= 40 && Stopwatch.GetElapsedTime(started) > staleTimeout * 1.5,
            "40 heartbeats over 1.5 stale timeouts",
            TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await run;

        Assert.Equal(1, session.Statistics.Connects);
        Assert.Equal(0, session.Statistics.StaleTimeouts);
        Assert.Equal(0, collector.CountControl(ControlCode.StaleFeed));
        Assert.Equal(0, collector.CountMarket());
        Assert.Equal(1, server.Connections[0].UnknownTokens);
        Assert.Equal(0, server.Connections[0].MessagesSent);
        Assert.True(server.Connections[0].HeartbeatsSent >= 40);
    }
}
