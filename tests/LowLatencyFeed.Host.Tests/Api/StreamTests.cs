using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;

namespace LowLatencyFeed.Host.Tests.Api;

public sealed class StreamTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Subscribed_ticks_arrive_in_order_with_exact_prices_and_every_dropped_one_is_counted_in_a_gap()
    {
        await using var host = await ApiTestHost.StartAsync(connectionString: null, messages: 20_000, deferSimulator: true);
        using var client = await ConnectAsync(host);
        await SendAsync(client, $$$"""{"subscribe": {"channels": ["ticks"], "instruments": ["{{{host.FirstId}}}"]}}""");
        Assert.Equal("subscribed", (await ReceiveAsync(client)).GetProperty("type").GetString());
        await host.StartSimulatorAsync();

        var instrument = InstrumentId.From(FeedKind.Kite, host.Instruments[0].Token);
        var received = new List<string>();
        long dropped = 0;
        MarketEvent[]? sent = null;
        var deadline = DateTime.UtcNow + s_deadline;
        while (true)
        {
            if (sent is null && host.Simulator.Connections.FirstOrDefault(c => c.MessagesSent == 20_000) is { } done)
            {
                MarketEvent[] captured = done.GetSentEvents();
                if (host.Host.Engine.Feeds[0].Diagnostics.Events == captured.Length)
                {
                    sent = captured;
                }
            }

            if (sent is not null && received.Count + dropped == sent.Count(e => e.Header.Kind == EventKind.Tick && e.Header.Instrument == instrument))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"received {received.Count} ticks and {dropped} dropped");
            JsonElement message = await ReceiveAsync(client);
            switch (message.GetProperty("type").GetString())
            {
                case "tick":
                    Assert.Equal(host.FirstId, message.GetProperty("instrument").GetString());
                    received.Add($"{message.GetProperty("price").GetRawText()}/{message.GetProperty("volume").GetRawText()}");
                    break;
                case "gap":
                    dropped += message.GetProperty("dropped").GetInt64();
                    break;
                case "heartbeat":
                    break;
                default:
                    Assert.Fail($"unexpected message {message}");
                    break;
            }
        }

        // Hand-formatted from what the simulator sent: what arrived is the sent sequence minus what the gaps counted.
        List<string> expected = [.. sent.Where(e => e.Header.Kind == EventKind.Tick && e.Header.Instrument == instrument)
            .Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Tick.LastPrice / 100m:0.00}/{e.Tick.CumulativeVolume}"))];
        Assert.True(Subsequence.IsSubsequence(received, expected));
        Assert.True(received.Count > 0);
    }

    [Fact]
    public async Task A_stalled_client_is_conflated_dropped_and_disconnected_while_another_client_and_the_ring_keep_up()
    {
        // Paced, so the readers keep up and the stalled client's socket fills (100 000 ticks ≈ 12 MB of JSON, far more
        // than the loopback socket buffers hold).
        const int messages = 100_000;
        await using var host = await ApiTestHost.StartAsync(connectionString: null, messages: messages, deferSimulator: true, rate: 25_000, configure: o =>
        {
            o.Api.Stream.QueueCapacity = 256;
            o.Api.Stream.SlowClientTimeout = TimeSpan.FromSeconds(1);

            // Both clients take every instrument, so they read the tick log directly (firehose) rather than a queue:
            // a small log, so the stalled one is lapped (12 MB of ticks through 256 KiB).
            o.Api.Stream.MessageLogBytes = 256 * 1024;

            // Small kernel send buffers, so the stalled client's socket fills even when a starved machine makes both
            // senders drop most ticks (with the 4 MiB autotuned default, what still reached it could fit and it
            // would count as caught up).
            o.Api.Stream.SocketSendBufferBytes = 16 * 1024;
        });
        using var fast = await ConnectAsync(host);
        using var stalled = await ConnectAsync(host, receiveBufferBytes: 4096);
        const string everything = """{"subscribe": {"channels": ["ticks", "quotes", "depth"], "instruments": ["*"]}}""";
        await SendAsync(fast, everything);
        await SendAsync(stalled, everything);
        Assert.Equal("subscribed", (await ReceiveAsync(fast)).GetProperty("type").GetString());
        Assert.Equal("subscribed", (await ReceiveAsync(stalled)).GetProperty("type").GetString());
        await host.StartSimulatorAsync();

        // The fast client reads everything; the stalled one reads nothing until the end.
        long fastTicks = 0, fastDropped = 0;
        MarketEvent[]? sent = null;
        var deadline = DateTime.UtcNow + s_deadline;
        while (true)
        {
            if (sent is null && host.Simulator.Connections.FirstOrDefault(c => c.MessagesSent == messages) is { } done)
            {
                MarketEvent[] captured = done.GetSentEvents();
                if (host.Host.Engine.Feeds[0].Diagnostics.Events == captured.Length)
                {
                    sent = captured;
                }
            }

            if (sent is not null && fastTicks + fastDropped == sent.Count(e => e.Header.Kind == EventKind.Tick))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"fast client: {fastTicks} ticks, {fastDropped} dropped");
            JsonElement message = await ReceiveAsync(fast);
            string? type = message.GetProperty("type").GetString();
            fastTicks += type == "tick" ? 1 : 0;
            fastDropped += type == "gap" ? message.GetProperty("dropped").GetInt64() : 0;
        }

        // The ring kept up: every stage has consumed every event.
        while (host.Host.Engine.Stages.Any(stage => stage.Lag() != 0))
        {
            Assert.True(DateTime.UtcNow < deadline, "a stage stayed behind");
            await Task.Delay(20);
        }

        // The stalled client was disconnected with a reason; reading it now ends in its close (or a reset, when the
        // close frame could not be delivered to a full socket).
        while (host.Host.Engine.Stream.SlowDisconnects == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the stalled client was not disconnected: " + string.Join(", ", host.Host.Engine.Stream.Clients.Select(c => $"#{c.Id} dropped {c.Dropped} behind since {c.BehindSinceMs} now {Environment.TickCount64}")));
            await Task.Delay(20);
        }

        Assert.Equal(1, host.Host.Engine.Stream.SlowDisconnects);
        bool sawGapOrClose = false;
        try
        {
            while (true)
            {
                var (message, close) = await ReceiveRawAsync(stalled);
                if (close is not null)
                {
                    Assert.StartsWith("slow consumer", close, StringComparison.Ordinal);
                    sawGapOrClose = true;
                    break;
                }

                sawGapOrClose |= message!.Value.GetProperty("type").GetString() == "gap";
            }
        }
        catch (WebSocketException)
        {
            sawGapOrClose = true;
        }

        Assert.True(sawGapOrClose);
        Assert.Equal(1, host.Host.Engine.Stream.ClientCount);
        string metrics = await host.Http.GetStringAsync(new Uri(host.Host.Address + "/metrics"));
        Assert.Contains("llfeed_stream_slow_disconnects_total 1", metrics, StringComparison.Ordinal);
        Assert.Contains("llfeed_stream_firehose_clients 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_stream_messages_get_an_error_and_the_connection_stays_up()
    {
        await using var host = await ApiTestHost.StartAsync(connectionString: null, messages: 1);
        using var client = await ConnectAsync(host);
        foreach (var (text, expected) in new[]
        {
            ("not json", "malformed JSON"),
            ("""{"subscribe": {"channels": ["bogus"]}}""", "unknown channel \"bogus\""),
            ("""{"subscribe": {"channels": ["ticks"], "instruments": ["Kite:1"]}}""", "unknown instrument 'Kite:1'"),
            ("""{"subscribe": {"channels": "ticks"}}""", "'channels' must be an array"),
            ("""{"hello": 1}""", "expected {\"subscribe\""),
        })
        {
            await SendAsync(client, text);
            JsonElement error = await ReceiveAsync(client);
            Assert.Equal("error", error.GetProperty("type").GetString());
            Assert.Contains(expected, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        await SendAsync(client, """{"subscribe": {"channels": ["ticks", "depth"], "instruments": ["RELIANCE"]}}""");
        JsonElement ack = await ReceiveAsync(client);
        Assert.Equal("subscribed", ack.GetProperty("type").GetString());
        Assert.Equal(9, ack.GetProperty("channels").GetInt32());
        await SendAsync(client, """{"unsubscribe": {"channels": ["depth"]}}""");
        JsonElement unsubscribed = await ReceiveAsync(client);
        Assert.Equal(1, unsubscribed.GetProperty("channels").GetInt32());
        Assert.Equal(WebSocketState.Open, client.State);

        using var plain = await host.Http.GetAsync("api/stream");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, plain.StatusCode);
    }

    private static async Task<ClientWebSocket> ConnectAsync(ApiTestHost host, int receiveBufferBytes = 0)
    {
        var client = new ClientWebSocket();
        var uri = new Uri(host.Host.ApiAddress.Replace("http://", "ws://", StringComparison.Ordinal) + "/api/stream");
        if (receiveBufferBytes == 0)
        {
            await client.ConnectAsync(uri, CancellationToken.None);
            return client;
        }

        // A small kernel receive buffer, so a client that stops reading stalls the server's sends quickly.
        var handler = new System.Net.Http.SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { ReceiveBufferSize = receiveBufferBytes };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        };
        await client.ConnectAsync(uri, new HttpMessageInvoker(handler), CancellationToken.None);
        return client;
    }

    private static Task SendAsync(ClientWebSocket client, string text) =>
        client.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<JsonElement> ReceiveAsync(ClientWebSocket client)
    {
        var (message, close) = await ReceiveRawAsync(client);
        Assert.True(close is null, $"closed: {close}");
        return message!.Value;
    }

    private static async Task<(JsonElement? Message, string? Close)> ReceiveRawAsync(ClientWebSocket client)
    {
        using var timeout = new CancellationTokenSource(s_deadline);
        var buffer = new byte[1 << 16];
        int length = 0;
        while (true)
        {
            var result = await client.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (null, client.CloseStatusDescription ?? "");
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                using JsonDocument document = JsonDocument.Parse(buffer.AsMemory(0, length));
                return (document.RootElement.Clone(), null);
            }
        }
    }
}
