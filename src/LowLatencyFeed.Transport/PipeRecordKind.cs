namespace LowLatencyFeed.Transport;

/// <summary>What a record in the session pipe holds: a WebSocket message or a lifecycle marker for the decode loop.</summary>
internal enum PipeRecordKind : byte
{
    /// <summary>A complete binary message (same value as <c>MessageKind.Binary</c>).</summary>
    Binary = 0,

    /// <summary>A complete text message (same value as <c>MessageKind.Text</c>).</summary>
    Text = 1,

    /// <summary>The start of a message cut off by a disconnect; skipped.</summary>
    Discarded = 2,

    /// <summary>Connected and subscribed: publish <c>Connected</c> and <c>Subscribed</c>.</summary>
    Connected = 3,

    /// <summary>The watchdog fired: publish <c>StaleFeed</c>.</summary>
    Stale = 4,

    /// <summary>The connection ended: publish <c>Disconnected</c>.</summary>
    Disconnected = 5,
}
