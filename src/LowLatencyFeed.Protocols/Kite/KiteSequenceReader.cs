using System.Buffers;
using System.Runtime.CompilerServices;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Protocols.Kite;

/// <summary>
/// Frame reader over a multi-segment message. Packets lying inside one segment are returned in place; a packet
/// straddling segments is copied into the caller's stack scratch buffer, so nothing is allocated either way.
/// </summary>
internal ref struct KiteSequenceReader : IKiteFrameReader
{
    private readonly Span<byte> _scratch;
    private SequenceReader<byte> _reader;

    public KiteSequenceReader(in ReadOnlySequence<byte> message, Span<byte> scratch)
    {
        _reader = new SequenceReader<byte>(message);
        _scratch = scratch;
    }

    public readonly long Length => _reader.Length;

    public readonly long Consumed => _reader.Consumed;

    public readonly long Remaining => _reader.Remaining;

    public bool TryReadUInt16(out ushort value)
    {
        if (_reader.TryReadBigEndian(out short raw))
        {
            value = (ushort)raw;
            return true;
        }

        value = 0;
        return false;
    }

    public void Skip(int count) => _reader.Advance(count);

    public ReadOnlySpan<byte> ReadPacket(int length)
    {
        ReadOnlySpan<byte> unread = _reader.UnreadSpan;
        if (unread.Length >= length)
        {
            _reader.Advance(length);
            return unread.Slice(0, length);
        }

        Span<byte> copy = _scratch.Slice(0, length);
        _reader.TryCopyTo(copy);
        _reader.Advance(length);
        return copy;
    }

    public readonly void Report(
        FeedDiagnostics diagnostics,
        ParseErrorReason reason,
        [InterpolatedStringHandlerArgument("diagnostics", "reason")] ref DiagnosticDetailHandler detail,
        long offset) =>
        diagnostics.Report(reason, ref detail, _reader.Sequence, offset);
}
