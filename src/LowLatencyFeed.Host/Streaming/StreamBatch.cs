using System.Buffers.Binary;
using System.Net.WebSockets;

namespace LowLatencyFeed.Host.Streaming;

/// <summary>
/// Several data messages of one connection in one WebSocket message, for clients that ask for it (<c>"batch": true</c>;
/// README, "Batched messages"): one socket send per batch instead of per message. Binary messages go as
/// <c>[0, 1, count u16 LE, 4 zero bytes]</c> then each message as its length (u32 LE) and bytes; JSON messages as one
/// JSON array of them. Owned by the connection's send loop; the buffer is allocated once.
/// </summary>
public sealed class StreamBatch
{
    /// <summary>Type byte of a binary batch (data messages use 1..8).</summary>
    public const byte BinaryBatchType = 0;

    /// <summary>Bytes before the first message of a binary batch.</summary>
    public const int BinaryHeaderBytes = 8;

    private readonly byte[] _buffer;
    private int _length;
    private int _count;
    private bool _binary;

    /// <summary>Creates a batch of at most <paramref name="capacity"/> bytes (at least one largest message fits).</summary>
    public StreamBatch(int capacity) => _buffer = new byte[Math.Max(capacity, StreamMessageLog.MaxMessageBytes + BinaryHeaderBytes + 8)];

    /// <summary>Messages in the batch.</summary>
    public int Count => _count;

    /// <summary>
    /// Adds <paramref name="message"/> (a JSON object, or a binary message when <paramref name="binary"/>); false when it
    /// does not fit or is of the other form: send the batch (<see cref="SendAsync"/>) and add it again.
    /// </summary>
    public bool TryAdd(ReadOnlySpan<byte> message, bool binary)
    {
        if (_count > 0 && binary != _binary)
        {
            return false;
        }

        int needed = binary ? 4 + message.Length : 1 + message.Length;
        int header = _count == 0 ? (binary ? BinaryHeaderBytes : 1) : 0;
        if (_length + header + needed + 1 > _buffer.Length || _count == ushort.MaxValue)
        {
            return false;
        }

        if (_count == 0)
        {
            _binary = binary;
            if (binary)
            {
                WriteBinaryHeader(_buffer, 0);
            }
            else
            {
                _buffer[0] = (byte)'[';
            }

            _length = header;
        }
        else if (!binary)
        {
            _buffer[_length++] = (byte)',';
        }

        if (binary)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_length), (uint)message.Length);
            _length += 4;
        }

        message.CopyTo(_buffer.AsSpan(_length));
        _length += message.Length;
        _count++;
        return true;
    }

    /// <summary>Sends the batch as one WebSocket message (nothing when empty) and empties it.</summary>
    public async ValueTask SendAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (_count == 0)
        {
            return;
        }

        ReadOnlyMemory<byte> batch = Complete(out bool binary);
        await socket.SendAsync(batch, binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the header of a binary batch of <paramref name="count"/> messages into the first
    /// <see cref="BinaryHeaderBytes"/> of <paramref name="destination"/>: type 0, layout version 1, the count (u16 LE), 4
    /// zero bytes. The messages follow as <c>[u32 length][bytes]</c> each, as a message log holds them.
    /// </summary>
    public static void WriteBinaryHeader(Span<byte> destination, int count)
    {
        destination[0] = BinaryBatchType;
        destination[1] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], (ushort)count);
        destination.Slice(4, 4).Clear();
    }

    /// <summary>
    /// Closes the batch (count, closing bracket) and empties it: the bytes to send, valid until the next
    /// <see cref="TryAdd"/>; <paramref name="binary"/> says the WebSocket message type.
    /// </summary>
    public ReadOnlyMemory<byte> Complete(out bool binary)
    {
        binary = _binary;
        if (_binary)
        {
            WriteBinaryHeader(_buffer, _count);
        }
        else if (_count > 0)
        {
            _buffer[_length++] = (byte)']';
        }

        int length = _length;
        _count = 0;
        _length = 0;
        return _buffer.AsMemory(0, length);
    }
}
