namespace LowLatencyFeed.Transport;

/// <summary>Where a <see cref="FeedSession"/> is in its connect / stream / reconnect cycle.</summary>
public enum FeedSessionState
{
    /// <summary>Created; <see cref="FeedSession.RunAsync{TSink}"/> not called yet.</summary>
    Created = 0,

    /// <summary>Opening the WebSocket (TCP, TLS and HTTP upgrade).</summary>
    Connecting = 1,

    /// <summary>Connected; sending the subscription messages.</summary>
    Subscribing = 2,

    /// <summary>Receiving frames.</summary>
    Streaming = 3,

    /// <summary>Waiting out the backoff delay before the next connect attempt.</summary>
    BackingOff = 4,

    /// <summary>The session ended (cancelled, or the sink failed).</summary>
    Stopped = 5,
}
