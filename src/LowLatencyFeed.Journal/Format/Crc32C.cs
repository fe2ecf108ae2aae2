using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace LowLatencyFeed.Journal.Format;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of every journal block and index entry.
/// Uses the SSE4.2 / ARMv8 CRC instructions when present (several GB/s) and a slicing-by-8 table otherwise.
/// </summary>
/// <remarks>
/// On x64 a long input runs as three interleaved chains: the crc32 instruction takes three cycles to give its result
/// but can start every cycle, so one chain leaves two thirds of it idle. Each chunk of three lanes is joined by moving
/// a lane's state over the next lane's <see cref="LaneBytes"/> zero bytes — a linear map of the 32-bit state, applied
/// with four table lookups — and XOR-ing in the next lane's state (CRC of A‖B = CRC of A over |B| zeros ⊕ CRC of B
/// from zero).
/// </remarks>
public static class Crc32C
{
    private const uint Polynomial = 0x82F63B78u;

    private const int LaneBytes = 512;
    private const int ChunkBytes = 3 * LaneBytes;

    private static readonly uint[] s_table = BuildTable();

    // After s_table: built with it.
    private static readonly uint[] s_overLane = BuildOverLaneTable();

    /// <summary>The CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(~0u, data);

    /// <summary>
    /// Continues a running CRC over <paramref name="data"/>. The running value is the inverted state:
    /// start with <c>~0u</c> and invert the result (as <see cref="Compute"/> does).
    /// </summary>
    public static uint Update(uint state, ReadOnlySpan<byte> data)
    {
        if (Sse42.X64.IsSupported)
        {
            return UpdateSse42X64(state, data);
        }

        if (Crc32.Arm64.IsSupported)
        {
            return UpdateArm64(state, data);
        }

        return UpdateSoftware(state, data);
    }

    /// <summary>The table-driven implementation, exposed so tests can check it against the hardware path.</summary>
    public static uint ComputeSoftware(ReadOnlySpan<byte> data) => ~UpdateSoftware(~0u, data);

    private static uint UpdateSse42X64(uint state, ReadOnlySpan<byte> data)
    {
        ref byte start = ref MemoryMarshal.GetReference(data);
        int length = data.Length;
        int i = 0;
        ulong crc = state;
        if (length >= ChunkBytes)
        {
            uint[] overLane = s_overLane;
            for (; i + ChunkBytes <= length; i += ChunkBytes)
            {
                ref byte lane = ref Unsafe.Add(ref start, i);
                ulong second = 0;
                ulong third = 0;
                for (int j = 0; j < LaneBytes; j += 8)
                {
                    crc = Sse42.X64.Crc32(crc, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref lane, j)));
                    second = Sse42.X64.Crc32(second, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref lane, j + LaneBytes)));
                    third = Sse42.X64.Crc32(third, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref lane, j + (2 * LaneBytes))));
                }

                crc = OverLane(overLane, OverLane(overLane, (uint)crc) ^ (uint)second) ^ (uint)third;
            }
        }

        for (; i + 8 <= length; i += 8)
        {
            crc = Sse42.X64.Crc32(crc, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i)));
        }

        uint crc32 = (uint)crc;
        for (; i < length; i++)
        {
            crc32 = Sse42.Crc32(crc32, Unsafe.Add(ref start, i));
        }

        return crc32;
    }

    /// <summary>The state <paramref name="crc"/> carried over <see cref="LaneBytes"/> zero bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint OverLane(uint[] table, uint crc) =>
        table[crc & 0xFF] ^ table[256 + ((crc >> 8) & 0xFF)] ^ table[512 + ((crc >> 16) & 0xFF)] ^ table[768 + (crc >> 24)];

    private static uint UpdateArm64(uint state, ReadOnlySpan<byte> data)
    {
        ref byte start = ref MemoryMarshal.GetReference(data);
        int length = data.Length;
        int i = 0;
        uint crc = state;
        for (; i + 8 <= length; i += 8)
        {
            crc = Crc32.Arm64.ComputeCrc32C(crc, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i)));
        }

        for (; i < length; i++)
        {
            crc = Crc32.ComputeCrc32C(crc, Unsafe.Add(ref start, i));
        }

        return crc;
    }

    private static uint UpdateSoftware(uint state, ReadOnlySpan<byte> data)
    {
        uint[] table = s_table;
        uint crc = state;
        int i = 0;

        // Slicing-by-8: eight table lookups per 8 input bytes instead of one per byte.
        for (; i + 8 <= data.Length; i += 8)
        {
            uint low = crc ^ (uint)(data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24));
            uint high = (uint)(data[i + 4] | (data[i + 5] << 8) | (data[i + 6] << 16) | (data[i + 7] << 24));
            crc = table[(7 * 256) + (low & 0xFF)]
                ^ table[(6 * 256) + ((low >> 8) & 0xFF)]
                ^ table[(5 * 256) + ((low >> 16) & 0xFF)]
                ^ table[(4 * 256) + (low >> 24)]
                ^ table[(3 * 256) + (high & 0xFF)]
                ^ table[(2 * 256) + ((high >> 8) & 0xFF)]
                ^ table[256 + ((high >> 16) & 0xFF)]
                ^ table[high >> 24];
        }

        for (; i < data.Length; i++)
        {
            crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    /// <summary>
    /// Four 256-entry tables: entry b of table k is the state with byte k = b (others zero) carried over
    /// <see cref="LaneBytes"/> zero bytes. The map is linear, so a state's image is the XOR of its four bytes' entries.
    /// </summary>
    private static uint[] BuildOverLaneTable()
    {
        Span<uint> bitImages = stackalloc uint[32];
        for (int bit = 0; bit < 32; bit++)
        {
            uint crc = 1u << bit;
            for (int n = 0; n < LaneBytes; n++)
            {
                crc = s_table[crc & 0xFF] ^ (crc >> 8);
            }

            bitImages[bit] = crc;
        }

        var table = new uint[4 * 256];
        for (int k = 0; k < 4; k++)
        {
            for (int b = 0; b < 256; b++)
            {
                uint image = 0;
                for (int bit = 0; bit < 8; bit++)
                {
                    if ((b & (1 << bit)) != 0)
                    {
                        image ^= bitImages[(8 * k) + bit];
                    }
                }

                table[(k * 256) + b] = image;
            }
        }

        return table;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[8 * 256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ Polynomial : c >> 1;
            }

            table[n] = c;
        }

        for (int slice = 1; slice < 8; slice++)
        {
            for (int n = 0; n < 256; n++)
            {
                uint previous = table[((slice - 1) * 256) + n];
                table[(slice * 256) + n] = (previous >> 8) ^ table[previous & 0xFF];
            }
        }

        return table;
    }
}
