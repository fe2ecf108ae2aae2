namespace LowLatencyFeed.Protocols.Binance;

/// <summary>
/// Binance spot WebSocket limits (Binance/README.md §2). The protocol only builds messages; spreading streams over
/// connections (the host's split) and pacing control messages (the feed session's <c>ControlMessageLimit</c>) is done
/// outside it, with these numbers.
/// </summary>
public static class BinanceStreamLimits
{
    /// <summary>Streams one connection may carry; more need another connection.</summary>
    public const int MaxStreamsPerConnection = 1024;

    /// <summary>Messages per second a client may send on one connection (pings, pongs and JSON requests all count).</summary>
    public const int MaxIncomingMessagesPerSecond = 5;

    /// <summary>
    /// Spacing the transport should keep between control messages: 1 s / 5 leaves no room for a pong,
    /// so we take 250 ms (4 per second).
    /// </summary>
    public static readonly TimeSpan MinControlMessageInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Control messages (SUBSCRIBE, UNSUBSCRIBE) the transport sends in one <see cref="ControlMessageWindow"/>: one fewer
    /// than <see cref="MaxIncomingMessagesPerSecond"/>, leaving the fifth for a pong (Binance/README.md §2).
    /// </summary>
    public const int ControlMessagesPerWindow = MaxIncomingMessagesPerSecond - 1;

    /// <summary>
    /// The window of <see cref="ControlMessagesPerWindow"/>: a second plus <see cref="MinControlMessageInterval"/>, so
    /// messages that reach the server up to that much late still cannot put more than the limit into one second.
    /// </summary>
    public static readonly TimeSpan ControlMessageWindow = TimeSpan.FromSeconds(1) + MinControlMessageInterval;

    /// <summary>Connection attempts allowed per IP in <see cref="ConnectionAttemptWindow"/>.</summary>
    public const int MaxConnectionAttemptsPerWindow = 300;

    /// <summary>Window of <see cref="MaxConnectionAttemptsPerWindow"/>.</summary>
    public static readonly TimeSpan ConnectionAttemptWindow = TimeSpan.FromMinutes(5);

    /// <summary>A connection is closed by the server after this long; plan a rollover before it.</summary>
    public static readonly TimeSpan MaxConnectionLifetime = TimeSpan.FromHours(24);

    /// <summary>Largest REST depth snapshot (<c>limit</c> of <c>GET /api/v3/depth</c>).</summary>
    public const int MaxSnapshotLimit = 5000;
}
