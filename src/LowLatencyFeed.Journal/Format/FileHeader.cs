using System.Buffers.Binary;

namespace LowLatencyFeed.Journal.Format;

/// <summary>
/// The 64-byte header of a segment or index file. Magic and version sit at fixed offsets (0 and 8) in every version,
/// so a reader can always tell "another format version" apart from "corrupt".
/// </summary>
public struct FileHeader
{
    /// <summary>Offset of the version field, reported when a file has another version.</summary>
    public const int VersionOffset = 8;

    private const int HeaderSizeOffset = 10;
    private const int EncodingOffset = 12;
    private const int OrdinalOffset = 16;
    private const int FirstSequenceOffset = 24;
    private const int CreatedOffset = 32;
    private const int CrcOffset = 60;

    /// <summary>Format version.</summary>
    public ushort Version;

    /// <summary>Record encoding of the blocks (<see cref="JournalFormat.NarrowRecordEncoding"/> or, in older segments, <see cref="JournalFormat.CompactRecordEncoding"/>).</summary>
    public ushort RecordEncoding;

    /// <summary>Segment ordinal (the index file repeats its segment's).</summary>
    public long Ordinal;

    /// <summary>Sequence of the first event written to the segment.</summary>
    public long FirstSequence;

    /// <summary>When the segment was created, Unix nanoseconds UTC.</summary>
    public long CreatedUnixNs;

    /// <summary>Writes the header with <paramref name="magic"/> into the first <see cref="JournalFormat.FileHeaderSize"/> bytes of <paramref name="destination"/>.</summary>
    public readonly void WriteTo(Span<byte> destination, ulong magic)
    {
        Span<byte> header = destination[..JournalFormat.FileHeaderSize];
        header.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(header, magic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[VersionOffset..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(header[HeaderSizeOffset..], JournalFormat.FileHeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(header[EncodingOffset..], RecordEncoding);
        BinaryPrimitives.WriteInt64LittleEndian(header[OrdinalOffset..], Ordinal);
        BinaryPrimitives.WriteInt64LittleEndian(header[FirstSequenceOffset..], FirstSequence);
        BinaryPrimitives.WriteInt64LittleEndian(header[CreatedOffset..], CreatedUnixNs);
        BinaryPrimitives.WriteUInt32LittleEndian(header[CrcOffset..], Crc32C.Compute(header[..CrcOffset]));
    }

    /// <summary>Reads and validates a header that should start with <paramref name="magic"/>.</summary>
    public static FileHeaderStatus TryRead(ReadOnlySpan<byte> source, ulong magic, out FileHeader header)
    {
        header = default;
        if (source.Length < JournalFormat.FileHeaderSize)
        {
            return FileHeaderStatus.TooShort;
        }

        if (BinaryPrimitives.ReadUInt64LittleEndian(source) != magic)
        {
            return FileHeaderStatus.BadMagic;
        }

        header.Version = BinaryPrimitives.ReadUInt16LittleEndian(source[VersionOffset..]);
        if (header.Version != JournalFormat.CurrentVersion)
        {
            return FileHeaderStatus.UnsupportedVersion;
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(source[CrcOffset..]) != Crc32C.Compute(source[..CrcOffset])
            || BinaryPrimitives.ReadUInt16LittleEndian(source[HeaderSizeOffset..]) != JournalFormat.FileHeaderSize)
        {
            return FileHeaderStatus.BadCrc;
        }

        header.RecordEncoding = BinaryPrimitives.ReadUInt16LittleEndian(source[EncodingOffset..]);
        header.Ordinal = BinaryPrimitives.ReadInt64LittleEndian(source[OrdinalOffset..]);
        header.FirstSequence = BinaryPrimitives.ReadInt64LittleEndian(source[FirstSequenceOffset..]);
        header.CreatedUnixNs = BinaryPrimitives.ReadInt64LittleEndian(source[CreatedOffset..]);
        return JournalFormat.IsReadableEncoding(header.RecordEncoding) ? FileHeaderStatus.Ok : FileHeaderStatus.UnsupportedVersion;
    }
}
