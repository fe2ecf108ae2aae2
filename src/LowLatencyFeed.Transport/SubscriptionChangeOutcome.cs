namespace LowLatencyFeed.Transport;

/// <summary>What became of a subscription change handed to <see cref="FeedSession.ChangeSubscriptionsAsync"/>.</summary>
public enum SubscriptionChangeOutcome
{
    /// <summary>
    /// The control events are published and the protocol's messages were sent on the live connection — or, under
    /// <see cref="FeedSessionOptions.ControlMessageLimit"/>, wait on it for room (merged with later changes).
    /// </summary>
    Sent = 0,

    /// <summary>
    /// No connection was open (connecting, backing off, or the session is not running): the list is updated, and the
    /// next connection subscribes it. Control events are published only when the session is running.
    /// </summary>
    Pending = 1,

    /// <summary>Nothing changes: the new list subscribes the same instruments in the same modes.</summary>
    Unchanged = 2,
}
