using System.Runtime.CompilerServices;
using K4os.Compression.LZ4;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Journal.Format;

namespace LowLatencyFeed.Journal.Writing;

/// <summary>
/// Block framing: records accumulate in one buffer behind room for the block header; a closed block is LZ4-compressed
/// when that makes it smaller, CRC-protected, given its header and handed to the segment as one write — on the
/// appending thread, or on the block thread (<see cref="JournalWriterOptions.BlockThread"/>).
/// </summary>
public sealed partial class JournalWriter
{
    // Records are encoded at BlockStart so an uncompressed block is written from this buffer with its header in front.
    private byte[] _block;
    private byte[] _compressed;
    private int _rawLength;
    private int _count;
    private long _blockFirstSequence;
    private long _blockOpenedAt;
    private RecordTimeBase _times;
    private long _minEventTime;
    private long _maxEventTime;
    private long _minReceiveTime;
    private long _maxReceiveTime;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void StartBlock(long sequence)
    {
        _blockFirstSequence = sequence;
        _blockOpenedAt = MonotonicClock.Timestamp();
        _times = default;
        _minEventTime = long.MaxValue;
        _maxEventTime = long.MinValue;
        _minReceiveTime = long.MaxValue;
        _maxReceiveTime = long.MinValue;
    }

    private void CloseBlock()
    {
        var header = new BlockHeader
        {
            FirstSequence = _blockFirstSequence,
            Count = _count,
            RawLength = _rawLength,
            MinEventTimeNs = _minEventTime,
            MaxEventTimeNs = _maxEventTime,
            MinReceiveTimeNs = _minReceiveTime,
            MaxReceiveTimeNs = _maxReceiveTime,
        };

        _count = 0;
        _rawLength = 0;
        if (_blockThread is null)
        {
            WriteClosedBlock(_block, ref header);
        }
        else
        {
            SubmitBlock(ref header);
        }
    }

    /// <summary>Compresses, checksums and writes the closed block of records in <paramref name="records"/> (after <see cref="BlockStart"/>).</summary>
    private void WriteClosedBlock(byte[] records, ref BlockHeader header)
    {
        int rawLength = header.RawLength;
        byte[] output = records;
        if (_options.Compression == JournalCompression.Lz4)
        {
            int compressed = LZ4Codec.Encode(records.AsSpan(BlockStart, rawLength), _compressed.AsSpan(BlockStart), _options.CompressionLevel);
            if (compressed > 0 && compressed < rawLength)
            {
                output = _compressed;
                header.Flags = BlockFlags.Lz4;
                header.StoredLength = compressed;
            }
        }

        if (header.Flags == BlockFlags.None)
        {
            header.StoredLength = rawLength;
        }

        Span<byte> block = output.AsSpan(0, header.TotalLength);
        header.PayloadCrc = Crc32C.Compute(block[BlockStart..]);
        header.WriteTo(block);
        WriteBlock(block, ref header);
    }
}
