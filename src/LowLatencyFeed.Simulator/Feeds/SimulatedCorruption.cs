using System.Buffers;
using System.Buffers.Binary;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Simulator.Feeds;

/// <summary>
/// Corrupt messages for the binary feeds whose packets start with a header holding a little-endian uint16 length of
/// the whole packet (Dhan, Dhan depth, Kotak SFeed): the decoders trust that length alone to find the next packet.
/// </summary>
internal static class SimulatedCorruption
{
    /// <summary>
    /// Writes <paramref name="noise"/> (zero-padded to a whole header) with the first packet's length set below the
    /// header size: a decoder rejects the message at its first header (BadLengthPrefix) and reads nothing after it.
    /// </summary>
    public static void WriteShortLengthPrefix(SimulatedFrameWriter frames, ReadOnlySpan<byte> noise, int lengthOffset, int headerLength)
    {
        int length = Math.Max(noise.Length, headerLength);
        IBufferWriter<byte> output = frames.BeginFrame(MessageKind.Binary);
        Span<byte> message = output.GetSpan(length)[..length];
        message.Clear();
        noise.CopyTo(message);
        BinaryPrimitives.WriteUInt16LittleEndian(message[lengthOffset..], (ushort)(noise[0] % headerLength));
        output.Advance(length);
        frames.EndFrame();
    }

    /// <summary>
    /// A cut strictly inside the first packet and after its header, so the decoder finds a whole header declaring more
    /// bytes than remain (Truncated) and decodes nothing; 0 when the message is not binary or its first packet is too short.
    /// </summary>
    public static int CutInsideFirstPacket(ReadOnlySpan<byte> message, MessageKind kind, int lengthOffset, int headerLength, ulong random)
    {
        if (kind != MessageKind.Binary || message.Length < lengthOffset + sizeof(ushort))
        {
            return 0;
        }

        int first = BinaryPrimitives.ReadUInt16LittleEndian(message[lengthOffset..]);
        int shortest = headerLength + 1;
        if (first > message.Length || first <= shortest)
        {
            return 0;
        }

        return shortest + (int)(random % (ulong)(first - shortest));
    }
}
