using System.Buffers.Binary;

namespace LowLatencyFeed.Journal.Format;

/// <summary>
/// One block in a segment index: the block's header and its offset in the segment. 88 bytes on disk: the 72-byte
/// block header copy, the offset, 4 reserved bytes and a CRC over the rest.
/// </summary>
public struct IndexEntry
{
    private const int OffsetOffset = JournalFormat.BlockHeaderSize;
    private const int CrcOffset = JournalFormat.IndexEntrySize - 4;

    /// <summary>The block's header.</summary>
    public BlockHeader Block;

    /// <summary>Offset of the block header in the segment file.</summary>
    public long Offset;

    /// <summary>Offset just past the block.</summary>
    public readonly long End => Offset + Block.TotalLength;

    /// <summary>Writes the entry into the first <see cref="JournalFormat.IndexEntrySize"/> bytes of <paramref name="destination"/>.</summary>
    public readonly void WriteTo(Span<byte> destination)
    {
        Span<byte> entry = destination[..JournalFormat.IndexEntrySize];
        Block.WriteTo(entry);
        BinaryPrimitives.WriteInt64LittleEndian(entry[OffsetOffset..], Offset);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[(OffsetOffset + 8)..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[CrcOffset..], Crc32C.Compute(entry[..CrcOffset]));
    }

    /// <summary>Reads an entry; false when its CRC or embedded header is invalid.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out IndexEntry entry)
    {
        entry = default;
        if (source.Length < JournalFormat.IndexEntrySize
            || BinaryPrimitives.ReadUInt32LittleEndian(source[CrcOffset..]) != Crc32C.Compute(source[..CrcOffset])
            || BlockHeader.TryRead(source, out entry.Block) != BlockHeaderStatus.Ok)
        {
            return false;
        }

        entry.Offset = BinaryPrimitives.ReadInt64LittleEndian(source[OffsetOffset..]);
        return entry.Offset >= JournalFormat.FileHeaderSize;
    }
}
