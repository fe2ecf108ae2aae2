using System.Buffers.Binary;

namespace LowLatencyFeed.Bus.Format;

/// <summary>
/// The fixed 48-byte header of a bus message (schema version 1, little-endian). See the README in this folder's project
/// for the layout; <see cref="TryRead"/> validates magic, version and sizes.
/// </summary>
public struct BusMessageHeader
{
    /// <summary>"LLFB" read as a little-endian uint.</summary>
    public const uint Magic = 0x42464C4C;

    /// <summary>The schema version this build writes and reads.</summary>
    public const ushort CurrentVersion = 1;

    /// <summary>Bytes of the version 1 header.</summary>
    public const int Size = 48;

    /// <summary>Schema version.</summary>
    public ushort Version;

    /// <summary>First source journal sequence of the batch this message belongs to.</summary>
    public long BatchFirstSequence;

    /// <summary>Last source journal sequence of the batch.</summary>
    public long BatchLastSequence;

    /// <summary>Source sequence of this message's first event (also in its message id).</summary>
    public long FirstSequence;

    /// <summary>Events in this message.</summary>
    public int EventCount;

    /// <summary>This message's index among the batch's messages (0-based).</summary>
    public ushort PartIndex;

    /// <summary>Messages in the batch (one per feed × kind present).</summary>
    public ushort PartCount;

    /// <summary>Feed of every event in the message.</summary>
    public byte Feed;

    /// <summary>Kind of every event in the message.</summary>
    public BusEventKind Kind;

    /// <summary>CRC-32C of the body (everything after the header).</summary>
    public uint BodyCrc;

    /// <summary>Whether this is the batch's last message.</summary>
    public readonly bool IsLastPart => PartIndex + 1 == PartCount;

    /// <summary>Writes the header at the start of <paramref name="destination"/> (at least <see cref="Size"/> bytes).</summary>
    public readonly void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], CurrentVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], Size);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], BatchFirstSequence);
        BinaryPrimitives.WriteInt64LittleEndian(destination[16..], BatchLastSequence);
        BinaryPrimitives.WriteInt64LittleEndian(destination[24..], FirstSequence);
        BinaryPrimitives.WriteInt32LittleEndian(destination[32..], EventCount);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[36..], PartIndex);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[38..], PartCount);
        destination[40] = Feed;
        destination[41] = (byte)Kind;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[42..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[44..], BodyCrc);
    }

    /// <summary>Reads and checks a header; <paramref name="header"/> carries the version even when it is not supported.</summary>
    public static BusHeaderStatus TryRead(ReadOnlySpan<byte> source, out BusMessageHeader header)
    {
        header = default;
        if (source.Length < 8 || BinaryPrimitives.ReadUInt32LittleEndian(source) != Magic)
        {
            return BusHeaderStatus.NotABusMessage;
        }

        header.Version = BinaryPrimitives.ReadUInt16LittleEndian(source[4..]);
        if (header.Version != CurrentVersion)
        {
            return BusHeaderStatus.UnknownVersion;
        }

        int headerBytes = BinaryPrimitives.ReadUInt16LittleEndian(source[6..]);
        if (headerBytes != Size || source.Length < Size)
        {
            return BusHeaderStatus.Malformed;
        }

        header.BatchFirstSequence = BinaryPrimitives.ReadInt64LittleEndian(source[8..]);
        header.BatchLastSequence = BinaryPrimitives.ReadInt64LittleEndian(source[16..]);
        header.FirstSequence = BinaryPrimitives.ReadInt64LittleEndian(source[24..]);
        header.EventCount = BinaryPrimitives.ReadInt32LittleEndian(source[32..]);
        header.PartIndex = BinaryPrimitives.ReadUInt16LittleEndian(source[36..]);
        header.PartCount = BinaryPrimitives.ReadUInt16LittleEndian(source[38..]);
        header.Feed = source[40];
        header.Kind = (BusEventKind)source[41];
        header.BodyCrc = BinaryPrimitives.ReadUInt32LittleEndian(source[44..]);
        if (header.EventCount <= 0 || header.PartCount == 0 || header.PartIndex >= header.PartCount
            || header.BatchLastSequence < header.BatchFirstSequence
            || header.FirstSequence < header.BatchFirstSequence || header.FirstSequence > header.BatchLastSequence)
        {
            return BusHeaderStatus.Malformed;
        }

        return BusHeaderStatus.Ok;
    }
}
