using System.Buffers.Binary;
using System.Numerics;

namespace LowLatencyFeed.Host.Streaming;

/// <summary>
/// The formatted messages of one stream stage, shared by every client: the stage writes each event's message once per
/// format into this circular byte log and queues only its position to each client that wants it, so a message costs
/// one formatting however many clients receive it. One writer (the stage's ring thread), many readers (the clients'
/// senders). A reader copies the message out and then checks that the writer has not come round over it since — a
/// message overwritten before its client took it is reported as dropped (README "Live stream").
/// </summary>
/// <remarks>
/// Records are <c>[u32 length][bytes]</c> back to back, never split at the end of the buffer (the writer skips the
/// tail), so a run of records is the body of a binary batch (README "Batched messages"). An <em>indexed</em> log also
/// numbers its messages 0, 1, 2 … and keeps, per number, the record's position and how many <em>marked</em> messages
/// (trades, in a tick log) were appended up to and including it, so a reader that walks the log with its own cursor
/// (a firehose client) can tell exactly how many messages of each kind it missed when the writer came round over it.
/// </remarks>
public sealed class StreamMessageLog
{
    /// <summary>Largest message the log takes (a book metrics sample with every window is under 1 KiB).</summary>
    public const int MaxMessageBytes = 4096;

    /// <summary>Bytes before each message in the log (its length, u32 little-endian).</summary>
    public const int LengthPrefix = 4;

    // An index slot per 64 bytes of log: the smallest message of an indexed log (a binary tick, 96 bytes) takes more,
    // so the bytes, not the index, decide how far back a reader can be.
    private const int BytesPerIndexSlot = 64;
    private readonly byte[] _bytes;
    private readonly long _mask;
    private readonly long[]? _starts;
    private readonly long[]? _markedThrough;
    private readonly long _indexMask;
    private long _written;
    private long _reserved;
    private long _oversized;
    private long _count;
    private long _countReserved;
    private long _marked;

    /// <summary>Creates a log of at least <paramref name="capacityBytes"/> bytes (a power of two, at least 64 KiB); <paramref name="indexed"/>: number the messages (see remarks).</summary>
    public StreamMessageLog(int capacityBytes, bool indexed = false)
    {
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(capacityBytes, 64 * 1024, 1 << 30));
        _bytes = new byte[size];
        _mask = size - 1;
        if (indexed)
        {
            _starts = new long[size / BytesPerIndexSlot];
            _markedThrough = new long[size / BytesPerIndexSlot];
            _indexMask = _starts.Length - 1;
        }
    }

    /// <summary>Bytes the log holds before it comes round.</summary>
    public int Capacity => _bytes.Length;

    /// <summary>Messages refused for being larger than <see cref="MaxMessageBytes"/>.</summary>
    public long Oversized => Volatile.Read(ref _oversized);

    /// <summary>Indexed log: messages appended so far (the number the next one gets).</summary>
    public long Count => Volatile.Read(ref _count);

    /// <summary>Indexed log, writer: marked messages appended so far.</summary>
    public long MarkedCount => _marked;

    /// <summary>Writer: copies <paramref name="message"/> in; its position, or -1 when it is too large. <paramref name="marked"/>: counted among the marked messages of an indexed log.</summary>
    public long Append(ReadOnlySpan<byte> message, bool marked = false)
    {
        if (message.Length > MaxMessageBytes)
        {
            Volatile.Write(ref _oversized, _oversized + 1);
            return -1;
        }

        long position = _written;
        int total = LengthPrefix + message.Length;
        long offset = position & _mask;
        if (offset + total > _bytes.Length)
        {
            // A message never wraps: skip the tail of the buffer.
            position += _bytes.Length - offset;
            offset = 0;
        }

        long end = position + total;
        long number = _count;
        if (_starts is not null)
        {
            Volatile.Write(ref _countReserved, number + 1);
        }

        // Readers must see the reservations before any byte of the area (or index slot) they take changes.
        Interlocked.Exchange(ref _reserved, end);
        BinaryPrimitives.WriteInt32LittleEndian(_bytes.AsSpan((int)offset), message.Length);
        message.CopyTo(_bytes.AsSpan((int)offset + LengthPrefix));
        _written = end;
        if (_starts is not null)
        {
            _marked += marked ? 1 : 0;
            _starts[number & _indexMask] = position;
            _markedThrough![number & _indexMask] = _marked;
            Volatile.Write(ref _count, number + 1);
        }

        return position;
    }

    /// <summary>
    /// Indexed log, reader: the position of message <paramref name="number"/> (below <see cref="Count"/>) and the marked
    /// messages up to and including it; false when the writer has reused its index slot or come round over its bytes.
    /// </summary>
    public bool TryGetEntry(long number, out long position, out long markedThrough)
    {
        position = _starts![number & _indexMask];
        markedThrough = _markedThrough![number & _indexMask];
        Interlocked.MemoryBarrier();
        return IsIndexCurrentFrom(number) && !IsOverwritten(position);
    }

    /// <summary>
    /// Indexed log, reader: the index entry of message <paramref name="number"/> as it reads now, unchecked (no fence): a
    /// run is checked once, after its copy, with <see cref="IsIndexCurrentFrom"/> and the copy's own check.
    /// </summary>
    public void PeekEntry(long number, out long position, out long markedThrough)
    {
        position = _starts![number & _indexMask];
        markedThrough = _markedThrough![number & _indexMask];
    }

    /// <summary>
    /// Indexed log, reader, after a fence (a copy's check gives one): whether the writer has reused no index slot of
    /// message <paramref name="number"/> or any later one; entries read with <see cref="PeekEntry"/> before the fence
    /// were then whole.
    /// </summary>
    public bool IsIndexCurrentFrom(long number) => Volatile.Read(ref _countReserved) - _starts!.Length <= number;

    /// <summary>
    /// Indexed log, reader: copies message <paramref name="number"/> (below <see cref="Count"/>) into
    /// <paramref name="destination"/> with one check for both its index entry and its bytes; false when the writer has
    /// reused the one or come round over the other.
    /// </summary>
    public bool TryCopyMessage(long number, Span<byte> destination, out int length, out long markedThrough)
    {
        long position = _starts![number & _indexMask];
        markedThrough = _markedThrough![number & _indexMask];
        length = 0;
        int candidate = LengthAt(position);
        if (candidate < 0 || candidate > destination.Length)
        {
            return false;
        }

        _bytes.AsSpan((int)(position & _mask) + LengthPrefix, candidate).CopyTo(destination);
        Interlocked.MemoryBarrier();
        if (!IsIndexCurrentFrom(number) || IsOverwritten(position))
        {
            return false;
        }

        length = candidate;
        return true;
    }

    /// <summary>Reader: the length prefix at <paramref name="position"/> as it reads now (unchecked: copy, then check against the writer); -1 when implausible.</summary>
    public int LengthAt(long position)
    {
        int offset = (int)(position & _mask);
        if (offset + LengthPrefix > _bytes.Length)
        {
            return -1;
        }

        int length = BinaryPrimitives.ReadInt32LittleEndian(_bytes.AsSpan(offset));
        return length < 0 || length > MaxMessageBytes || offset + LengthPrefix + length > _bytes.Length ? -1 : length;
    }

    /// <summary>
    /// Reader: copies the records from <paramref name="start"/> to <paramref name="end"/> (within one pass of the buffer)
    /// into <paramref name="destination"/>; false when the writer has come round over any of them meanwhile.
    /// </summary>
    public bool TryCopyRegion(long start, long end, Span<byte> destination)
    {
        int offset = (int)(start & _mask);
        int length = (int)(end - start);
        if (IsOverwritten(start) || length < 0 || length > destination.Length || offset + length > _bytes.Length)
        {
            return false;
        }

        _bytes.AsSpan(offset, length).CopyTo(destination);
        Interlocked.MemoryBarrier();
        return !IsOverwritten(start);
    }

    /// <summary>
    /// Reader: copies the messages of the records from <paramref name="start"/> to <paramref name="end"/> (within one
    /// pass of the buffer; JSON objects) into <paramref name="destination"/> as one JSON array — <c>[</c>, the messages
    /// separated by <c>,</c>, <c>]</c>, a JSON batch (README "Batched messages") — and gives its
    /// <paramref name="length"/>; false when the writer has come round over any of them meanwhile (or the array does not
    /// fit). One copy per message, straight from the log, and one check for them all.
    /// </summary>
    public bool TryCopyAsJsonArray(long start, long end, Span<byte> destination, out int length)
    {
        length = 0;
        int offset = (int)(start & _mask);
        int stop = offset + (int)(end - start);
        if (IsOverwritten(start) || end <= start || stop > _bytes.Length || destination.Length < 2)
        {
            return false;
        }

        // Lengths read here may be torn by a writer coming round: bounded by the region and the destination, and the
        // check after the copy throws the array away then.
        int written = 0;
        while (offset < stop)
        {
            int candidate = BinaryPrimitives.ReadInt32LittleEndian(_bytes.AsSpan(offset));
            if ((uint)candidate > (uint)(stop - offset - LengthPrefix) || written + 2 + candidate > destination.Length)
            {
                return false;
            }

            destination[written] = written == 0 ? (byte)'[' : (byte)',';
            written++;
            _bytes.AsSpan(offset + LengthPrefix, candidate).CopyTo(destination[written..]);
            written += candidate;
            offset += LengthPrefix + candidate;
        }

        destination[written++] = (byte)']';
        Interlocked.MemoryBarrier();
        if (IsOverwritten(start))
        {
            return false;
        }

        length = written;
        return true;
    }

    /// <summary>
    /// Reader: copies the message at <paramref name="position"/> into <paramref name="destination"/> (at least
    /// <see cref="MaxMessageBytes"/> long); false when the writer has overwritten it.
    /// </summary>
    public bool TryCopy(long position, Span<byte> destination, out int length)
    {
        length = 0;
        if (IsOverwritten(position))
        {
            return false;
        }

        int candidate = LengthAt(position);
        if (candidate < 0 || candidate > destination.Length)
        {
            return false;
        }

        _bytes.AsSpan((int)(position & _mask) + LengthPrefix, candidate).CopyTo(destination);
        Interlocked.MemoryBarrier();
        if (IsOverwritten(position))
        {
            return false;
        }

        length = candidate;
        return true;
    }

    /// <summary>Reader: whether the writer has taken the bytes at <paramref name="position"/> for a newer message.</summary>
    private bool IsOverwritten(long position) => Volatile.Read(ref _reserved) - _bytes.Length > position;
}
