using System.Buffers.Binary;
using LowLatencyFeed.Core.Instruments;

namespace LowLatencyFeed.Host.Streaming;

/// <summary>
/// Writes one binary stream message into a span, little-endian (README "Live stream", binary form: the common 32-byte
/// header, then the type's fields). The caller's span is at least <see cref="StreamMessageLog.MaxMessageBytes"/> long
/// for every message but depth, whose sender sizes it for its levels.
/// </summary>
public ref struct StreamBinaryWriter
{
    /// <summary>Layout version in byte 1 of every message.</summary>
    public const byte Version = 1;

    /// <summary>Bytes of the common header.</summary>
    public const int HeaderBytes = 32;

    private readonly Span<byte> _destination;
    private int _written;

    /// <summary>Starts a message in <paramref name="destination"/>.</summary>
    public StreamBinaryWriter(Span<byte> destination)
    {
        _destination = destination;
        _written = 0;
    }

    /// <summary>Bytes written.</summary>
    public readonly int Written => _written;

    /// <summary>
    /// The common header: type, version, price and quantity decimals, flags, instrument id, time (Unix ns) and journal
    /// sequence.
    /// </summary>
    public void WriteHeader(StreamBinaryType type, int priceDecimals, int quantityDecimals, int flags, InstrumentId instrument, long timeNs, long sequence)
    {
        Span<byte> header = _destination.Slice(_written, HeaderBytes);
        header[0] = (byte)type;
        header[1] = Version;
        header[2] = (byte)priceDecimals;
        header[3] = (byte)quantityDecimals;
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], flags);
        BinaryPrimitives.WriteInt64LittleEndian(header[8..], instrument.Value);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], timeNs);
        BinaryPrimitives.WriteInt64LittleEndian(header[24..], sequence);
        _written += HeaderBytes;
    }

    /// <summary>A signed 64-bit integer (a mantissa, a count, a time).</summary>
    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_destination[_written..], value);
        _written += 8;
    }

    /// <summary>A signed 128-bit integer (low 64 bits first).</summary>
    public void WriteInt128(Int128 value)
    {
        BinaryPrimitives.WriteInt128LittleEndian(_destination[_written..], value);
        _written += 16;
    }

    /// <summary>A signed 32-bit integer.</summary>
    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_destination[_written..], value);
        _written += 4;
    }

    /// <summary>An unsigned 16-bit integer.</summary>
    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_destination[_written..], value);
        _written += 2;
    }

    /// <summary>One byte.</summary>
    public void WriteByte(byte value)
    {
        _destination[_written] = value;
        _written++;
    }

    /// <summary>An IEEE 754 double.</summary>
    public void WriteDouble(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_destination[_written..], value);
        _written += 8;
    }

    /// <summary>A <see cref="decimal"/> as its four 32-bit parts (<see cref="decimal.GetBits(decimal)"/>: low, mid, high, sign and scale).</summary>
    public void WriteDecimal(decimal value)
    {
        Span<int> parts = stackalloc int[4];
        decimal.GetBits(value, parts);
        for (int i = 0; i < 4; i++)
        {
            WriteInt32(parts[i]);
        }
    }

    /// <summary>A short ASCII text: one length byte, then the characters (at most 255).</summary>
    public void WriteAscii(scoped ReadOnlySpan<char> text)
    {
        int length = Math.Min(text.Length, 255);
        _destination[_written++] = (byte)length;
        for (int i = 0; i < length; i++)
        {
            _destination[_written++] = (byte)text[i];
        }
    }
}
