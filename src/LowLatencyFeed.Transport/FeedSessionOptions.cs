using System.Net.WebSockets;

namespace LowLatencyFeed.Transport;

/// <summary>
/// How a <see cref="FeedSession"/> connects, detects a dead feed and reconnects. Every default is chosen for a
/// production broker feed; tests shorten the timeouts.
/// </summary>
public sealed record FeedSessionOptions
{
    /// <summary>The WebSocket endpoint, query string included (Kite: <c>wss://ws.kite.trade?api_key=..&amp;access_token=..</c>).</summary>
    public required Uri Uri { get; init; }

    /// <summary>Extra handshake headers, e.g. <c>X-Kite-Version: 3</c>. Empty by default.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> RequestHeaders { get; init; } = [];

    /// <summary>
    /// Stamped into <c>EventHeader.SessionId</c> of the control events this session publishes. Use the same id as the
    /// protocol instance (e.g. <c>new KiteProtocol(sessionId)</c>) so market and control events agree. Default 0.
    /// </summary>
    public ushort SessionId { get; init; }

    /// <summary>Names the session in logs. Default "feed".</summary>
    public string Name { get; init; } = "feed";

    /// <summary>
    /// WebSocket keep-alive frame interval (<see cref="ClientWebSocketOptions.KeepAliveInterval"/>). Default 15 s: keeps
    /// NATs and load balancers from dropping a quiet link; liveness itself is judged by <see cref="StaleTimeout"/>.
    /// <see cref="TimeSpan.Zero"/> disables it.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// When not infinite, keep-alives become pings and the socket is aborted if no pong arrives within this time
    /// (<see cref="ClientWebSocketOptions.KeepAliveTimeout"/>). Default infinite: the frame watchdog already covers it.
    /// </summary>
    public TimeSpan KeepAliveTimeout { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>Longest a connect (TCP + TLS + upgrade) may take before it counts as failed. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// No frame at all (heartbeats included) for this long means the feed is dead, not quiet: the socket is aborted
    /// and a <c>StaleFeed</c> event published. Default 5 s, what the Kite SDKs use (its server heartbeats every ~2 s).
    /// </summary>
    public TimeSpan StaleTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>First reconnect delay ceiling; the ceiling doubles per failed attempt. Default 250 ms.</summary>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Largest reconnect delay ceiling. Default 30 s, well inside brokers' connection-rate limits.</summary>
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Seed of the jitter generator; null (the default) seeds from the OS. Set it to make delays reproducible.</summary>
    public int? BackoffSeed { get; init; }

    /// <summary>
    /// Largest number of bytes one receive writes, and the contiguous room reserved for each message so messages up
    /// to this size arrive as a single segment. Larger messages still work (they span segments). Default 16 KiB:
    /// about 88 Kite full-mode packets.
    /// </summary>
    public int ReceiveBufferSize { get; init; } = 16 * 1024;

    /// <summary>
    /// Received but undecoded bytes at which receiving pauses (backpressure to the server through TCP) until the
    /// decoder catches up to half of it. Default 1 MiB: seconds of a busy feed, small enough to stay in cache-friendly pools.
    /// </summary>
    public long PipePauseThreshold { get; init; } = 1024 * 1024;

    /// <summary>
    /// True (the default): each message is decoded on the receive thread as soon as it is complete — no thread hop
    /// and no allocation per message. False: decoding runs on the thread pool, decoupling the socket from a slow sink
    /// at the cost of a hand-off per wake-up.
    /// </summary>
    public bool InlineDecode { get; init; } = true;

    /// <summary>How long a graceful close (ours or the server's) may take before the socket is aborted. Default 2 s.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// At most this many control messages — the subscribe messages of a connect and the subscription changes made on the
    /// live connection — in any <see cref="ControlMessageWindow"/> on one connection, for brokers that disconnect a
    /// client sending faster (Binance/README.md §2). Changes wait in the session and are merged into as few messages as
    /// the protocol allows; the caller of <see cref="FeedSession.ChangeSubscriptionsAsync"/> is not held up. 0 (the
    /// default): unpaced.
    /// </summary>
    public int ControlMessageLimit { get; init; }

    /// <summary>The window of <see cref="ControlMessageLimit"/>. Default 1 s.</summary>
    public TimeSpan ControlMessageWindow { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The clock control messages are paced by (<see cref="ControlMessageLimit"/>); tests pass one they move. Default the system clock.</summary>
    public TimeProvider ControlClock { get; init; } = TimeProvider.System;

    /// <summary>Last chance to set anything else on the socket (proxy, certificates, HTTP version) before each connect.</summary>
    public Action<ClientWebSocketOptions>? ConfigureWebSocket { get; init; }

    /// <summary>Throws when a value cannot work; called by the session constructor.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Uri);
        if (Uri.Scheme is not ("ws" or "wss"))
        {
            ThrowHelper.ThrowInvalidOption(nameof(Uri), Uri, "must be a ws:// or wss:// address");
        }

        if (StaleTimeout <= TimeSpan.Zero)
        {
            ThrowHelper.ThrowInvalidOption(nameof(StaleTimeout), StaleTimeout, "must be positive");
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            ThrowHelper.ThrowInvalidOption(nameof(ConnectTimeout), ConnectTimeout, "must be positive");
        }

        if (BackoffBase < TimeSpan.Zero || BackoffMax < BackoffBase)
        {
            ThrowHelper.ThrowInvalidOption(nameof(BackoffMax), BackoffMax, "must be at least BackoffBase ({0}), which must not be negative", BackoffBase);
        }

        if (ReceiveBufferSize < 1 || ReceiveBufferSize > 16 * 1024 * 1024)
        {
            ThrowHelper.ThrowInvalidOption(nameof(ReceiveBufferSize), ReceiveBufferSize, "must be between 1 byte and 16 MiB");
        }

        if (PipePauseThreshold < 2L * ReceiveBufferSize)
        {
            ThrowHelper.ThrowInvalidOption(nameof(PipePauseThreshold), PipePauseThreshold, "must be at least twice ReceiveBufferSize ({0})", ReceiveBufferSize);
        }

        if (ControlMessageLimit < 0)
        {
            ThrowHelper.ThrowInvalidOption(nameof(ControlMessageLimit), ControlMessageLimit, "must be 0 (unpaced) or positive");
        }

        if (ControlMessageLimit > 0 && ControlMessageWindow <= TimeSpan.Zero)
        {
            ThrowHelper.ThrowInvalidOption(nameof(ControlMessageWindow), ControlMessageWindow, "must be positive when ControlMessageLimit is set");
        }

        ArgumentNullException.ThrowIfNull(ControlClock);
        if (CloseTimeout < TimeSpan.Zero)
        {
            ThrowHelper.ThrowInvalidOption(nameof(CloseTimeout), CloseTimeout, "must not be negative");
        }
    }
}
