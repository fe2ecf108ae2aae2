using System.Net.WebSockets;
using System.Text;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Transport.Tests.Support;

namespace LowLatencyFeed.Transport.Tests;

/// <summary>Message boundaries, lifecycle events and faults of FeedSession against a bare loopback WebSocket server.</summary>
public sealed class FeedSessionFramingTests
{
    private static readonly OutgoingMessage[] s_subscriptionMessages =
    [
        new(Encoding.UTF8.GetBytes("{\"subscribe\":1}"), MessageKind.Text),
        new(new byte[] { 1, 2, 3 }, MessageKind.Binary),
    ];

    public static TheoryData<int> ReceiveBufferSizes => [1, 7, 64, 4096, 16 * 1024];

    [Theory]
    [MemberData(nameof(ReceiveBufferSizes))]
    public async Task Messages_of_every_size_arrive_whole_and_in_order(int receiveBufferSize)
    {
        (MessageKind Kind, byte[] Payload)[] messages =
        [
            (MessageKind.Binary, Pattern(1, 1)),
            (MessageKind.Binary, []),
            (MessageKind.Text, Encoding.UTF8.GetBytes("{\"type\":\"message\",\"data\":\"hello\"}")),
            (MessageKind.Binary, Pattern(5000, 2)),
            (MessageKind.Binary, Pattern(70_000, 3)),
            (MessageKind.Text, Encoding.UTF8.GetBytes(new string('x', 20_000))),
            (MessageKind.Binary, Pattern(300_000, 4)),
            (MessageKind.Binary, Pattern(17, 5)),
        ];
        var received = new List<string>();
        await using var server = new LoopbackWebSocketServer(async (socket, index, ct) =>
        {
            received.Add(await ReceiveTextOrHexAsync(socket, ct));
            received.Add(await ReceiveTextOrHexAsync(socket, ct));
            foreach ((MessageKind kind, byte[] payload) in messages)
            {
                await SendFragmentedAsync(socket, payload, kind, ct);
            }

            await WaitForCloseAsync(socket, ct);
        });

        var protocol = new RecordingProtocol(s_subscriptionMessages);
        var collector = new EventCollector();
        var session = new FeedSession(protocol, [], Options(server) with { ReceiveBufferSize = receiveBufferSize, PipePauseThreshold = 1024 * 1024 });
        using var stop = new CancellationTokenSource();
        Task run = session.RunAsync(new CollectingSink(collector), stop.Token);
        await Eventually.WaitAsync(() => protocol.Messages.Count == messages.Length, "every message decoded");
        await stop.CancelAsync();
        await run;

        IReadOnlyList<(MessageKind Kind, byte[] Payload)> got = protocol.Messages;
        for (int i = 0; i < messages.Length; i++)
        {
            Assert.Equal(messages[i].Kind, got[i].Kind);
            Assert.True(messages[i].Payload.AsSpan().SequenceEqual(got[i].Payload), $"message {i} ({messages[i].Payload.Length} bytes) arrived intact");
        }

        Assert.Equal(["{\"subscribe\":1}", "010203"], received);
        Assert.Equal(messages.Length, session.Statistics.Messages);
        Assert.Equal(messages.Sum(m => (long)m.Payload.Length), session.Statistics.Bytes);

        MarketEvent[] events = collector.Snapshot();
        Assert.Equal(ControlCode.Connected, events[0].Control.Code);
        Assert.Equal(ControlCode.Subscribed, events[1].Control.Code);
        Assert.Equal(0, events[1].Control.Argument0);
        Assert.Equal(2, events[1].Control.Argument1);
        Assert.Equal(messages.Select(m => (long)m.Payload.Length), events[2..^1].Select(e => e.Tick.LastQuantity));
        Assert.Equal(ControlCode.Disconnected, events[^1].Control.Code);
        Assert.Equal(DisconnectReason.SessionStopped, events[^1].Control.Reason);
        Assert.All(events, e => Assert.Equal(FeedKind.Binance, e.Header.Feed));
        Assert.All(events.Where(e => e.Header.Kind == EventKind.Control), e => Assert.Equal(5, e.Header.SessionId));
        Assert.Contains("X-Kite-Version: 3", server.Requests[0], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_server_close_is_reported_with_its_status_and_the_first_event_after_the_gap_is_flagged()
    {
        await using var server = new LoopbackWebSocketServer(async (socket, index, ct) =>
        {
            await ReceiveTextOrHexAsync(socket, ct);
            await ReceiveTextOrHexAsync(socket, ct);
            for (int i = 0; i < 3; i++)
            {
                await socket.SendAsync(Pattern(10 + i, (byte)index), WebSocketMessageType.Binary, true, ct);
            }

            if (index == 0)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "maintenance", ct);
            }

            await WaitForCloseAsync(socket, ct);
        });

        var protocol = new RecordingProtocol(s_subscriptionMessages);
        var collector = new EventCollector();
        var session = new FeedSession(protocol, [], Options(server));
        using var stop = new CancellationTokenSource();
        Task run = session.RunAsync(new CollectingSink(collector), stop.Token);
        await Eventually.WaitAsync(() => protocol.Messages.Count == 6, "three messages on each of two connections");
        await stop.CancelAsync();
        await run;

        MarketEvent[] events = collector.Snapshot();
        string[] codes = [.. events.Select(e => e.Header.Kind == EventKind.Control ? e.Control.Code.ToString() : "tick")];
        Assert.Equal(["Connected", "Subscribed", "tick", "tick", "tick", "Disconnected", "Connected", "Subscribed", "tick", "tick", "tick", "Disconnected"], codes);
        Assert.Equal(1001, events[5].Control.Reason);
        Assert.Equal(1, events[5].Control.Argument0);
        Assert.Equal(2, events[6].Control.Argument0);
        Assert.True(events[6].Control.Argument1 > 0, "the gap since the last frame is measured");
        Assert.Equal(DisconnectReason.SessionStopped, events[11].Control.Reason);
        bool[] afterGap = [.. events.Select(e => (e.Header.Flags & EventFlags.AfterGap) != 0)];
        Assert.Equal([false, false, false, false, false, false, false, false, true, false, false, false], afterGap);
        Assert.Equal([10L, 11L, 12L, 10L, 11L, 12L], events.Where(e => EventText.IsMarket(e)).Select(e => e.Tick.LastQuantity));
        Assert.Equal(1, session.Statistics.Reconnects);
        Assert.Equal(2, server.Accepted);
    }

    [Fact]
    public async Task A_throwing_decoder_is_counted_and_the_session_goes_on()
    {
        await using var server = new LoopbackWebSocketServer(async (socket, index, ct) =>
        {
            await socket.SendAsync(new byte[] { 1, 2 }, WebSocketMessageType.Binary, true, ct);
            await socket.SendAsync(new byte[] { RecordingProtocol.ThrowMarker, 9, 9 }, WebSocketMessageType.Binary, true, ct);
            await socket.SendAsync(new byte[] { 3, 4, 5, 6 }, WebSocketMessageType.Binary, true, ct);
            await WaitForCloseAsync(socket, ct);
        });

        var protocol = new RecordingProtocol();
        var collector = new EventCollector();
        var session = new FeedSession(protocol, [], Options(server));
        using var stop = new CancellationTokenSource();
        Task run = session.RunAsync(new CollectingSink(collector), stop.Token);
        await Eventually.WaitAsync(() => protocol.Messages.Count == 3, "three messages decoded");
        await stop.CancelAsync();
        await run;

        Assert.Equal(1, session.Statistics.DecodeFaults);
        Assert.Equal(1, session.Statistics.Connects);

        // The slot the decoder claimed before throwing was published, so a ring would not stall behind it.
        Assert.Equal([2L, 3L, 4L], collector.Snapshot().Where(e => EventText.IsMarket(e)).Select(e => e.Tick.LastQuantity));
    }

    [Fact]
    public async Task A_failing_sink_stops_the_session_with_its_exception()
    {
        var closeStatus = new TaskCompletionSource<WebSocketCloseStatus?>();
        await using var server = new LoopbackWebSocketServer(async (socket, index, ct) =>
        {
            try
            {
                for (int i = 0; i < 5; i++)
                {
                    await socket.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, true, ct);
                }

                await WaitForCloseAsync(socket, ct);
                closeStatus.TrySetResult(socket.CloseStatus);
            }
            catch (Exception exception)
            {
                closeStatus.TrySetException(exception);
            }
        });

        // Claims 1 and 2 are the Connected and Subscribed events; the third (first message) fails like a halted ring.
        var log = new ListLogger();
        var session = new FeedSession(new RecordingProtocol(), [], Options(server), log);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => session.RunAsync(new FailingSink(new EventCollector(), failAtClaim: 3), CancellationToken.None));

        Assert.Equal("sink halted (test)", failure.Message);
        Assert.Equal(0, session.Statistics.DecodeFaults);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await closeStatus.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(FeedSessionState.Stopped, session.Statistics.State);
        Assert.DoesNotContain(log.Lines, line => line.Contains("close handshake", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancelling_closes_the_socket_with_a_close_handshake()
    {
        var closeStatus = new TaskCompletionSource<WebSocketCloseStatus?>();
        await using var server = new LoopbackWebSocketServer(async (socket, index, ct) =>
        {
            await socket.SendAsync(new byte[] { 1 }, WebSocketMessageType.Binary, true, ct);
            await WaitForCloseAsync(socket, ct);
            closeStatus.TrySetResult(socket.CloseStatus);
        });

        var protocol = new RecordingProtocol();
        var session = new FeedSession(protocol, [], Options(server));
        using var stop = new CancellationTokenSource();
        Task run = session.RunAsync(new CollectingSink(new EventCollector()), stop.Token);
        await Eventually.WaitAsync(() => protocol.Messages.Count == 1, "one message");
        await stop.CancelAsync();
        await run;

        Assert.Equal(WebSocketCloseStatus.NormalClosure, await closeStatus.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(FeedSessionState.Stopped, session.Statistics.State);
        await Assert.ThrowsAsync<InvalidOperationException>(() => session.RunAsync(new CollectingSink(new EventCollector()), CancellationToken.None));
    }

    [Fact]
    public async Task Refused_connects_back_off_and_cancellation_ends_the_retries()
    {
        // Nothing listens on the port of a server that was started and stopped.
        var server = new LoopbackWebSocketServer((_, _, _) => Task.CompletedTask);
        Uri uri = server.Uri;
        await server.DisposeAsync();

        var collector = new EventCollector();
        var session = new FeedSession(new RecordingProtocol(), [], new FeedSessionOptions { Uri = uri, BackoffBase = TimeSpan.FromMilliseconds(1), BackoffMax = TimeSpan.FromMilliseconds(5), BackoffSeed = 2 });
        using var stop = new CancellationTokenSource();
        Task run = session.RunAsync(new CollectingSink(collector), stop.Token);
        await Eventually.WaitAsync(() => session.Statistics.ConnectFailures >= 3, "three failed attempts");
        await stop.CancelAsync();
        await run;

        Assert.Equal(0, session.Statistics.Connects);
        Assert.Equal(0, collector.Count);
    }

    [Fact]
    public void Options_that_cannot_work_are_rejected_with_the_option_named()
    {
        var valid = new FeedSessionOptions { Uri = new Uri("ws://127.0.0.1:1/") };
        var protocol = new RecordingProtocol();
        Assert.Contains("Uri", Assert.Throws<ArgumentOutOfRangeException>(() => new FeedSession(protocol, [], valid with { Uri = new Uri("http://127.0.0.1/") })).Message);
        Assert.Contains("StaleTimeout", Assert.Throws<ArgumentOutOfRangeException>(() => new FeedSession(protocol, [], valid with { StaleTimeout = TimeSpan.Zero })).Message);
        Assert.Contains("BackoffMax", Assert.Throws<ArgumentOutOfRangeException>(() => new FeedSession(protocol, [], valid with { BackoffMax = TimeSpan.FromMilliseconds(1), BackoffBase = TimeSpan.FromSeconds(1) })).Message);
        Assert.Contains("ReceiveBufferSize", Assert.Throws<ArgumentOutOfRangeException>(() => new FeedSession(protocol, [], valid with { ReceiveBufferSize = 0 })).Message);
    }

    private static FeedSessionOptions Options(LoopbackWebSocketServer server) => new()
    {
        Uri = server.Uri,
        RequestHeaders = [new("X-Kite-Version", "3")],
        SessionId = 5,
        BackoffBase = TimeSpan.FromMilliseconds(5),
        BackoffMax = TimeSpan.FromMilliseconds(20),
        BackoffSeed = 3,
    };

    /// <summary>Deterministic non-repeating content so a misplaced byte is always detected.</summary>
    internal static byte[] Pattern(int length, byte seed)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)((i * 31) ^ (i >> 8) ^ seed);
        }

        return bytes;
    }

    /// <summary>Sends a message as up to three WebSocket frames (continuations), so the client also sees fragmented messages.</summary>
    private static async Task SendFragmentedAsync(WebSocket socket, byte[] payload, MessageKind kind, CancellationToken ct)
    {
        WebSocketMessageType type = kind == MessageKind.Text ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
        if (payload.Length < 3 || kind == MessageKind.Text)
        {
            await socket.SendAsync(payload, type, true, ct);
            return;
        }

        int third = payload.Length / 3;
        await socket.SendAsync(payload.AsMemory(0, third), type, false, ct);
        await socket.SendAsync(payload.AsMemory(third, third), type, false, ct);
        await socket.SendAsync(payload.AsMemory(2 * third), type, true, ct);
    }

    private static async Task<string> ReceiveTextOrHexAsync(WebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[4096];
        int used = 0;
        while (true)
        {
            ValueWebSocketReceiveResult result = await socket.ReceiveAsync(buffer.AsMemory(used), ct);
            used += result.Count;
            if (result.EndOfMessage)
            {
                return result.MessageType == WebSocketMessageType.Text ? Encoding.UTF8.GetString(buffer, 0, used) : Convert.ToHexString(buffer, 0, used);
            }
        }
    }

    /// <summary>Reads until the client's close frame and answers it.</summary>
    private static async Task WaitForCloseAsync(WebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[256];
        while (socket.State == WebSocketState.Open || socket.State == WebSocketState.CloseSent)
        {
            ValueWebSocketReceiveResult result = await socket.ReceiveAsync(buffer.AsMemory(), ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (socket.State == WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                }

                return;
            }
        }
    }
}
