using System.Buffers.Binary;
using System.Diagnostics;
using LowLatencyFeed.Bus.Format;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Format;

namespace LowLatencyFeed.Bus.Publishing;

/// <summary>
/// A contiguous range of source sequences being encoded for the bus: each event is encoded once (journal record
/// encoding, times relative to the previous event of its partition) into one buffer, tagged with its partition
/// (feed × kind). <see cref="BuildMessage"/> later gathers one partition's events into a message. Preallocated and reused.
/// </summary>
public sealed class BusBatch
{
    private const int EntryPrefix = 5; // partition byte + body length
    private readonly byte[] _buffer;
    private readonly int _maxBytes;
    private readonly int _maxEvents;
    private readonly Partition[] _parts = new Partition[BusSubjects.PartitionKeys];
    private readonly sbyte[] _partOfKey = new sbyte[BusSubjects.PartitionKeys];
    private int _length;

    /// <summary>Allocates a batch of at most <paramref name="maxBytes"/> encoded bytes and <paramref name="maxEvents"/> events.</summary>
    public BusBatch(int maxBytes, int maxEvents, int slabLevelsPerSide = DepthSlabPool.DefaultLevelsPerSide)
    {
        _maxBytes = maxBytes;
        _maxEvents = maxEvents;
        MaxRecordBytes = RecordCodec.MaxRecordBytes(slabLevelsPerSide) + Varint.MaxBytes;
        _buffer = new byte[maxBytes + MaxRecordBytes + EntryPrefix];
        Reset();
    }

    /// <summary>Largest encoded event (with its sequence delta).</summary>
    public int MaxRecordBytes { get; }

    /// <summary>First source sequence, or -1 when empty.</summary>
    public long First { get; private set; }

    /// <summary>Last source sequence.</summary>
    public long Last { get; private set; }

    /// <summary>Events in the batch.</summary>
    public int Events { get; private set; }

    /// <summary>Messages the batch makes (partitions present, in order of first appearance).</summary>
    public int PartCount { get; private set; }

    /// <summary>Encoded bytes.</summary>
    public int Bytes => _length;

    /// <summary>Stopwatch timestamp of the first event.</summary>
    public long StartedTimestamp { get; private set; }

    /// <summary>Depth events whose slab could not be resolved (written without levels).</summary>
    public long UnresolvedSlabs { get; private set; }

    /// <summary>Whether nothing was appended.</summary>
    public bool IsEmpty => Events == 0;

    /// <summary>Whether one more event might not fit.</summary>
    public bool IsFull => Events >= _maxEvents || _length >= _maxBytes;

    /// <summary>Empties the batch.</summary>
    public void Reset()
    {
        _length = 0;
        First = -1;
        Last = -1;
        Events = 0;
        PartCount = 0;
        Array.Fill(_partOfKey, (sbyte)-1);
    }

    /// <summary>Appends <paramref name="e"/> (source sequence <paramref name="sequence"/>); the caller hands a full batch first (<see cref="IsFull"/>).</summary>
    public void Append(ref readonly MarketEvent e, long sequence, DepthSlabPool? slabs)
    {
        int key = BusSubjects.PartitionKey(in e);
        int index = _partOfKey[key];
        if (index < 0)
        {
            index = PartCount++;
            _partOfKey[key] = (sbyte)index;
            ref Partition created = ref _parts[index];
            created.Key = key;
            created.FirstSequence = sequence;
            created.PreviousSequence = sequence;
            created.Events = 0;
            created.Bytes = 0;
            created.Times = default;
        }

        if (Events == 0)
        {
            First = sequence;
            StartedTimestamp = Stopwatch.GetTimestamp();
        }

        ref Partition part = ref _parts[index];
        int start = _length;
        _buffer[start] = (byte)index;
        int body = start + EntryPrefix;
        int written = Varint.Write(_buffer.AsSpan(body), (ulong)(sequence - part.PreviousSequence));
        int record = RecordCodec.Encode(in e, ref _buffer[body + written], ref part.Times, slabs);
        if (record < 0)
        {
            record = -record;
            UnresolvedSlabs++;
        }

        int bodyLength = written + record;
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(start + 1), bodyLength);
        _length = body + bodyLength;
        part.PreviousSequence = sequence;
        part.Events++;
        part.Bytes += bodyLength;
        Events++;
        Last = sequence;
    }

    /// <summary>Size of message <paramref name="part"/> (header included).</summary>
    public int MessageBytes(int part) => BusMessageHeader.Size + _parts[part].Bytes;

    /// <summary>Partition key (feed × kind) of message <paramref name="part"/>.</summary>
    public int PartitionKey(int part) => _parts[part].Key;

    /// <summary>First source sequence of message <paramref name="part"/> (its message id).</summary>
    public long PartFirstSequence(int part) => _parts[part].FirstSequence;

    /// <summary>Writes message <paramref name="part"/> into <paramref name="destination"/> (at least <see cref="MessageBytes"/>); returns its length.</summary>
    public int BuildMessage(int part, Span<byte> destination)
    {
        ref Partition p = ref _parts[part];
        int position = BusMessageHeader.Size;
        int offset = 0;
        while (offset < _length)
        {
            int bodyLength = BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(offset + 1));
            if (_buffer[offset] == part)
            {
                _buffer.AsSpan(offset + EntryPrefix, bodyLength).CopyTo(destination[position..]);
                position += bodyLength;
            }

            offset += EntryPrefix + bodyLength;
        }

        var header = new BusMessageHeader
        {
            Version = BusMessageHeader.CurrentVersion,
            BatchFirstSequence = First,
            BatchLastSequence = Last,
            FirstSequence = p.FirstSequence,
            EventCount = p.Events,
            PartIndex = (ushort)part,
            PartCount = (ushort)PartCount,
            Feed = (byte)(p.Key >> 3),
            Kind = (BusEventKind)(p.Key & 7),
            BodyCrc = Crc32C.Compute(destination[BusMessageHeader.Size..position]),
        };
        header.Write(destination);
        return position;
    }

    private struct Partition
    {
        public int Key;
        public long FirstSequence;
        public long PreviousSequence;
        public int Events;
        public int Bytes;
        public RecordTimeBase Times;
    }
}
