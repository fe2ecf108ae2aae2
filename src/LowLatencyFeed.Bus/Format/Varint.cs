using System.Runtime.CompilerServices;

namespace LowLatencyFeed.Bus.Format;

/// <summary>Unsigned LEB128: 7 bits per byte, low groups first; sequence deltas take one or two bytes.</summary>
internal static class Varint
{
    public const int MaxBytes = 10;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Write(Span<byte> destination, ulong value)
    {
        int i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>Reads a value; returns the bytes consumed, 0 when truncated or longer than 10 bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Read(ReadOnlySpan<byte> source, out ulong value)
    {
        value = 0;
        int shift = 0;
        for (int i = 0; i < source.Length && i < MaxBytes; i++)
        {
            byte b = source[i];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return i + 1;
            }

            shift += 7;
        }

        return 0;
    }
}
