namespace LowLatencyFeed.Journal.Format;

/// <summary>How a block's payload is stored.</summary>
[Flags]
public enum BlockFlags : ushort
{
    /// <summary>The payload is the raw records (compression off, or it did not shrink the block).</summary>
    None = 0,

    /// <summary>The payload is one LZ4 block (K4os <c>LZ4Codec</c>) that decodes to <see cref="BlockHeader.RawLength"/> bytes.</summary>
    Lz4 = 1 << 0,
}
