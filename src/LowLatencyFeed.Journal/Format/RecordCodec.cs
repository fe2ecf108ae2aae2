using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Journal.Format;

/// <summary>
/// Compact record encoding (version 1). A record is a 32-byte header — kind, feed, decimals, flags, session,
/// instrument, exchange and receive time as deltas from the previous record of the block — followed by only the
/// payload bytes of its kind:
/// <list type="bullet">
/// <item>Tick, Quote, Control, Clock (and any other kind): a bit mask of the payload's non-zero 8-byte words, then
/// those words. Lossless (zero words are restored as zero) and a typical tick shrinks from 216 to ~60 bytes.</item>
/// <item>Depth: the 8 bytes before the slab index, a <see cref="DepthLevelSource"/> byte, then for inline depth its
/// BidCount+AskCount levels (at most 10); for slab depth the slab metadata and every bid and ask level, so the journal
/// never refers to a pool that no longer exists. Each level is 20 bytes: price as a delta from the previous level of
/// its side, quantity, orders.</item>
/// </list>
/// The sequence is not stored: a block is a contiguous run starting at its header's first sequence.
/// </summary>
/// <remarks>
/// Why not copy the 256-byte slot raw: most of a slot is zero or unused union space; the compact form is 3–4x smaller
/// before compression, which makes LZ4 faster (less input) and the journal smaller after it (see the
/// journal benchmarks: both encodings are measured there).
/// </remarks>
public static class RecordCodec
{
    /// <summary>Bytes of the record header.</summary>
    public const int HeaderBytes = 32;

    /// <summary>Placed in <see cref="DepthPayload.SlabIndex"/> by <see cref="TryDecode"/> for a slab record whose levels the caller must still place.</summary>
    public const int UnresolvedSlab = -2;

    private const int PayloadOffset = 40;
    private const int GenericWords = (MarketEvent.SizeInBytes - PayloadOffset) / 8;
    private const int DepthPrefixBytes = 8;
    private const int LevelBytes = 20;

    private static readonly int s_tickWords = WordsOf<TickPayload>();
    private static readonly int s_quoteWords = WordsOf<QuotePayload>();
    private static readonly int s_controlWords = WordsOf<ControlPayload>();

    /// <summary>Largest record for slabs of <paramref name="levelsPerSide"/> levels (0: no slabs).</summary>
    public static int MaxRecordBytes(int levelsPerSide)
    {
        int generic = HeaderBytes + 4 + (GenericWords * 8);
        int inlineDepth = HeaderBytes + DepthPrefixBytes + 1 + (InlineDepthLevels.Capacity * LevelBytes);
        int slabDepth = HeaderBytes + DepthPrefixBytes + 1 + Unsafe.SizeOf<DepthSlabMetadata>() + (2 * levelsPerSide * LevelBytes);
        return Math.Max(generic, Math.Max(inlineDepth, slabDepth));
    }

    /// <summary>
    /// Encodes <paramref name="e"/> at <paramref name="destination"/>, which must have <see cref="MaxRecordBytes"/> bytes free.
    /// A depth event with <see cref="DepthPayload.SlabIndex"/> ≥ 0 takes its levels from <paramref name="slabs"/>.
    /// </summary>
    /// <returns>Bytes written, or the negated byte count when a slab could not be resolved (then the record is written with no levels).</returns>
    public static int Encode(ref readonly MarketEvent e, ref byte destination, ref RecordTimeBase times, DepthSlabPool? slabs)
    {
        var writer = new RecordWriter(ref destination);
        ref readonly EventHeader h = ref e.Header;
        writer.Write((byte)h.Kind);
        writer.Write((byte)h.Feed);
        writer.Write(h.PriceDecimals);
        writer.Write(h.QuantityDecimals);
        writer.Write((ushort)h.Flags);
        writer.Write(h.SessionId);
        writer.Write(h.Instrument.Value);
        writer.Write(h.ExchangeTimeNs - times.ExchangeTimeNs);
        writer.Write(h.ReceiveTimeNs - times.ReceiveTimeNs);
        times.ExchangeTimeNs = h.ExchangeTimeNs;
        times.ReceiveTimeNs = h.ReceiveTimeNs;

        // The payload writers get the position as a plain ref and return their length: a RecordWriter passed by ref
        // lives in memory, and every store then waited on the previous one's position update (the encoder's largest cost).
        ref byte payload = ref Unsafe.Add(ref Unsafe.As<MarketEvent, byte>(ref Unsafe.AsRef(in e)), PayloadOffset);
        ref byte body = ref writer.Current;
        switch (h.Kind)
        {
            case EventKind.Tick:
                return writer.Position + WriteMaskedWords(ref body, ref payload, s_tickWords);
            case EventKind.Quote:
                return writer.Position + WriteMaskedWords(ref body, ref payload, s_quoteWords);
            case EventKind.Control:
            case EventKind.Clock:
                return writer.Position + WriteMaskedWords(ref body, ref payload, s_controlWords);
            case EventKind.Depth:
                int depth = WriteDepth(ref body, in e.Depth, slabs);
                return depth >= 0 ? writer.Position + depth : depth - writer.Position;
            default:
                return writer.Position + WriteMaskedWords(ref body, ref payload, GenericWords);
        }
    }

    /// <summary>
    /// Decodes the record at <paramref name="position"/> into <paramref name="destination"/> (cleared first) and advances
    /// <paramref name="position"/>. The sequence is left to the caller. For a slab record the event gets
    /// <see cref="UnresolvedSlab"/> and <paramref name="slabDataOffset"/> points at its metadata, bids and asks in
    /// <paramref name="block"/>; otherwise it is -1.
    /// </summary>
    public static RecordStatus TryDecode(ReadOnlySpan<byte> block, ref int position, ref MarketEvent destination, ref RecordTimeBase times, out int slabDataOffset)
    {
        slabDataOffset = -1;
        int start = position;
        int available = block.Length - start;
        if (available < HeaderBytes + 1)
        {
            return RecordStatus.Truncated;
        }

        // One bounds check above, then unchecked reads: the replay decodes every record of a block in this method,
        // so span slicing per field and per depth level was a measurable share of its cost.
        destination = default;
        ref byte src = ref Unsafe.Add(ref MemoryMarshal.GetReference(block), start);
        ref EventHeader h = ref destination.Header;
        h.Kind = (EventKind)src;
        h.Feed = (FeedKind)Unsafe.Add(ref src, 1);
        h.PriceDecimals = Unsafe.Add(ref src, 2);
        h.QuantityDecimals = Unsafe.Add(ref src, 3);
        h.Flags = (EventFlags)Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref src, 4));
        h.SessionId = Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref src, 6));
        h.Instrument = new Core.Instruments.InstrumentId(Unsafe.ReadUnaligned<long>(ref Unsafe.Add(ref src, 8)));
        h.ExchangeTimeNs = times.ExchangeTimeNs + Unsafe.ReadUnaligned<long>(ref Unsafe.Add(ref src, 16));
        h.ReceiveTimeNs = times.ReceiveTimeNs + Unsafe.ReadUnaligned<long>(ref Unsafe.Add(ref src, 24));
        times.ExchangeTimeNs = h.ExchangeTimeNs;
        times.ReceiveTimeNs = h.ReceiveTimeNs;

        ref byte rest = ref Unsafe.Add(ref src, HeaderBytes);
        int restLength = available - HeaderBytes;
        ref byte payload = ref Unsafe.Add(ref Unsafe.As<MarketEvent, byte>(ref destination), PayloadOffset);
        int consumed;
        RecordStatus status = h.Kind switch
        {
            EventKind.Tick => ReadMaskedWords(ref rest, restLength, ref payload, s_tickWords, out consumed),
            EventKind.Quote => ReadMaskedWords(ref rest, restLength, ref payload, s_quoteWords, out consumed),
            EventKind.Control or EventKind.Clock => ReadMaskedWords(ref rest, restLength, ref payload, s_controlWords, out consumed),
            EventKind.Depth => ReadDepth(ref rest, restLength, ref destination.Depth, out consumed, out slabDataOffset),
            _ => ReadMaskedWords(ref rest, restLength, ref payload, GenericWords, out consumed),
        };

        if (status != RecordStatus.Ok)
        {
            return status;
        }

        if (slabDataOffset >= 0)
        {
            slabDataOffset += start + HeaderBytes;
        }

        position = start + HeaderBytes + consumed;
        return RecordStatus.Ok;
    }

    /// <summary>The kind and instrument of the record at <paramref name="position"/> (false when its header is cut off), without decoding it.</summary>
    public static bool TryPeekRoute(ReadOnlySpan<byte> block, int position, out EventKind kind, out long instrument)
    {
        if (block.Length - position < HeaderBytes + 1)
        {
            kind = default;
            instrument = 0;
            return false;
        }

        ref byte src = ref Unsafe.Add(ref MemoryMarshal.GetReference(block), position);
        kind = (EventKind)src;
        instrument = Unsafe.ReadUnaligned<long>(ref Unsafe.Add(ref src, 8));
        return true;
    }

    /// <summary>
    /// Moves <paramref name="position"/> past the record there and advances <paramref name="times"/> as
    /// <see cref="TryDecode"/> would, with the same checks and status, but without decoding the payload: a partitioned
    /// reader passes over the records another partition owns.
    /// </summary>
    public static RecordStatus TrySkip(ReadOnlySpan<byte> block, ref int position, ref RecordTimeBase times)
    {
        int start = position;
        int available = block.Length - start;
        if (available < HeaderBytes + 1)
        {
            return RecordStatus.Truncated;
        }

        ref byte src = ref Unsafe.Add(ref MemoryMarshal.GetReference(block), start);
        var kind = (EventKind)src;
        long exchange = times.ExchangeTimeNs + Unsafe.ReadUnaligned<long>(ref Unsafe.Add(ref src, 16));
        long receive = times.ReceiveTimeNs + Unsafe.ReadUnaligned<long>(ref Unsafe.Add(ref src, 24));
        times.ExchangeTimeNs = exchange;
        times.ReceiveTimeNs = receive;

        ref byte rest = ref Unsafe.Add(ref src, HeaderBytes);
        int restLength = available - HeaderBytes;
        int consumed;
        RecordStatus status = kind switch
        {
            EventKind.Tick => MeasureMaskedWords(ref rest, restLength, s_tickWords, out consumed),
            EventKind.Quote => MeasureMaskedWords(ref rest, restLength, s_quoteWords, out consumed),
            EventKind.Control or EventKind.Clock => MeasureMaskedWords(ref rest, restLength, s_controlWords, out consumed),
            EventKind.Depth => MeasureDepth(ref rest, restLength, out consumed),
            _ => MeasureMaskedWords(ref rest, restLength, GenericWords, out consumed),
        };

        if (status == RecordStatus.Ok)
        {
            position = start + HeaderBytes + consumed;
        }

        return status;
    }

    /// <summary>The metadata of a slab record at <paramref name="slabDataOffset"/> (from <see cref="TryDecode"/>).</summary>
    public static DepthSlabMetadata SlabMetadata(ReadOnlySpan<byte> block, int slabDataOffset)
        => MemoryMarshal.Read<DepthSlabMetadata>(block[slabDataOffset..]);

    /// <summary>Decodes the bid and ask levels of a slab record into <paramref name="bids"/> and <paramref name="asks"/> (at least BidCount and AskCount long).</summary>
    public static void ReadSlabLevels(ReadOnlySpan<byte> block, int slabDataOffset, Span<DepthLevel> bids, Span<DepthLevel> asks)
    {
        int offset = slabDataOffset + Unsafe.SizeOf<DepthSlabMetadata>();
        ReadLevels(block.Slice(offset, bids.Length * LevelBytes), bids);
        ReadLevels(block.Slice(offset + (bids.Length * LevelBytes), asks.Length * LevelBytes), asks);
    }

    /// <summary>Writes a depth payload at <paramref name="destination"/>; its length, negated when the slab could not be resolved.</summary>
    private static int WriteDepth(ref byte destination, ref readonly DepthPayload depth, DepthSlabPool? slabs)
    {
        var writer = new RecordWriter(ref destination);
        writer.Write((byte)depth.UpdateKind);
        writer.Write(depth.Reserved);
        if (depth.SlabIndex < 0)
        {
            int levels = Math.Min(depth.BidCount + depth.AskCount, InlineDepthLevels.Capacity);
            writer.Write(depth.BidCount);
            writer.Write(depth.AskCount);
            writer.Write(depth.Reserved2);
            writer.Write((byte)DepthLevelSource.Inline);
            ReadOnlySpan<DepthLevel> inline = depth.Levels;
            int inlineBids = Math.Min((int)depth.BidCount, levels);
            int length = writer.Position;
            length += WriteLevels(ref Unsafe.Add(ref destination, length), inline[..inlineBids]);
            length += WriteLevels(ref Unsafe.Add(ref destination, length), inline[inlineBids..levels]);
            return length;
        }

        bool resolvable = slabs is not null
            && depth.SlabIndex < slabs.SlabCount
            && depth.BidCount <= slabs.LevelsPerSide
            && depth.AskCount <= slabs.LevelsPerSide;
        ushort bids = resolvable ? depth.BidCount : (ushort)0;
        ushort asks = resolvable ? depth.AskCount : (ushort)0;
        writer.Write(bids);
        writer.Write(asks);
        writer.Write(depth.Reserved2);
        writer.Write((byte)DepthLevelSource.Slab);
        if (!resolvable)
        {
            writer.Write(default(DepthSlabMetadata));
            return -writer.Position;
        }

        writer.Write(slabs!.Metadata(depth.SlabIndex));
        int written = writer.Position;
        written += WriteLevels(ref Unsafe.Add(ref destination, written), slabs.Bids(depth.SlabIndex, bids));
        written += WriteLevels(ref Unsafe.Add(ref destination, written), slabs.Asks(depth.SlabIndex, asks));
        return written;
    }

    private static RecordStatus ReadDepth(ref byte source, int length, ref DepthPayload depth, out int consumed, out int slabDataOffset)
    {
        consumed = 0;
        slabDataOffset = -1;
        if (length < DepthPrefixBytes + 1)
        {
            return RecordStatus.Truncated;
        }

        depth.UpdateKind = (DepthUpdateKind)source;
        depth.Reserved = Unsafe.Add(ref source, 1);
        depth.BidCount = Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref source, 2));
        depth.AskCount = Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref source, 4));
        depth.Reserved2 = Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref source, 6));
        var levelSource = (DepthLevelSource)Unsafe.Add(ref source, DepthPrefixBytes);
        int offset = DepthPrefixBytes + 1;
        if (levelSource == DepthLevelSource.Inline)
        {
            depth.SlabIndex = -1;
            int levels = Math.Min(depth.BidCount + depth.AskCount, InlineDepthLevels.Capacity);
            int levelBytes = levels * LevelBytes;
            if (length - offset < levelBytes)
            {
                return RecordStatus.Truncated;
            }

            ref DepthLevel inline = ref MemoryMarshal.GetReference((Span<DepthLevel>)depth.Levels);
            int inlineBids = Math.Min((int)depth.BidCount, levels);
            ref byte at = ref Unsafe.Add(ref source, offset);
            ReadLevels(ref at, ref inline, inlineBids);
            ReadLevels(ref Unsafe.Add(ref at, inlineBids * LevelBytes), ref Unsafe.Add(ref inline, inlineBids), levels - inlineBids);
            consumed = offset + levelBytes;
            return RecordStatus.Ok;
        }

        if (levelSource != DepthLevelSource.Slab)
        {
            return RecordStatus.Malformed;
        }

        depth.SlabIndex = UnresolvedSlab;
        int slabBytes = Unsafe.SizeOf<DepthSlabMetadata>() + ((depth.BidCount + depth.AskCount) * LevelBytes);
        if (length - offset < slabBytes)
        {
            return RecordStatus.Truncated;
        }

        slabDataOffset = offset;
        consumed = offset + slabBytes;
        return RecordStatus.Ok;
    }

    private static RecordStatus MeasureDepth(ref byte source, int length, out int consumed)
    {
        consumed = 0;
        if (length < DepthPrefixBytes + 1)
        {
            return RecordStatus.Truncated;
        }

        int bids = Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref source, 2));
        int asks = Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref source, 4));
        var levelSource = (DepthLevelSource)Unsafe.Add(ref source, DepthPrefixBytes);
        int offset = DepthPrefixBytes + 1;
        int bytes;
        if (levelSource == DepthLevelSource.Inline)
        {
            bytes = Math.Min(bids + asks, InlineDepthLevels.Capacity) * LevelBytes;
        }
        else if (levelSource == DepthLevelSource.Slab)
        {
            bytes = Unsafe.SizeOf<DepthSlabMetadata>() + ((bids + asks) * LevelBytes);
        }
        else
        {
            return RecordStatus.Malformed;
        }

        if (length - offset < bytes)
        {
            return RecordStatus.Truncated;
        }

        consumed = offset + bytes;
        return RecordStatus.Ok;
    }

    /// <summary>
    /// Levels as (price delta from the previous level of the side, quantity, orders): book prices step by the tick size,
    /// so the deltas repeat and LZ4 matches them where absolute prices would all differ.
    /// </summary>
    private static int WriteLevels(ref byte destination, scoped ReadOnlySpan<DepthLevel> levels)
    {
        long previous = 0;
        for (int i = 0; i < levels.Length; i++)
        {
            ref readonly DepthLevel level = ref levels[i];
            ref byte at = ref Unsafe.Add(ref destination, i * LevelBytes);
            Unsafe.WriteUnaligned(ref at, level.Price - previous);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, 8), level.Quantity);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, 16), level.Orders);
            previous = level.Price;
        }

        return levels.Length * LevelBytes;
    }

    private static void ReadLevels(ReadOnlySpan<byte> source, Span<DepthLevel> levels)
    {
        // Callers pass exactly levels.Length * LevelBytes bytes; checked once here, not per level.
        if (source.Length < levels.Length * LevelBytes)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(source), source.Length, "The source holds fewer bytes than the levels need.");
        }

        ReadLevels(ref MemoryMarshal.GetReference(source), ref MemoryMarshal.GetReference(levels), levels.Length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ReadLevels(ref byte source, ref DepthLevel levels, int count)
    {
        long previous = 0;
        for (int i = 0; i < count; i++)
        {
            ref byte at = ref Unsafe.Add(ref source, i * LevelBytes);
            previous += Unsafe.ReadUnaligned<long>(ref at);
            ref DepthLevel level = ref Unsafe.Add(ref levels, i);
            level.Price = previous;
            level.Quantity = Unsafe.ReadUnaligned<long>(ref Unsafe.Add(ref at, 8));
            level.Orders = Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref at, 16));
        }
    }

    private static int WriteMaskedWords(ref byte destination, ref byte payload, int words)
    {
        int maskBytes = MaskBytes(words);
        ref byte stored = ref Unsafe.Add(ref destination, maskBytes);

        // Branch-free compaction: every word is stored at the cursor, which moves only past non-zero ones. Which words
        // are zero varies from event to event, so a branch per word mispredicted often (the writer's largest cost per
        // tick); the stores past the record's end land in the block's slack (MaxRecordBytes assumes every word).
        uint bits = 0;
        int length = 0;
        for (int i = 0; i < words; i++)
        {
            ulong word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref payload, i * 8));
            uint present = word != 0 ? 1u : 0u;
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref stored, length), word);
            length += (int)(present << 3);
            bits |= present << i;
        }

        switch (maskBytes)
        {
            case 1:
                destination = (byte)bits;
                break;
            case 2:
                Unsafe.WriteUnaligned(ref destination, (ushort)bits);
                break;
            default:
                Unsafe.WriteUnaligned(ref destination, bits);
                break;
        }

        return maskBytes + length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static RecordStatus ReadMaskedWords(ref byte source, int length, ref byte payload, int words, out int consumed)
    {
        RecordStatus status = MeasureMaskedWords(ref source, length, words, out consumed);
        if (status != RecordStatus.Ok)
        {
            return status;
        }

        int maskBytes = MaskBytes(words);
        uint bits = ReadMask(ref source, maskBytes);
        ref byte src = ref Unsafe.Add(ref source, maskBytes);
        while (bits != 0)
        {
            int i = BitOperations.TrailingZeroCount(bits);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref payload, i * 8), Unsafe.ReadUnaligned<ulong>(ref src));
            src = ref Unsafe.Add(ref src, 8);
            bits &= bits - 1;
        }

        return RecordStatus.Ok;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static RecordStatus MeasureMaskedWords(ref byte source, int length, int words, out int consumed)
    {
        consumed = 0;
        int maskBytes = MaskBytes(words);
        if (length < maskBytes)
        {
            return RecordStatus.Truncated;
        }

        uint bits = ReadMask(ref source, maskBytes);
        if (words < 32 && (bits >> words) != 0)
        {
            return RecordStatus.Malformed;
        }

        int total = maskBytes + (BitOperations.PopCount(bits) * 8);
        if (length < total)
        {
            return RecordStatus.Truncated;
        }

        consumed = total;
        return RecordStatus.Ok;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint ReadMask(ref byte source, int maskBytes) => maskBytes switch
    {
        1 => source,
        2 => Unsafe.ReadUnaligned<ushort>(ref source),
        _ => Unsafe.ReadUnaligned<uint>(ref source),
    };

    private static int MaskBytes(int words) => words <= 8 ? 1 : words <= 16 ? 2 : 4;

    private static int WordsOf<T>()
        where T : unmanaged => (Unsafe.SizeOf<T>() + 7) / 8;
}
