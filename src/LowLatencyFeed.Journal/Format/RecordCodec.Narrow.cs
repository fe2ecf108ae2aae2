using System.Numerics;
using System.Runtime.CompilerServices;
using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Journal.Format;

/// <summary>
/// The narrow forms of record encoding 2: words and depth levels in as few bytes as their values need, chosen per
/// word (masked words) or per record (depth levels) without branching on the data where it varies from event to event.
/// </summary>
public static partial class RecordCodec
{
    /// <summary>
    /// Masked words with a second mask of the words stored wide: a present word is 4 bytes (its value fits 32 bits
    /// signed) or 8. Branch-free like <see cref="WriteMaskedWords"/>: every word is stored 8 bytes wide at the cursor,
    /// which moves by 0, 4 or 8.
    /// </summary>
    private static int WriteNarrowWords(ref byte destination, ref byte payload, int words)
    {
        int maskBytes = MaskBytes(words);
        ref byte stored = ref Unsafe.Add(ref destination, 2 * maskBytes);
        uint bits = 0;
        uint wideBits = 0;
        int length = 0;
        for (int i = 0; i < words; i++)
        {
            long word = Unsafe.ReadUnaligned<long>(ref Unsafe.Add(ref payload, i * 8));
            uint present = word != 0 ? 1u : 0u;
            uint wide = (int)word != word ? 1u : 0u;
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref stored, length), word);
            length += (int)((present + wide) << 2);
            bits |= present << i;
            wideBits |= wide << i;
        }

        WriteMask(ref destination, maskBytes, bits);
        WriteMask(ref Unsafe.Add(ref destination, maskBytes), maskBytes, wideBits);
        return (2 * maskBytes) + length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static RecordStatus ReadNarrowWords(ref byte source, int length, ref byte payload, int words, out int consumed)
    {
        RecordStatus status = MeasureNarrowWords(ref source, length, words, out consumed);
        if (status != RecordStatus.Ok)
        {
            return status;
        }

        int maskBytes = MaskBytes(words);
        uint bits = ReadMask(ref source, maskBytes);
        uint wideBits = ReadMask(ref Unsafe.Add(ref source, maskBytes), maskBytes);
        ref byte src = ref Unsafe.Add(ref source, 2 * maskBytes);
        while (bits != 0)
        {
            int i = BitOperations.TrailingZeroCount(bits);
            int wide = (int)((wideBits >> i) & 1);

            // A narrow word is read as the high half of the 8 bytes ending with it and shifted down with its sign: no
            // branch, and no read past the record (the masks and the header lie before it).
            long word = Unsafe.ReadUnaligned<long>(ref Unsafe.Add(ref src, (wide - 1) * 4)) >> ((1 - wide) * 32);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref payload, i * 8), word);
            src = ref Unsafe.Add(ref src, 4 + (wide * 4));
            bits &= bits - 1;
        }

        return RecordStatus.Ok;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static RecordStatus MeasureNarrowWords(ref byte source, int length, int words, out int consumed)
    {
        consumed = 0;
        int maskBytes = MaskBytes(words);
        if (length < 2 * maskBytes)
        {
            return RecordStatus.Truncated;
        }

        uint bits = ReadMask(ref source, maskBytes);
        uint wideBits = ReadMask(ref Unsafe.Add(ref source, maskBytes), maskBytes);
        if ((words < 32 && (bits >> words) != 0) || (wideBits & ~bits) != 0)
        {
            return RecordStatus.Malformed;
        }

        int total = (2 * maskBytes) + ((BitOperations.PopCount(bits) + BitOperations.PopCount(wideBits)) * 4);
        if (length < total)
        {
            return RecordStatus.Truncated;
        }

        consumed = total;
        return RecordStatus.Ok;
    }

    /// <summary>
    /// Narrow levels: price delta and quantity as 32 bits, orders as 16, 10 bytes a level. <paramref name="overflow"/>
    /// gets a bit set when a value does not fit, so the caller rewrites the record's levels wide.
    /// </summary>
    private static int WriteNarrowLevels(ref byte destination, scoped ReadOnlySpan<DepthLevel> levels, ref ulong overflow)
    {
        long previous = 0;
        ulong lost = 0;
        for (int i = 0; i < levels.Length; i++)
        {
            ref readonly DepthLevel level = ref levels[i];
            ref byte at = ref Unsafe.Add(ref destination, i * NarrowLevelBytes);
            long delta = level.Price - previous;
            Unsafe.WriteUnaligned(ref at, (int)delta);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, 4), (int)level.Quantity);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, 8), (ushort)level.Orders);
            lost |= (ulong)(delta ^ (int)delta) | (ulong)(level.Quantity ^ (int)level.Quantity) | ((uint)level.Orders >> 16);
            previous = level.Price;
        }

        overflow |= lost;
        return levels.Length * NarrowLevelBytes;
    }

    private static DepthLevelSource NarrowFormOf(DepthLevelSource wide)
        => wide == DepthLevelSource.Slab ? DepthLevelSource.SlabNarrow : DepthLevelSource.InlineNarrow;
}
