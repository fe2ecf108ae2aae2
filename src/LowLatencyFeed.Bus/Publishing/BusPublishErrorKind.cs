namespace LowLatencyFeed.Bus.Publishing;

/// <summary>Why a publish failed (a Prometheus label and a log word).</summary>
public enum BusPublishErrorKind
{
    /// <summary>No server could be reached, or the connection dropped.</summary>
    Unreachable,

    /// <summary>Nothing answered for the subject: JetStream down or no stream.</summary>
    NoResponders,

    /// <summary>The stream refused the message (limits such as max messages or bytes with discard new, a sealed stream, ...).</summary>
    Refused,

    /// <summary>The stream's last message is not the one this publisher sent before: something else was stored or lost.</summary>
    OutOfOrder,

    /// <summary>No acknowledgement within the timeout (server down mid-publish, or no permission to publish on the subject).</summary>
    AckTimeout,

    /// <summary>The message is larger than the server accepts.</summary>
    TooLarge,

    /// <summary>The stream could not be found, created or read back.</summary>
    Stream,

    /// <summary>Anything else.</summary>
    Other,
}
