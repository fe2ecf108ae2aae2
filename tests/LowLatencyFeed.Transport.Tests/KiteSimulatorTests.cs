using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Transport.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Transport.Tests;

/// <summary>The Kite endpoint's request handling, seen from a plain WebSocket client.</summary>
public sealed class KiteSimulatorTests
{
    [Fact]
    public async Task Requests_select_tokens_and_packet_sizes_and_bad_requests_get_an_error_message()
    {
        var options = new SimulatorOptions { MessagesPerSecond = 2000, HeartbeatInterval = TimeSpan.FromMilliseconds(50) };
        await using SimulatorServer server = await SimulatorServer.StartAsync(options, NullLoggerFactory.Instance, CancellationToken.None);
        using var client = new ClientWebSocket();
        await client.ConnectAsync(server.GetFeedUri(FeedKind.Kite), CancellationToken.None);

        // Tokens as strings are rejected, as the real server ignores them.
        await SendAsync(client, "{\"a\":\"subscribe\",\"v\":[\"408065\"]}");
        (WebSocketMessageType type, byte[] payload) = await ReceiveAsync(client);
        while (type == WebSocketMessageType.Binary && payload.Length == 1)
        {
            (type, payload) = await ReceiveAsync(client);
        }

        Assert.Equal(WebSocketMessageType.Text, type);
        Assert.StartsWith("{\"type\":\"error\",\"data\":\"token \\u0022408065\\u0022 at index 0 is a string", Encoding.UTF8.GetString(payload));

        // A plain subscribe streams quote packets (44 bytes) of that token only.
        await SendAsync(client, "{\"a\":\"subscribe\",\"v\":[408065]}");
        Assert.All(await NextPacketsAsync(client), p => Assert.Equal((44, 408065u), p));

        // mode full switches it to 184-byte packets.
        await SendAsync(client, "{\"a\":\"mode\",\"v\":[\"full\",[408065]]}");
        await Eventually.WaitAsync(() => server.Connections[0].Subscriptions.TryGetMode(408065, out var mode) && mode == Protocols.Common.SubscriptionMode.Full, "mode applied");
        List<(int Length, uint Token)> packets;
        do
        {
            packets = await NextPacketsAsync(client);
        }
        while (packets[0].Length != 184);
        Assert.All(packets, p => Assert.Equal((184, 408065u), p));

        // unsubscribe leaves only heartbeats.
        await SendAsync(client, "{\"a\":\"unsubscribe\",\"v\":[408065]}");
        await Eventually.WaitAsync(() => server.Connections[0].Subscriptions.Count == 0, "unsubscribed");
        while ((await ReceiveAsync(client)).Payload.Length != 1)
        {
        }

        Assert.Equal(4, server.Connections[0].ClientMessages.Count);
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        await server.Connections[0].Completion.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Unknown_paths_and_plain_http_are_refused()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync(new SimulatorOptions(), NullLoggerFactory.Instance, CancellationToken.None);
        using var http = new HttpClient();
        var baseUri = new Uri($"http://127.0.0.1:{server.Port}/");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync(new Uri(baseUri, "nope"))).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await http.GetAsync(new Uri(baseUri, "kite"))).StatusCode);
        Assert.Equal(new Uri($"ws://127.0.0.1:{server.Port}/kite?x=1"), server.GetFeedUri(FeedKind.Kite, "?x=1"));
    }

    private static Task SendAsync(ClientWebSocket client, string json) =>
        client.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<(WebSocketMessageType Type, byte[] Payload)> ReceiveAsync(ClientWebSocket client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[1 << 20];
        int used = 0;
        while (true)
        {
            ValueWebSocketReceiveResult result = await client.ReceiveAsync(buffer.AsMemory(used), timeout.Token);
            used += result.Count;
            if (result.EndOfMessage)
            {
                return (result.MessageType, buffer[..used]);
            }
        }
    }

    /// <summary>The (length, token) of each packet of the next data frame, skipping heartbeats.</summary>
    private static async Task<List<(int Length, uint Token)>> NextPacketsAsync(ClientWebSocket client)
    {
        while (true)
        {
            (WebSocketMessageType type, byte[] frame) = await ReceiveAsync(client);
            if (type != WebSocketMessageType.Binary || frame.Length < 2)
            {
                continue;
            }

            var packets = new List<(int, uint)>();
            int count = BinaryPrimitives.ReadUInt16BigEndian(frame);
            int offset = 2;
            for (int i = 0; i < count; i++)
            {
                int length = BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(offset));
                packets.Add((length, BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(offset + 2))));
                offset += 2 + length;
            }

            Assert.Equal(frame.Length, offset);
            return packets;
        }
    }
}
