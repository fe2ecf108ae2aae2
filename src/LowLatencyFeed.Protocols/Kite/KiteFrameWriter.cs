using LowLatencyFeed.Core.Events;
using L = LowLatencyFeed.Protocols.Kite.KitePacketLayout;

namespace LowLatencyFeed.Protocols.Kite;

/// <summary>
/// Builds one binary frame in a caller's buffer: the packet count followed by length-prefixed packets. The count is
/// kept current after every append, so <see cref="WrittenSpan"/> is always a complete frame. Does not allocate.
/// </summary>
public ref struct KiteFrameWriter
{
    private readonly Span<byte> _buffer;
    private int _length;
    private int _packetCount;

    /// <summary>Starts an empty frame (count 0) at the beginning of <paramref name="buffer"/>.</summary>
    public KiteFrameWriter(Span<byte> buffer)
    {
        if (buffer.Length < L.PrefixLength)
        {
            ThrowHelper.ThrowArgument(nameof(buffer), "A frame needs at least two bytes for its packet count.");
        }

        _buffer = buffer;
        Reset();
    }

    /// <summary>Packets written.</summary>
    public readonly int PacketCount => _packetCount;

    /// <summary>Bytes written, count included.</summary>
    public readonly int Length => _length;

    /// <summary>The frame so far.</summary>
    public readonly ReadOnlySpan<byte> WrittenSpan => _buffer.Slice(0, _length);

    /// <summary>Appends the packet of <paramref name="tick"/> (and, for tradable full, <paramref name="depth"/>); false if it does not fit.</summary>
    public bool TryAppend(in MarketEvent tick, in MarketEvent depth, KiteMode mode)
    {
        int length = KiteEncoder.PacketLength(tick, mode);
        if (!HasRoom(length))
        {
            return false;
        }

        KiteEncoder.WritePacket(_buffer.Slice(_length + L.PrefixLength, length), tick, depth, mode);
        Commit(length);
        return true;
    }

    /// <summary>Appends the packet of <paramref name="tick"/> with an empty book; false if it does not fit.</summary>
    public bool TryAppend(in MarketEvent tick, KiteMode mode) => TryAppend(tick, default(MarketEvent), mode);

    /// <summary>Appends raw packet bytes of any length (fault injection, unknown packet kinds); false if they do not fit.</summary>
    public bool TryAppendPacket(ReadOnlySpan<byte> packet)
    {
        if (packet.Length > ushort.MaxValue || !HasRoom(packet.Length))
        {
            return false;
        }

        packet.CopyTo(_buffer.Slice(_length + L.PrefixLength));
        Commit(packet.Length);
        return true;
    }

    /// <summary>Discards the packets and starts over.</summary>
    public void Reset()
    {
        _length = L.PrefixLength;
        _packetCount = 0;
        KiteWire.WriteUInt16(ref _buffer[0], 0, 0);
    }

    private readonly bool HasRoom(int packetLength) =>
        _packetCount < ushort.MaxValue && _buffer.Length - _length >= L.PrefixLength + packetLength;

    private void Commit(int packetLength)
    {
        KiteWire.WriteUInt16(ref _buffer[_length], 0, (ushort)packetLength);
        _length += L.PrefixLength + packetLength;
        _packetCount++;
        KiteWire.WriteUInt16(ref _buffer[0], 0, (ushort)_packetCount);
    }
}
