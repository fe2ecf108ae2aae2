namespace LowLatencyFeed.Journal.Format;

/// <summary>Outcome of decoding one record.</summary>
public enum RecordStatus
{
    /// <summary>Decoded.</summary>
    Ok = 0,

    /// <summary>The record runs past the end of the block.</summary>
    Truncated = 1,

    /// <summary>A count or source byte is out of range.</summary>
    Malformed = 2,
}
