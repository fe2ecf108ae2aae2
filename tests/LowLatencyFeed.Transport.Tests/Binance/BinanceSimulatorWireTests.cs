using System.Text;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Binance;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Simulator.Feeds;
using LowLatencyFeed.TestSupport;
using LowLatencyFeed.Transport.Tests.Support;

namespace LowLatencyFeed.Transport.Tests.Binance;

/// <summary>
/// The simulated Binance feed over loopback: what BinanceProtocol decodes equals what the simulator says it sent,
/// subscriptions by SUBSCRIBE or URL, and gap injection visible as skipped update-id ranges.
/// </summary>
public sealed class BinanceSimulatorWireTests
{
    [Fact]
    public async Task Decoded_events_equal_the_events_the_simulator_sent()
    {
        var options = new SimulatorOptions { MessagesPerSecond = 20_000, MaxMessages = 600, CaptureSentEvents = true };
        (SimulatorServer server, _) = await BinanceTestFeed.StartAsync(options: options);
        await using SimulatorServer running = server;
        Subscription depth20 = BinanceTestFeed.EthUsdt with { Mode = SubscriptionMode.Depth20 };
        Subscription[] subscriptions = [BinanceTestFeed.BtcUsdt, depth20, BinanceTestFeed.BnbUsdt];
        var protocol = new BinanceProtocol(subscriptions, new BinanceProtocolOptions { SynchronizeBooks = false });
        var collector = new EventCollector();
        var session = new FeedSession(protocol, subscriptions, BinanceTestFeed.SessionOptions(server));
        using var stop = new CancellationTokenSource();
        Task run = session.RunAsync(new CollectingSink(collector), stop.Token);

        await Eventually.WaitAsync(() => server.Connections.Count == 1, "a connection");
        SimulatorConnection connection = server.Connections[0];
        await Eventually.WaitAsync(() => connection.MessagesSent == 600, "600 updates sent");
        MarketEvent[] sent = connection.GetSentEvents();
        await Eventually.WaitAsync(() => collector.CountMarket() == sent.Length, $"{sent.Length} market events decoded");
        await stop.CancelAsync();
        await run;

        EventText.AssertSequence(sent, EventText.MarketOnly(collector.Snapshot()));
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
        Assert.Equal(1, protocol.ControlResponses);   // {"result":null,"id":1}
        Assert.Equal(1, protocol.LastControlResponseId);
        Assert.Equal(
            """{"method":"SUBSCRIBE","params":["btcusdt@trade","btcusdt@bookTicker","btcusdt@depth@100ms","ethusdt@trade","ethusdt@bookTicker","ethusdt@depth20@100ms","bnbusdt@trade","bnbusdt@bookTicker"],"id":1}""",
            Assert.Single(connection.ClientMessages).Text);

        // Every Binance message type went over the wire.
        Assert.Contains(sent, e => e.Header.Kind == EventKind.Tick);
        Assert.Contains(sent, e => e.Header.Kind == EventKind.Quote && e.Header.PriceDecimals == 4);
        Assert.Contains(sent, e => e.Header.Kind == EventKind.Depth && e.Depth.UpdateKind == DepthUpdateKind.Snapshot);
        Assert.Contains(sent, e => e.Header.Kind == EventKind.Depth && e.Depth.UpdateKind == DepthUpdateKind.Diff);
    }

    [Fact]
    public async Task Streams_in_the_url_and_gap_injection_skip_update_id_ranges()
    {
        var options = new SimulatorOptions { MessagesPerSecond = 20_000, MaxMessages = 200 };
        (SimulatorServer server, _) = await BinanceTestFeed.StartAsync(new BinanceSimulatedFeedOptions { GapEveryDiffs = 10 }, options);
        await using SimulatorServer running = server;
        Subscription[] subscriptions = [BinanceTestFeed.BtcUsdt];
        var protocol = new BinanceProtocol(subscriptions, new BinanceProtocolOptions { SynchronizeBooks = false });
        var collector = new EventCollector();

        // Streams in the URL; the (unneeded) SUBSCRIBE for the same streams changes nothing.
        var session = new FeedSession(protocol, subscriptions, BinanceTestFeed.SessionOptions(server, "?streams=btcusdt@depth@100ms"));
        using var stop = new CancellationTokenSource();
        Task run = session.RunAsync(new CollectingSink(collector), stop.Token);
        await Eventually.WaitAsync(() => server.Connections.Count == 1 && server.Connections[0].MessagesSent == 200, "200 updates sent");
        await Eventually.WaitAsync(() => CountFinalDiffs(collector) >= 180, "the diffs decoded");
        await stop.CancelAsync();
        await run;

        int gaps = 0;
        long previous = 0;
        foreach (MarketEvent e in collector.Snapshot())
        {
            if (e.Header.Kind == EventKind.Depth && BinanceDepthWriter.TryReadUpdateIds(in e, null, out BinanceDepthUpdateIds ids) && ids.IsFinal)
            {
                if (previous != 0 && ids.FirstUpdateId != previous + 1)
                {
                    gaps++;
                    Assert.True(ids.FirstUpdateId > previous + 1, "ids only ever skip forward");
                }

                previous = ids.LastUpdateId;
            }
        }

        // 200 diffs with every 10th withheld: 180 delivered; 20 holes, of which the last (diff 200) has no successor to reveal it.
        Assert.Equal(180, CountFinalDiffs(collector));
        Assert.Equal(19, gaps);
    }

    [Fact]
    public async Task Bad_requests_get_binance_error_replies()
    {
        // A second passes before every request, so the simulator's 5 messages a second (Binance/README.md §2) never bite.
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 7, 9, 15, 0, TimeSpan.Zero));
        (SimulatorServer server, _) = await BinanceTestFeed.StartAsync(options: new SimulatorOptions { ClientMessageClock = clock });
        await using SimulatorServer running = server;
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        await socket.ConnectAsync(server.GetFeedUri(FeedKind.Binance), CancellationToken.None);
        Task<string> RoundTripAsync(System.Net.WebSockets.ClientWebSocket socket, string request)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            return BinanceSimulatorWireTests.RoundTripAsync(socket, request);
        }

        Task<string> RoundTripSkippingDataAsync(System.Net.WebSockets.ClientWebSocket socket, string request, long id)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            return BinanceSimulatorWireTests.RoundTripSkippingDataAsync(socket, request, id);
        }

        Assert.Equal("""{"code":3,"msg":"Invalid JSON: expected a JSON object","id":null}""", await RoundTripAsync(socket, "{nope"));
        Assert.Equal("""{"code":2,"msg":"Invalid request: unknown method","id":9}""", await RoundTripAsync(socket, """{"method":"FLY","id":9}"""));
        Assert.Equal("""{"result":null,"id":10}""", await RoundTripAsync(socket, """{"method":"SUBSCRIBE","params":["nosuch@trade"],"id":10}"""));
        Assert.Equal("""{"result":[],"id":11}""", await RoundTripAsync(socket, """{"method":"LIST_SUBSCRIPTIONS","id":11}"""));

        // Binance/README.md §3 error codes: a parameter of the wrong type (1), a stream name of no known shape or a bad id
        // (2); a refused request subscribes nothing, not even its valid streams. String ids are echoed.
        Assert.Equal("""{"code":1,"msg":"Invalid value type: expected a stream name string in params","id":12}""", await RoundTripAsync(socket, """{"method":"SUBSCRIBE","params":["btcusdt@trade",7],"id":12}"""));
        Assert.StartsWith("""{"code":2,"msg":"Invalid request: BTC USDT@trade is not a stream name""", await RoundTripAsync(socket, """{"method":"SUBSCRIBE","params":["btcusdt@trade","BTC USDT@trade"],"id":13}"""));
        Assert.StartsWith("""{"code":2,"msg":"Invalid request: btcusdt@candles is not a stream name""", await RoundTripAsync(socket, """{"method":"UNSUBSCRIBE","params":["btcusdt@candles"],"id":14}"""));
        Assert.Equal("""{"code":2,"msg":"Invalid request: invalid id","id":null}""", await RoundTripAsync(socket, """{"method":"SUBSCRIBE","params":[],"id":{"a":1}}"""));
        Assert.Equal("""{"result":[],"id":"list15"}""", await RoundTripAsync(socket, """{"method":"LIST_SUBSCRIPTIONS","id":"list15"}"""));

        // SUBSCRIBE then UNSUBSCRIBE of a simulated symbol show in the list.
        Assert.Equal("""{"result":null,"id":16}""", await RoundTripAsync(socket, """{"method":"SUBSCRIBE","params":["btcusdt@bookTicker"],"id":16}"""));
        Assert.Contains("btcusdt@bookTicker", await RoundTripSkippingDataAsync(socket, """{"method":"LIST_SUBSCRIPTIONS","id":17}""", 17));
        Assert.Equal("""{"result":null,"id":18}""", await RoundTripSkippingDataAsync(socket, """{"method":"UNSUBSCRIBE","params":["btcusdt@bookTicker"],"id":18}""", 18));
        Assert.Equal("""{"result":[],"id":19}""", await RoundTripSkippingDataAsync(socket, """{"method":"LIST_SUBSCRIPTIONS","id":19}""", 19));
        await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        Assert.Equal(0, server.Connections.Single().ClientMessageLimitViolations);
    }

    internal static async Task<string> RoundTripAsync(System.Net.WebSockets.ClientWebSocket socket, string request)
    {
        await socket.SendAsync(Encoding.UTF8.GetBytes(request), System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None);
        byte[] buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        System.Net.WebSockets.WebSocketReceiveResult result = await socket.ReceiveAsync(buffer, timeout.Token);
        return Encoding.UTF8.GetString(buffer, 0, result.Count);
    }

    /// <summary>Sends <paramref name="request"/> and returns the control response with <paramref name="id"/>, skipping market data.</summary>
    internal static async Task<string> RoundTripSkippingDataAsync(System.Net.WebSockets.ClientWebSocket socket, string request, long id)
    {
        await socket.SendAsync(Encoding.UTF8.GetBytes(request), System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None);
        byte[] buffer = new byte[65536];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            System.Net.WebSockets.WebSocketReceiveResult result = await socket.ReceiveAsync(buffer, timeout.Token);
            string text = Encoding.UTF8.GetString(buffer, 0, result.Count);
            if (result.EndOfMessage && text.EndsWith($"\"id\":{id}}}", StringComparison.Ordinal))
            {
                return text;
            }
        }
    }

    private static int CountFinalDiffs(EventCollector collector)
    {
        int count = 0;
        foreach (MarketEvent e in collector.Snapshot())
        {
            if (e.Header.Kind == EventKind.Depth && BinanceDepthWriter.TryReadUpdateIds(in e, null, out BinanceDepthUpdateIds ids) && ids.IsFinal)
            {
                count++;
            }
        }

        return count;
    }
}
