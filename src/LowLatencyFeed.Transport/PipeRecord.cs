using System.Buffers.Binary;

namespace LowLatencyFeed.Transport;

/// <summary>
/// Layout of the records the receive loop writes into the session pipe, so WebSocket message boundaries survive the
/// byte stream. Header (16 bytes, little-endian): int32 payload length, byte <see cref="PipeRecordKind"/>, 3 reserved,
/// int64 receive time (Unix ns). Lifecycle records carry a 24-byte payload: int32 reason, 4 reserved, int64 argument 0,
/// int64 argument 1. The pipe never leaves the process, so the layout is private.
/// </summary>
internal static class PipeRecord
{
    public const int HeaderSize = 16;
    public const int ControlPayloadSize = 24;

    public static void WriteHeader(Span<byte> destination, int length, PipeRecordKind kind, long receiveTimeNs)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination, length);
        destination[4] = (byte)kind;
        destination[5] = 0;
        destination[6] = 0;
        destination[7] = 0;
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], receiveTimeNs);
    }

    public static void ReadHeader(ReadOnlySpan<byte> source, out int length, out PipeRecordKind kind, out long receiveTimeNs)
    {
        length = BinaryPrimitives.ReadInt32LittleEndian(source);
        kind = (PipeRecordKind)source[4];
        receiveTimeNs = BinaryPrimitives.ReadInt64LittleEndian(source[8..]);
    }

    public static void WriteControl(Span<byte> destination, int reason, long argument0, long argument1)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination, reason);
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], argument0);
        BinaryPrimitives.WriteInt64LittleEndian(destination[16..], argument1);
    }

    public static void ReadControl(ReadOnlySpan<byte> source, out int reason, out long argument0, out long argument1)
    {
        reason = BinaryPrimitives.ReadInt32LittleEndian(source);
        argument0 = BinaryPrimitives.ReadInt64LittleEndian(source[8..]);
        argument1 = BinaryPrimitives.ReadInt64LittleEndian(source[16..]);
    }
}
