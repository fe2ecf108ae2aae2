using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Protocols.Kite;

/// <summary>Frame reader over one contiguous span: the common case (a whole WebSocket message in one pipe segment).</summary>
internal ref struct KiteSpanReader : IKiteFrameReader
{
    private readonly ReadOnlySpan<byte> _message;
    private int _position;

    public KiteSpanReader(ReadOnlySpan<byte> message)
    {
        _message = message;
        _position = 0;
    }

    public readonly long Length => _message.Length;

    public readonly long Consumed => _position;

    public readonly long Remaining => _message.Length - _position;

    public bool TryReadUInt16(out ushort value)
    {
        if (_message.Length - _position < KitePacketLayout.PrefixLength)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt16BigEndian(_message.Slice(_position));
        _position += KitePacketLayout.PrefixLength;
        return true;
    }

    public void Skip(int count) => _position += count;

    public ReadOnlySpan<byte> ReadPacket(int length)
    {
        ReadOnlySpan<byte> packet = _message.Slice(_position, length);
        _position += length;
        return packet;
    }

    public readonly void Report(
        FeedDiagnostics diagnostics,
        ParseErrorReason reason,
        [InterpolatedStringHandlerArgument("diagnostics", "reason")] ref DiagnosticDetailHandler detail,
        long offset) =>
        diagnostics.Report(reason, ref detail, _message, (int)offset);
}
