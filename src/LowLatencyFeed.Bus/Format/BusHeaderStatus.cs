namespace LowLatencyFeed.Bus.Format;

/// <summary>Outcome of reading a bus message header.</summary>
public enum BusHeaderStatus
{
    /// <summary>A valid version 1 header.</summary>
    Ok,

    /// <summary>The magic is missing: not a bus message.</summary>
    NotABusMessage,

    /// <summary>A bus message of a schema version this build cannot read (a newer publisher).</summary>
    UnknownVersion,

    /// <summary>Sizes or sequences are inconsistent.</summary>
    Malformed,
}
