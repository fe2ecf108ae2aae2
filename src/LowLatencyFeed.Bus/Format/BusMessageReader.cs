using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Format;

namespace LowLatencyFeed.Bus.Format;

/// <summary>
/// Reads the events of one bus message in order: <see cref="Open"/> checks the header and the body CRC, then
/// <see cref="MoveNext"/> decodes event after event (no allocation). Slab depth stays in the message until
/// <see cref="CopySlabLevels"/> places it in a pool.
/// </summary>
public sealed class BusMessageReader
{
    private ReadOnlyMemory<byte> _message;
    private int _position;
    private int _remaining;
    private long _sequence;
    private RecordTimeBase _times;
    private BusMessageHeader _header;

    /// <summary>The header of the open message.</summary>
    public ref readonly BusMessageHeader Header => ref _header;

    /// <summary>Source sequence of the next event (valid while <see cref="HasNext"/>).</summary>
    public long NextSequence => _sequence;

    /// <summary>Whether an event is left.</summary>
    public bool HasNext => _remaining > 0;

    /// <summary>Opens <paramref name="message"/>; on anything but <see cref="BusReadStatus.Ok"/> nothing can be read.</summary>
    public BusReadStatus Open(ReadOnlyMemory<byte> message)
    {
        _message = message;
        _remaining = 0;
        ReadOnlySpan<byte> span = message.Span;
        BusHeaderStatus status = BusMessageHeader.TryRead(span, out _header);
        if (status == BusHeaderStatus.UnknownVersion)
        {
            return BusReadStatus.UnknownVersion;
        }

        if (status != BusHeaderStatus.Ok)
        {
            return BusReadStatus.Malformed;
        }

        if (Crc32C.Compute(span[BusMessageHeader.Size..]) != _header.BodyCrc)
        {
            return BusReadStatus.BadChecksum;
        }

        _position = BusMessageHeader.Size;
        _times = default;
        _sequence = _header.FirstSequence;
        _remaining = _header.EventCount;
        return ReadDelta() ? BusReadStatus.Ok : BusReadStatus.Malformed;
    }

    /// <summary>
    /// Decodes the next event into <paramref name="destination"/> (its sequence = the source sequence). For slab depth
    /// <paramref name="slabDataOffset"/> is where its levels start (see <see cref="CopySlabLevels"/>), else -1.
    /// Returns false when the message is damaged past this point.
    /// </summary>
    public bool MoveNext(ref MarketEvent destination, out int slabDataOffset)
    {
        slabDataOffset = -1;
        if (_remaining <= 0)
        {
            return false;
        }

        ReadOnlySpan<byte> span = _message.Span;
        int position = _position;
        if (RecordCodec.TryDecode(span, ref position, ref destination, ref _times, out slabDataOffset) != RecordStatus.Ok)
        {
            _remaining = 0;
            return false;
        }

        destination.Header.Sequence = _sequence;
        _position = position;
        _remaining--;
        if (_remaining > 0 && !ReadDelta())
        {
            _remaining = 0;
            return false;
        }

        if (_remaining == 0 && _position != span.Length)
        {
            return false;
        }

        return true;
    }

    /// <summary>Copies a slab event's levels and metadata (from <see cref="MoveNext"/>) into slab <paramref name="slab"/> of <paramref name="pool"/>.</summary>
    public void CopySlabLevels(int slabDataOffset, ref readonly DepthPayload depth, DepthSlabPool pool, int slab)
    {
        ReadOnlySpan<byte> span = _message.Span;
        RecordCodec.ReadSlabLevels(span, slabDataOffset, pool.WritableBids(slab)[..depth.BidCount], pool.WritableAsks(slab)[..depth.AskCount]);
        pool.Metadata(slab) = RecordCodec.SlabMetadata(span, slabDataOffset);
    }

    private bool ReadDelta()
    {
        int read = Varint.Read(_message.Span[_position..], out ulong delta);
        if (read == 0 || delta > int.MaxValue)
        {
            return false;
        }

        _position += read;
        _sequence += (long)delta;
        return true;
    }
}
