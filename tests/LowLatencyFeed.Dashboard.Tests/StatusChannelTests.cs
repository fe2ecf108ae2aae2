using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using LowLatencyFeed.Host.Streaming;

namespace LowLatencyFeed.Dashboard.Tests;

/// <summary>The stream's <c>status</c> channel and per-client depth levels, over a plain WebSocket.</summary>
[Collection(DashboardCollection.Name)]
public sealed class StatusChannelTests(DashboardHostFixture fixture)
{
    [Fact]
    public async Task Status_channel_pushes_status_and_feeds_about_once_a_second()
    {
        using ClientWebSocket socket = await ConnectAsync();
        await SendAsync(socket, """{"subscribe": {"channels": ["status"], "instruments": []}}""");
        JsonElement ack = await ReceiveAsync(socket, "subscribed");
        Assert.Equal((int)StreamChannels.Status, ack.GetProperty("channels").GetInt32());

        JsonElement first = await ReceiveAsync(socket, "status");
        JsonElement second = await ReceiveAsync(socket, "status");
        Assert.True(second.GetProperty("time").GetDateTimeOffset() > first.GetProperty("time").GetDateTimeOffset());
        Assert.True(second.GetProperty("status").GetProperty("engine").GetProperty("sequence").GetInt64()
            >= first.GetProperty("status").GetProperty("engine").GetProperty("sequence").GetInt64());
        JsonElement feeds = second.GetProperty("feeds");
        Assert.Equal(["kite", "dhan-depth200"], feeds.EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToArray());
        JsonElement deep = feeds[1];
        Assert.Equal(1, deep.GetProperty("limitUsed").GetInt32());
        Assert.Equal(1, deep.GetProperty("limitPerConnection").GetInt32());
        Assert.Equal("instruments", deep.GetProperty("limitUnit").GetString());
        Assert.Equal(JsonValueKind.Object, deep.GetProperty("errorsByReason").ValueKind);
        Assert.Contains(second.GetProperty("status").GetProperty("stages").EnumerateArray(), s => s.GetProperty("name").GetString() == "stream");
        Assert.Equal(JsonValueKind.Object, second.GetProperty("tableRowsPerSecond").ValueKind);
    }

    [Fact]
    public async Task A_client_that_does_not_read_holds_one_status_message()
    {
        using ClientWebSocket socket = await ConnectAsync();
        await SendAsync(socket, """{"subscribe": {"channels": ["status"], "instruments": []}}""");
        await ReceiveAsync(socket, "subscribed");
        StreamClient client = fixture.Host.Api.Streaming.Hub.Clients.Last();

        // Offered faster than the sender can take them: each offer replaces the unsent one and is counted.
        long conflated = client.StatusConflated;
        for (int i = 0; i < 1000 && client.StatusConflated == conflated; i++)
        {
            client.OfferStatus("""{"type":"status","n":1}""");
            client.OfferStatus("""{"type":"status","n":2}""");
        }

        Assert.True(client.StatusConflated > conflated);
    }

    [Fact]
    public async Task Depth_levels_are_chosen_per_subscription_and_bad_values_are_refused()
    {
        using ClientWebSocket socket = await ConnectAsync();
        await SendAsync(socket, $$$"""{"subscribe": {"channels": ["depth"], "instruments": ["{{{DashboardHostFixture.DeepBook}}}"], "depthLevels": 0}}""");
        Assert.Contains("'depthLevels' must be an integer from 1 to 200, got 0", (await ReceiveAsync(socket, "error")).GetProperty("message").GetString(), StringComparison.Ordinal);

        await SendAsync(socket, $$$"""{"subscribe": {"channels": ["depth"], "instruments": ["{{{DashboardHostFixture.DeepBook}}}"], "depthLevels": 150}}""");
        Assert.Equal(150, (await ReceiveAsync(socket, "subscribed")).GetProperty("depthLevels").GetInt32());
        JsonElement depth = await ReceiveAsync(socket, "depth");
        Assert.Equal(150, depth.GetProperty("bids").GetArrayLength());
        Assert.Equal(150, depth.GetProperty("asks").GetArrayLength());

        await SendAsync(socket, """{"replay": {"channels": ["status"]}}""");
        Assert.Contains("'status' is a live channel", (await ReceiveAsync(socket, "error")).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private async Task<ClientWebSocket> ConnectAsync()
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(fixture.BaseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/api/stream"), CancellationToken.None);
        return socket;
    }

    private static Task SendAsync(ClientWebSocket socket, string json) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next message of <paramref name="type"/> (others are skipped), within a generous deadline.</summary>
    private static async Task<JsonElement> ReceiveAsync(ClientWebSocket socket, string type)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var buffer = new byte[1 << 20];
        while (true)
        {
            int length = 0;
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), deadline.Token);
                length += result.Count;
            }
            while (!result.EndOfMessage);

            using JsonDocument document = JsonDocument.Parse(buffer.AsMemory(0, length));
            if (document.RootElement.GetProperty("type").GetString() == type)
            {
                return document.RootElement.Clone();
            }
        }
    }
}
