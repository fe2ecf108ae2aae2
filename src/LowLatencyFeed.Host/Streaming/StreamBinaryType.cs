namespace LowLatencyFeed.Host.Streaming;

/// <summary>Byte 0 of a binary stream message (README "Live stream", binary form). Values are never renumbered.</summary>
public enum StreamBinaryType : byte
{
    /// <summary>A ticker snapshot.</summary>
    Tick = 1,

    /// <summary>A trade.</summary>
    Trade = 2,

    /// <summary>Best bid and offer.</summary>
    Quote = 3,

    /// <summary>The book's best levels.</summary>
    Depth = 4,

    /// <summary>A closed bar.</summary>
    Bar = 5,

    /// <summary>A book metrics sample.</summary>
    BookMetrics = 6,

    /// <summary>A depth signal transition.</summary>
    Signal = 7,

    /// <summary>An indicator value.</summary>
    Indicator = 8,
}
