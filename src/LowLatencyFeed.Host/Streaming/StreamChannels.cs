namespace LowLatencyFeed.Host.Streaming;

/// <summary>What a stream client subscribes to (the README's stream section lists the message of each).</summary>
[Flags]
public enum StreamChannels
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>Ticker snapshots (not trades); dropped with a <c>gap</c> message when the client is behind.</summary>
    Ticks = 1,

    /// <summary>Discrete trades; dropped with a <c>gap</c> message when the client is behind.</summary>
    Trades = 2,

    /// <summary>Best bid/offer; conflated to the latest per instrument.</summary>
    Quotes = 4,

    /// <summary>The book's best levels per side from the book stage (10, or the subscription's <c>depthLevels</c>); conflated to the latest per instrument.</summary>
    Depth = 8,

    /// <summary>
    /// The host's status and feeds about once a second (<c>/api/status</c> + <c>/api/feeds</c>), written off the ring
    /// threads; not per instrument, conflated to the latest.
    /// </summary>
    Status = 16,
}
