using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Transport;

/// <summary>
/// Counters of one <see cref="FeedSession"/>, safe to read from any thread (metrics, health checks). Each counter has
/// a single writer — the receive loop or the decode loop — so updates are plain volatile stores, not interlocked.
/// </summary>
public sealed class FeedSessionStatistics
{
    private readonly FeedDiagnostics _diagnostics;
    private long _messages;
    private long _bytes;
    private long _events;
    private long _connects;
    private long _connectFailures;
    private long _disconnects;
    private long _staleTimeouts;
    private long _discardedPartialMessages;
    private long _decodeFaults;
    private long _repliesSent;
    private long _repliesDropped;
    private long _controlMessagesSent;
    private long _controlMessagesDeferred;
    private long _lastFrameUnixNs;
    private long _authRejections;
    private int _state;

    internal FeedSessionStatistics(FeedDiagnostics diagnostics) => _diagnostics = diagnostics;

    /// <summary>
    /// Handshakes the server refused with HTTP 401 or 403: the broker rejected the credentials in the URL or headers
    /// (an expired or revoked access token); reconnecting with the same token cannot help. Also the server closes a
    /// protocol that checks its credential in-band names as a refusal (<c>IFeedAuthRefusal</c>: Kotak's session token).
    /// </summary>
    public long AuthRejections => Volatile.Read(ref _authRejections);

    /// <summary>Complete WebSocket messages received (heartbeats included).</summary>
    public long Messages => Volatile.Read(ref _messages);

    /// <summary>Payload bytes of those messages.</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    /// <summary>Events the protocol published into the sink (control events excluded).</summary>
    public long Events => Volatile.Read(ref _events);

    /// <summary>Successful connects, the first one included.</summary>
    public long Connects => Volatile.Read(ref _connects);

    /// <summary>Successful connects after the first: how often the session recovered.</summary>
    public long Reconnects => Math.Max(0, Connects - 1);

    /// <summary>Connect attempts that failed (refused, timed out, rejected upgrade).</summary>
    public long ConnectFailures => Volatile.Read(ref _connectFailures);

    /// <summary>Connections lost or closed after having connected.</summary>
    public long Disconnects => Volatile.Read(ref _disconnects);

    /// <summary>Times the watchdog found the feed silent for the stale timeout.</summary>
    public long StaleTimeouts => Volatile.Read(ref _staleTimeouts);

    /// <summary>Messages cut off by a disconnect before their last fragment; never decoded.</summary>
    public long DiscardedPartialMessages => Volatile.Read(ref _discardedPartialMessages);

    /// <summary>Messages whose decoder threw (a protocol bug: decoders must count bad input, not throw).</summary>
    public long DecodeFaults => Volatile.Read(ref _decodeFaults);

    /// <summary>Protocol replies sent mid-stream (<see cref="IFeedReplySource"/>, e.g. Kotak HSM ACKs).</summary>
    public long RepliesSent => Volatile.Read(ref _repliesSent);

    /// <summary>Protocol replies not sent because their connection had ended (or the send failed as it ended).</summary>
    public long RepliesDropped => Volatile.Read(ref _repliesDropped);

    /// <summary>Control messages sent: the subscribe messages of each connect and the subscription changes made live.</summary>
    public long ControlMessagesSent => Volatile.Read(ref _controlMessagesSent);

    /// <summary>
    /// Times a control message had to wait for room under <see cref="FeedSessionOptions.ControlMessageLimit"/> (the
    /// broker's incoming-message limit); changes made meanwhile go out merged.
    /// </summary>
    public long ControlMessagesDeferred => Volatile.Read(ref _controlMessagesDeferred);

    /// <summary>Malformed input counted by the protocol (all <see cref="ParseErrorReason"/>s).</summary>
    public long ParseErrors => _diagnostics.TotalErrors;

    /// <summary>When the last frame (or fragment) arrived, Unix ns; 0 before the first.</summary>
    public long LastFrameUnixNs => Volatile.Read(ref _lastFrameUnixNs);

    /// <summary>Current state.</summary>
    public FeedSessionState State => (FeedSessionState)Volatile.Read(ref _state);

    internal void CountMessage(long bytes)
    {
        Volatile.Write(ref _messages, _messages + 1);
        Volatile.Write(ref _bytes, _bytes + bytes);
    }

    internal void CountEvents(int events) => Volatile.Write(ref _events, _events + events);

    internal void SetLastFrame(long unixNs) => Volatile.Write(ref _lastFrameUnixNs, unixNs);

    internal void CountConnect() => Volatile.Write(ref _connects, _connects + 1);

    internal void CountAuthRejection() => Volatile.Write(ref _authRejections, _authRejections + 1);

    internal void CountConnectFailure() => Volatile.Write(ref _connectFailures, _connectFailures + 1);

    internal void CountDisconnect() => Volatile.Write(ref _disconnects, _disconnects + 1);

    internal void CountStale() => Volatile.Write(ref _staleTimeouts, _staleTimeouts + 1);

    internal void CountDiscarded() => Volatile.Write(ref _discardedPartialMessages, _discardedPartialMessages + 1);

    internal void CountDecodeFault() => Volatile.Write(ref _decodeFaults, _decodeFaults + 1);

    internal void CountReplySent() => Volatile.Write(ref _repliesSent, _repliesSent + 1);

    internal void CountReplyDropped() => Volatile.Write(ref _repliesDropped, _repliesDropped + 1);

    // Written by the connect (before the decode loop may send on that connection) and then by the decode loop.
    internal void CountControlMessageSent() => Interlocked.Increment(ref _controlMessagesSent);

    internal void CountControlMessageDeferred() => Interlocked.Increment(ref _controlMessagesDeferred);

    internal void SetState(FeedSessionState state) => Volatile.Write(ref _state, (int)state);
}
