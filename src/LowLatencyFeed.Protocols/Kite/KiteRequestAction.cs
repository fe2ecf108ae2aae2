namespace LowLatencyFeed.Protocols.Kite;

/// <summary>The <c>a</c> field of a client request.</summary>
public enum KiteRequestAction : byte
{
    /// <summary><c>subscribe</c>: start streaming tokens (in quote mode unless a mode request follows).</summary>
    Subscribe = 0,

    /// <summary><c>unsubscribe</c>: stop streaming tokens.</summary>
    Unsubscribe = 1,

    /// <summary><c>mode</c>: set the streaming mode of tokens.</summary>
    Mode = 2,
}
