using System.Runtime.CompilerServices;
using K4os.Compression.LZ4;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Journal.Format;

namespace LowLatencyFeed.Journal.Writing;

/// <summary>
/// Block framing: records accumulate in one buffer behind room for the block header; a closed block is LZ4-compressed
/// when that makes it smaller, CRC-protected, given its header and handed to the segment as one write.
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

        byte[] output = _block;
        ReadOnlySpan<byte> raw = _block.AsSpan(BlockStart, _rawLength);
        if (_options.Compression == JournalCompression.Lz4)
        {
            int compressed = LZ4Codec.Encode(raw, _compressed.AsSpan(BlockStart), _options.CompressionLevel);
            if (compressed > 0 && compressed < _rawLength)
            {
                output = _compressed;
                header.Flags = BlockFlags.Lz4;
                header.StoredLength = compressed;
            }
        }

        if (header.Flags == BlockFlags.None)
        {
            header.StoredLength = _rawLength;
        }

        Span<byte> block = output.AsSpan(0, header.TotalLength);
        header.PayloadCrc = Crc32C.Compute(block[BlockStart..]);
        header.WriteTo(block);

        int events = _count;
        long lastSequence = header.LastSequence;
        _count = 0;
        _rawLength = 0;
        WriteBlock(block, ref header, events, lastSequence);
    }
}
