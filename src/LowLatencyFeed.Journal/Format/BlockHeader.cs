using System.Buffers.Binary;

namespace LowLatencyFeed.Journal.Format;

/// <summary>
/// The 72-byte header before every block payload. Its own CRC protects the lengths before they are trusted;
/// a second CRC protects the payload, so a damaged payload can be skipped exactly and a damaged header by a resync.
/// </summary>
public struct BlockHeader
{
    private const int FlagsOffset = 4;
    private const int FirstSequenceOffset = 8;
    private const int CountOffset = 16;
    private const int RawLengthOffset = 20;
    private const int StoredLengthOffset = 24;
    private const int PayloadCrcOffset = 28;
    private const int MinEventTimeOffset = 32;
    private const int MaxEventTimeOffset = 40;
    private const int MinReceiveTimeOffset = 48;
    private const int MaxReceiveTimeOffset = 56;
    private const int HeaderCrcOffset = 68;

    /// <summary>Payload storage.</summary>
    public BlockFlags Flags;

    /// <summary>Sequence of the first record; record i has sequence FirstSequence + i.</summary>
    public long FirstSequence;

    /// <summary>Number of records.</summary>
    public int Count;

    /// <summary>Uncompressed payload length.</summary>
    public int RawLength;

    /// <summary>Payload length on disk.</summary>
    public int StoredLength;

    /// <summary>CRC-32C of the stored payload bytes.</summary>
    public uint PayloadCrc;

    /// <summary>Smallest event time (<see cref="JournalFormat.EventTime"/>) in the block.</summary>
    public long MinEventTimeNs;

    /// <summary>Largest event time in the block.</summary>
    public long MaxEventTimeNs;

    /// <summary>Smallest receive time in the block.</summary>
    public long MinReceiveTimeNs;

    /// <summary>Largest receive time in the block.</summary>
    public long MaxReceiveTimeNs;

    /// <summary>Sequence of the last record.</summary>
    public readonly long LastSequence => FirstSequence + Count - 1;

    /// <summary>Header plus payload bytes.</summary>
    public readonly int TotalLength => JournalFormat.BlockHeaderSize + StoredLength;

    /// <summary>Writes the header (with its CRC) into the first <see cref="JournalFormat.BlockHeaderSize"/> bytes of <paramref name="destination"/>.</summary>
    public readonly void WriteTo(Span<byte> destination)
    {
        Span<byte> header = destination[..JournalFormat.BlockHeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(header, JournalFormat.BlockMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[FlagsOffset..], (ushort)Flags);
        BinaryPrimitives.WriteUInt16LittleEndian(header[(FlagsOffset + 2)..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(header[FirstSequenceOffset..], FirstSequence);
        BinaryPrimitives.WriteInt32LittleEndian(header[CountOffset..], Count);
        BinaryPrimitives.WriteInt32LittleEndian(header[RawLengthOffset..], RawLength);
        BinaryPrimitives.WriteInt32LittleEndian(header[StoredLengthOffset..], StoredLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header[PayloadCrcOffset..], PayloadCrc);
        BinaryPrimitives.WriteInt64LittleEndian(header[MinEventTimeOffset..], MinEventTimeNs);
        BinaryPrimitives.WriteInt64LittleEndian(header[MaxEventTimeOffset..], MaxEventTimeNs);
        BinaryPrimitives.WriteInt64LittleEndian(header[MinReceiveTimeOffset..], MinReceiveTimeNs);
        BinaryPrimitives.WriteInt64LittleEndian(header[MaxReceiveTimeOffset..], MaxReceiveTimeNs);
        BinaryPrimitives.WriteUInt32LittleEndian(header[(HeaderCrcOffset - 4)..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[HeaderCrcOffset..], Crc32C.Compute(header[..HeaderCrcOffset]));
    }

    /// <summary>Reads and validates a block header.</summary>
    public static BlockHeaderStatus TryRead(ReadOnlySpan<byte> source, out BlockHeader header)
    {
        header = default;
        if (source.Length < JournalFormat.BlockHeaderSize)
        {
            return BlockHeaderStatus.TooShort;
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(source) != JournalFormat.BlockMagic)
        {
            return BlockHeaderStatus.BadMagic;
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(source[HeaderCrcOffset..]) != Crc32C.Compute(source[..HeaderCrcOffset]))
        {
            return BlockHeaderStatus.BadCrc;
        }

        header.Flags = (BlockFlags)BinaryPrimitives.ReadUInt16LittleEndian(source[FlagsOffset..]);
        header.FirstSequence = BinaryPrimitives.ReadInt64LittleEndian(source[FirstSequenceOffset..]);
        header.Count = BinaryPrimitives.ReadInt32LittleEndian(source[CountOffset..]);
        header.RawLength = BinaryPrimitives.ReadInt32LittleEndian(source[RawLengthOffset..]);
        header.StoredLength = BinaryPrimitives.ReadInt32LittleEndian(source[StoredLengthOffset..]);
        header.PayloadCrc = BinaryPrimitives.ReadUInt32LittleEndian(source[PayloadCrcOffset..]);
        header.MinEventTimeNs = BinaryPrimitives.ReadInt64LittleEndian(source[MinEventTimeOffset..]);
        header.MaxEventTimeNs = BinaryPrimitives.ReadInt64LittleEndian(source[MaxEventTimeOffset..]);
        header.MinReceiveTimeNs = BinaryPrimitives.ReadInt64LittleEndian(source[MinReceiveTimeOffset..]);
        header.MaxReceiveTimeNs = BinaryPrimitives.ReadInt64LittleEndian(source[MaxReceiveTimeOffset..]);

        bool lengthsValid = header.Count > 0
            && header.Count <= JournalFormat.MaxEventsPerBlock
            && header.RawLength > 0
            && header.RawLength <= JournalFormat.MaxBlockRawBytes
            && header.StoredLength > 0
            && header.StoredLength <= JournalFormat.MaxBlockRawBytes
            && ((header.Flags & BlockFlags.Lz4) != 0 || header.StoredLength == header.RawLength)
            && (header.Flags & ~BlockFlags.Lz4) == 0
            && header.FirstSequence <= long.MaxValue - header.Count;
        return lengthsValid ? BlockHeaderStatus.Ok : BlockHeaderStatus.BadLength;
    }
}
