namespace LowLatencyFeed.Journal.Format;

/// <summary>Outcome of reading a block header.</summary>
public enum BlockHeaderStatus
{
    /// <summary>Magic and CRC valid, fields within bounds.</summary>
    Ok = 0,

    /// <summary>Fewer than <see cref="JournalFormat.BlockHeaderSize"/> bytes were available.</summary>
    TooShort = 1,

    /// <summary>The bytes do not start with the block magic.</summary>
    BadMagic = 2,

    /// <summary>The header CRC does not match.</summary>
    BadCrc = 3,

    /// <summary>The CRC matched but a length or count is out of bounds.</summary>
    BadLength = 4,
}
