using System.Net.WebSockets;
using System.Text;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Transport.Tests.Support;

namespace LowLatencyFeed.Transport.Tests;

/// <summary>Replies a protocol produces mid-stream (<c>IFeedReplySource</c>): every one sent, in order, on its own connection.</summary>
public sealed class FeedSessionReplyTests
{
    [Fact]
    public async Task Every_reply_is_sent_in_order_even_when_many_messages_arrive_in_one_read()
    {
        var received = new List<string>();
        await using var server = new LoopbackWebSocketServer(async (socket, index, ct) =>
        {
            Assert.Equal("hello", await ReceiveTextAsync(socket, ct));

            // Back to back, so the client's pipe holds many of them per read: 40 messages, every other one asking for a reply.
            for (int i = 0; i < 40; i++)
            {
                string text = i % 2 == 0 ? $"A{i}" : $"x{i}";
                await socket.SendAsync(Encoding.ASCII.GetBytes(text), WebSocketMessageType.Binary, true, ct);
            }

            for (int i = 0; i < 20; i++)
            {
                string reply = await ReceiveTextAsync(socket, ct);
                lock (received)
                {
                    received.Add(reply);
                }
            }

            await Task.Delay(Timeout.Infinite, ct);
        });

        var collector = new EventCollector();
        var session = new FeedSession(new ReplyingProtocol(), [], Options(server.Uri));
        using var stop = new CancellationTokenSource();
        Task run = session.RunAsync(new CollectingSink(collector), stop.Token);

        await Eventually.WaitAsync(() => { lock (received) { return received.Count == 20; } }, "20 replies at the server");
        await stop.CancelAsync();
        await run;

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"ack:A{i * 2}"), received);
        Assert.Equal(20, session.Statistics.RepliesSent);
        Assert.Equal(0, session.Statistics.RepliesDropped);
        Assert.Equal(40, collector.CountMarket());
    }

    [Fact]
    public async Task A_reply_to_a_message_of_an_ended_connection_is_dropped_not_sent_on_the_next_one()
    {
        using var gate = new ManualResetEventSlim(false);
        var secondConnectionReplies = new List<string>();
        await using var server = new LoopbackWebSocketServer(async (socket, index, ct) =>
        {
            Assert.Equal("hello", await ReceiveTextAsync(socket, ct));
            if (index == 0)
            {
                // The client's decode loop is held at this message's tick until connection 1 is up.
                await socket.SendAsync("A-old"u8.ToArray(), WebSocketMessageType.Binary, true, ct);
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", ct);
                return;
            }

            gate.Set();
            await socket.SendAsync("A-new"u8.ToArray(), WebSocketMessageType.Binary, true, ct);
            string reply = await ReceiveTextAsync(socket, ct);
            lock (secondConnectionReplies)
            {
                secondConnectionReplies.Add(reply);
            }

            await Task.Delay(Timeout.Infinite, ct);
        });

        var collector = new EventCollector();
        // Decoding off the receive loop, so holding it back does not hold back the connections.
        var session = new FeedSession(new ReplyingProtocol(), [], Options(server.Uri) with { InlineDecode = false });
        using var stop = new CancellationTokenSource();
        Task run = session.RunAsync(new FirstTickGateSink(collector, gate), stop.Token);

        await Eventually.WaitAsync(() => { lock (secondConnectionReplies) { return secondConnectionReplies.Count == 1; } }, "a reply on connection 1");
        await stop.CancelAsync();
        await run;

        Assert.Equal(new[] { "ack:A-new" }, secondConnectionReplies);
        Assert.Equal(1, session.Statistics.RepliesSent);
        Assert.Equal(1, session.Statistics.RepliesDropped);
        Assert.Equal(2, collector.CountControl(ControlCode.Connected));
    }

    private static FeedSessionOptions Options(Uri uri) => new()
    {
        Uri = uri,
        Name = "reply-test",
        KeepAliveInterval = TimeSpan.Zero,
        CloseTimeout = TimeSpan.FromMilliseconds(200),
        BackoffBase = TimeSpan.FromMilliseconds(10),
        BackoffMax = TimeSpan.FromMilliseconds(50),
        BackoffSeed = 1,
    };

    private static async Task<string> ReceiveTextAsync(WebSocket socket, CancellationToken ct)
    {
        byte[] buffer = new byte[1024];
        int used = 0;
        while (true)
        {
            ValueWebSocketReceiveResult result = await socket.ReceiveAsync(buffer.AsMemory(used), ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException("closed");
            }

            used += result.Count;
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(buffer, 0, used);
            }
        }
    }
}
