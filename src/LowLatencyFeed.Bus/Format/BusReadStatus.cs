namespace LowLatencyFeed.Bus.Format;

/// <summary>Outcome of opening a bus message.</summary>
public enum BusReadStatus
{
    /// <summary>Readable.</summary>
    Ok,

    /// <summary>A schema version this build cannot read: stop (do not skip) and upgrade the consumer.</summary>
    UnknownVersion,

    /// <summary>Not a bus message, or a header/body that does not decode.</summary>
    Malformed,

    /// <summary>The body does not match its CRC-32C.</summary>
    BadChecksum,
}
