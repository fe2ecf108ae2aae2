namespace LowLatencyFeed.Transport;

/// <summary>
/// Values of <c>ControlPayload.Reason</c> on <c>Disconnected</c> events that are not a WebSocket close status.
/// Close statuses are 1000–4999, so these start at 5000 and never collide with what a server can send.
/// </summary>
public static class DisconnectReason
{
    /// <summary>The server closed without a status code (WebSocket 1005 is reported as is when it sent one).</summary>
    public const int NoStatus = 1005;

    /// <summary>The connection failed: reset, TLS or socket error, or the server vanished without a close frame.</summary>
    public const int NetworkError = 5000;

    /// <summary>The watchdog saw no frame for <see cref="FeedSessionOptions.StaleTimeout"/> and aborted the socket.</summary>
    public const int StaleFeed = 5001;

    /// <summary>The session was cancelled and closed the socket itself.</summary>
    public const int SessionStopped = 5002;

    /// <summary>The event consumer (the pipe reader) stopped, so the connection was closed.</summary>
    public const int ReaderStopped = 5003;
}
