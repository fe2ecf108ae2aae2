namespace LowLatencyFeed.Protocols.Common;

/// <summary>
/// Implemented by an <see cref="IFeedProtocol"/> that must answer the server mid-stream (Kotak HSM acknowledgements).
/// A feed session polls it after every Decode, on the decode thread, and sends each reply it takes before decoding the
/// next message, on the connection the decoded message came from; a reply whose connection has ended is dropped.
/// </summary>
public interface IFeedReplySource
{
    /// <summary>
    /// Takes the reply the last Decode produced (at most one per Decode), if any. Its payload may be a buffer the next
    /// Decode reuses, so the caller copies or sends it first.
    /// </summary>
    bool TryTakeReply(out OutgoingMessage reply);
}
