namespace LowLatencyFeed.Protocols.Common;

/// <summary>
/// A protocol that can change what a live connection streams with its own subscribe, unsubscribe and mode messages,
/// without reconnecting. Called on the session's decode loop (the thread that decodes this connection), so the
/// decoder's instrument tables may be replaced there. Cold path.
/// </summary>
public interface ISubscriptionChangeProtocol
{
    /// <summary>
    /// The messages, in order, that take a connection subscribed to <paramref name="before"/> to
    /// <paramref name="after"/> (both full lists); also makes <paramref name="after"/>'s instruments known to the
    /// decoder. Empty when the lists subscribe the same instruments in the same modes.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="after"/> breaks a protocol limit or names an invalid instrument.</exception>
    IReadOnlyList<OutgoingMessage> BuildChangeMessages(IReadOnlyList<Subscription> before, IReadOnlyList<Subscription> after);
}
