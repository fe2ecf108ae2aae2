namespace LowLatencyFeed.Journal.Reading;

/// <summary>What was found at a block offset.</summary>
internal enum BlockProbe
{
    /// <summary>A valid header whose block fits in the file.</summary>
    Ok,

    /// <summary>The offset is the end of the file.</summary>
    EndOfFile,

    /// <summary>A header or payload that runs past the end of the file (partially written).</summary>
    Torn,

    /// <summary>Bytes that are not a valid block header.</summary>
    BadHeader,
}
