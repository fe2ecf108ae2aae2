using System.Buffers;
using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Protocols.Common;

/// <summary>
/// One broker's wire protocol as a feed session needs it: decode each received WebSocket message straight into
/// ring slots, and produce the control messages that (re)establish subscriptions. One instance per connection
/// (decoders may keep per-connection state such as Kotak topic caches).
/// </summary>
public interface IFeedProtocol
{
    /// <summary>The broker.</summary>
    FeedKind Feed { get; }

    /// <summary>Per-reason error counters and the once-per-reason log for this connection.</summary>
    FeedDiagnostics Diagnostics { get; }

    /// <summary>
    /// Decodes one complete WebSocket message. Never throws for bad input: malformed parts are counted in
    /// <see cref="Diagnostics"/> and skipped, and every well-formed packet in the message is still published.
    /// Must not allocate for well-formed market data.
    /// </summary>
    /// <param name="message">The whole message; may span several segments.</param>
    /// <param name="kind">Binary or text.</param>
    /// <param name="receiveTimeNs">Receive timestamp (Unix ns) stamped on every event.</param>
    /// <param name="sink">Where events go.</param>
    /// <returns>Number of events published.</returns>
    int Decode<TSink>(in ReadOnlySequence<byte> message, MessageKind kind, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink;

    /// <summary>Messages to send right after (re)connecting, in order: subscriptions and modes for every instrument.</summary>
    IReadOnlyList<OutgoingMessage> BuildSubscriptionMessages(IReadOnlyList<Subscription> subscriptions);
}
