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
public sealed class StreamMessageLog
{
    /// <summary>Largest message the log takes (a book metrics sample with every window is under 1 KiB).</summary>
    public const int MaxMessageBytes = 4096;

    private const int LengthPrefix = 4;
    private readonly byte[] _bytes;
    private readonly long _mask;
    private long _written;
    private long _reserved;
    private long _oversized;

    /// <summary>Creates a log of at least <paramref name="capacityBytes"/> bytes (a power of two, at least 64 KiB).</summary>
    public StreamMessageLog(int capacityBytes)
    {
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(capacityBytes, 64 * 1024, 1 << 30));
        _bytes = new byte[size];
        _mask = size - 1;
    }

    /// <summary>Bytes the log holds before it comes round.</summary>
    public int Capacity => _bytes.Length;

    /// <summary>Messages refused for being larger than <see cref="MaxMessageBytes"/>.</summary>
    public long Oversized => Volatile.Read(ref _oversized);

    /// <summary>Writer: copies <paramref name="message"/> in; its position, or -1 when it is too large.</summary>
    public long Append(ReadOnlySpan<byte> message)
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

        // Readers must see the reservation before any byte of the area it takes changes.
        Interlocked.Exchange(ref _reserved, end);
        BinaryPrimitives.WriteInt32LittleEndian(_bytes.AsSpan((int)offset), message.Length);
        message.CopyTo(_bytes.AsSpan((int)offset + LengthPrefix));
        _written = end;
        return position;
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

        int offset = (int)(position & _mask);
        int candidate = BinaryPrimitives.ReadInt32LittleEndian(_bytes.AsSpan(offset));
        if (candidate < 0 || candidate > MaxMessageBytes || candidate > destination.Length || offset + LengthPrefix + candidate > _bytes.Length)
        {
            return false;
        }

        _bytes.AsSpan(offset + LengthPrefix, candidate).CopyTo(destination);
        Interlocked.MemoryBarrier();
        if (IsOverwritten(position))
        {
            return false;
        }

        length = candidate;
        return true;
    }

    private bool IsOverwritten(long position) => Volatile.Read(ref _reserved) - _bytes.Length > position;
}
