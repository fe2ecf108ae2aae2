using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>
/// Unchecked little-endian loads for SFeed packets. Callers validate the packet length against the layout first, so
/// the per-field bounds check is left out.
/// </summary>
internal static class KotakWire
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort ReadUInt16(ref byte packet, int offset)
    {
        ushort value = Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref packet, offset));
        return BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ReadUInt32(ref byte packet, int offset)
    {
        uint value = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref packet, offset));
        return BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ReadInt32(ref byte packet, int offset) => (int)ReadUInt32(ref packet, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long ReadInt64(ref byte packet, int offset)
    {
        ulong value = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref packet, offset));
        return (long)(BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value));
    }
}
