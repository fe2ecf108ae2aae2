using System.Buffers.Binary;
using K4os.Compression.LZ4;
using LowLatencyFeed.Journal.Format;
using Microsoft.Win32.SafeHandles;

namespace LowLatencyFeed.Journal.Reading;

/// <summary>
/// Read access to one segment file: its header, block probing, payload checks and resynchronisation after damage.
/// Opened with sharing that lets the writer keep appending and retention delete it meanwhile.
/// </summary>
internal sealed class SegmentFile : IDisposable
{
    private const int ResyncChunk = 64 * 1024;

    private readonly byte[] _headerScratch = new byte[JournalFormat.BlockHeaderSize];

    private SegmentFile(string path, long ordinal, SafeFileHandle handle)
    {
        Path = path;
        Ordinal = ordinal;
        Handle = handle;
        Length = RandomAccess.GetLength(handle);
    }

    public string Path { get; }

    public long Ordinal { get; }

    public SafeFileHandle Handle { get; }

    public long Length { get; private set; }

    public FileHeader Header;

    public FileHeaderStatus HeaderStatus { get; private set; }

    public static SegmentFile Open(string path, long ordinal, bool writable = false)
    {
        SafeFileHandle handle = File.OpenHandle(
            path,
            FileMode.Open,
            writable ? FileAccess.ReadWrite : FileAccess.Read,
            FileShare.ReadWrite | FileShare.Delete);
        var file = new SegmentFile(path, ordinal, handle);
        file.ReadHeader();
        return file;
    }

    /// <summary>Re-reads the file length (the writer may have appended).</summary>
    public void Refresh() => Length = RandomAccess.GetLength(Handle);

    public string DescribeHeaderProblem() => HeaderStatus switch
    {
        FileHeaderStatus.TooShort => $"file is {Length} bytes, shorter than the {JournalFormat.FileHeaderSize}-byte segment header",
        FileHeaderStatus.BadMagic => "not a journal segment (bad magic)",
        FileHeaderStatus.UnsupportedVersion when Header.Version != JournalFormat.CurrentVersion => $"journal format version {Header.Version} is not supported; this build reads version {JournalFormat.CurrentVersion}",
        FileHeaderStatus.UnsupportedVersion => $"record encoding {Header.RecordEncoding} is not supported; this build reads encodings {JournalFormat.CompactRecordEncoding} and {JournalFormat.NarrowRecordEncoding}",
        FileHeaderStatus.BadCrc => "segment header CRC mismatch",
        _ => "ok",
    };

    public BlockProbe Probe(long offset, out BlockHeader header)
    {
        header = default;
        long remaining = Length - offset;
        if (remaining <= 0)
        {
            return BlockProbe.EndOfFile;
        }

        if (remaining < JournalFormat.BlockHeaderSize)
        {
            return BlockProbe.Torn;
        }

        Span<byte> scratch = _headerScratch;
        if (RandomAccess.Read(Handle, scratch, offset) < scratch.Length)
        {
            return BlockProbe.Torn;
        }

        if (BlockHeader.TryRead(scratch, out header) != BlockHeaderStatus.Ok)
        {
            return BlockProbe.BadHeader;
        }

        return offset + header.TotalLength > Length ? BlockProbe.Torn : BlockProbe.Ok;
    }

    /// <summary>Reads the whole block at <paramref name="offset"/> into <paramref name="buffer"/> (grown if needed) and checks both CRCs against <paramref name="expected"/>.</summary>
    public BlockReadStatus ReadBlock(long offset, ref readonly BlockHeader expected, ref byte[] buffer)
    {
        int total = expected.TotalLength;
        if (offset + total > Length)
        {
            return BlockReadStatus.Torn;
        }

        EnsureCapacity(ref buffer, total);
        Span<byte> block = buffer.AsSpan(0, total);
        if (RandomAccess.Read(Handle, block, offset) < total)
        {
            return BlockReadStatus.Torn;
        }

        if (BlockHeader.TryRead(block, out BlockHeader actual) != BlockHeaderStatus.Ok
            || actual.FirstSequence != expected.FirstSequence
            || actual.Count != expected.Count
            || actual.StoredLength != expected.StoredLength
            || actual.RawLength != expected.RawLength)
        {
            return BlockReadStatus.BadHeader;
        }

        return Crc32C.Compute(block[JournalFormat.BlockHeaderSize..]) == actual.PayloadCrc ? BlockReadStatus.Ok : BlockReadStatus.BadPayload;
    }

    /// <summary>
    /// Finds the next offset after <paramref name="from"/> holding a block header with a valid CRC that fits in the file
    /// (and, when <paramref name="verifyPayload"/>, a valid payload CRC). -1 when there is none.
    /// </summary>
    public long FindNextBlock(long from, bool verifyPayload, ref byte[] buffer)
    {
        var chunk = new byte[ResyncChunk + JournalFormat.BlockHeaderSize];
        long position = from;
        while (position + JournalFormat.BlockHeaderSize <= Length)
        {
            int read = RandomAccess.Read(Handle, chunk, position);
            int last = read - JournalFormat.BlockHeaderSize;
            for (int i = 0; i <= last; i++)
            {
                if (chunk[i] != (byte)'J' || BinaryPrimitives.ReadUInt32LittleEndian(chunk.AsSpan(i)) != JournalFormat.BlockMagic)
                {
                    continue;
                }

                long candidate = position + i;
                if (BlockHeader.TryRead(chunk.AsSpan(i, JournalFormat.BlockHeaderSize), out BlockHeader header) != BlockHeaderStatus.Ok
                    || candidate + header.TotalLength > Length)
                {
                    continue;
                }

                if (!verifyPayload || ReadBlock(candidate, in header, ref buffer) == BlockReadStatus.Ok)
                {
                    return candidate;
                }
            }

            if (last < 0)
            {
                break;
            }

            position += last + 1;
        }

        return -1;
    }

    /// <summary>Decompresses (or copies) the payload of a block read by <see cref="ReadBlock"/> into <paramref name="raw"/> (grown if needed).</summary>
    public static bool TryUnpack(ReadOnlySpan<byte> block, ref readonly BlockHeader header, ref byte[] raw)
    {
        EnsureCapacity(ref raw, header.RawLength);
        ReadOnlySpan<byte> stored = block.Slice(JournalFormat.BlockHeaderSize, header.StoredLength);
        if ((header.Flags & BlockFlags.Lz4) == 0)
        {
            stored.CopyTo(raw);
            return true;
        }

        return LZ4Codec.Decode(stored, raw.AsSpan(0, header.RawLength)) == header.RawLength;
    }

    public static void EnsureCapacity(ref byte[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new byte[Math.Max(length, buffer.Length * 2)];
        }
    }

    public void Dispose() => Handle.Dispose();

    private void ReadHeader()
    {
        Span<byte> header = stackalloc byte[JournalFormat.FileHeaderSize];
        int read = Length >= JournalFormat.FileHeaderSize ? RandomAccess.Read(Handle, header, 0) : 0;
        HeaderStatus = FileHeader.TryRead(header[..read], JournalFormat.SegmentMagic, out Header);
    }
}
