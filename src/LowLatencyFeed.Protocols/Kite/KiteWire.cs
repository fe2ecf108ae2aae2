using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace LowLatencyFeed.Protocols.Kite;

/// <summary>
/// Unchecked big-endian loads and stores. Callers have validated the packet length against the layout first, so the
/// per-field bounds check is left out (the Npgsql write-buffer pattern).
/// </summary>
internal static class KiteWire
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ReadUInt32(ref byte packet, int offset)
    {
        uint value = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref packet, offset));
        return BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort ReadUInt16(ref byte packet, int offset)
    {
        ushort value = Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref packet, offset));
        return BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteUInt32(ref byte packet, int offset, uint value)
    {
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref packet, offset), BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteUInt16(ref byte packet, int offset, ushort value)
    {
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref packet, offset), BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value);
    }
}
