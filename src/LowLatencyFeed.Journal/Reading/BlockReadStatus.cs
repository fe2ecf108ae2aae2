namespace LowLatencyFeed.Journal.Reading;

/// <summary>Outcome of reading a whole block.</summary>
internal enum BlockReadStatus
{
    /// <summary>Header and payload CRCs valid.</summary>
    Ok,

    /// <summary>The block runs past the end of the file.</summary>
    Torn,

    /// <summary>The header is damaged or differs from what the index said.</summary>
    BadHeader,

    /// <summary>The payload CRC does not match.</summary>
    BadPayload,
}
