namespace LowLatencyFeed.Journal.Format;

/// <summary>Outcome of reading a segment or index file header.</summary>
public enum FileHeaderStatus
{
    /// <summary>The header is valid.</summary>
    Ok = 0,

    /// <summary>The file is shorter than a header (torn while being created).</summary>
    TooShort = 1,

    /// <summary>The file does not start with the expected magic: not a journal file of this kind.</summary>
    BadMagic = 2,

    /// <summary>A journal file of another format version.</summary>
    UnsupportedVersion = 3,

    /// <summary>The header's CRC does not match.</summary>
    BadCrc = 4,
}
