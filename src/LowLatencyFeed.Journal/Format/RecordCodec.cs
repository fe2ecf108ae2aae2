using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Journal.Format;

/// <summary>
/// Record encodings 1 (compact) and 2 (narrow). A compact record is a 32-byte header — kind, feed, decimals, flags, session,
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
/// <para>A narrow record (<see cref="EncodeNarrow"/>, the journal's encoding 2) marks itself in the kind byte and stores
/// the same fields in fewer bytes: a 24-byte header when both time deltas fit 32 bits; masked words as 4 bytes
/// (sign-extended) or 8, told apart by a second mask; depth levels as 10 bytes (price delta and quantity in 32 bits,
/// orders in 16) when every level of the record fits. <see cref="TryDecode"/> reads both encodings.</para>
/// </summary>
/// <remarks>
/// Why not copy the 256-byte slot raw: most of a slot is zero or unused union space; the compact form is 3–4x smaller
/// before compression, which makes LZ4 faster (less input) and the journal smaller after it (see the
/// journal benchmarks: both encodings are measured there).
/// </remarks>
public static partial class RecordCodec
{
    /// <summary>Bytes of the record header.</summary>
    public const int HeaderBytes = 32;

    /// <summary>Bytes of the header of a narrow record whose time deltas fit 32 bits.</summary>
    public const int NarrowHeaderBytes = 24;

    /// <summary>Placed in <see cref="DepthPayload.SlabIndex"/> by <see cref="TryDecode"/> for a slab record whose levels the caller must still place.</summary>
    public const int UnresolvedSlab = -2;

    private const int PayloadOffset = 40;
    private const int GenericWords = (MarketEvent.SizeInBytes - PayloadOffset) / 8;
    private const int DepthPrefixBytes = 8;
    private const int LevelBytes = 20;
    private const int NarrowLevelBytes = 10;

    // The kind byte of a record: the event kind in the low six bits, and two marks of the narrow encoding.
    private const byte KindMask = 0x3F;
    private const byte NarrowTimesMark = 0x80;
    private const byte NarrowPayloadMark = 0x40;

    private static readonly int s_tickWords = WordsOf<TickPayload>();
    private static readonly int s_quoteWords = WordsOf<QuotePayload>();
    private static readonly int s_controlWords = WordsOf<ControlPayload>();

    /// <summary>Largest record for slabs of <paramref name="levelsPerSide"/> levels (0: no slabs).</summary>
    public static int MaxRecordBytes(int levelsPerSide)
    {
        int generic = HeaderBytes + (2 * MaskBytes(GenericWords)) + (GenericWords * 8);
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
        => EncodeRecord(in e, ref destination, ref times, slabs, narrow: false);

    /// <summary>
    /// Encodes <paramref name="e"/> as a narrow record (encoding 2), otherwise as <see cref="Encode"/> does: same
    /// room needed, same result.
    /// </summary>
    public static int EncodeNarrow(ref readonly MarketEvent e, ref byte destination, ref RecordTimeBase times, DepthSlabPool? slabs)
        => EncodeRecord(in e, ref destination, ref times, slabs, narrow: true);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int EncodeRecord(ref readonly MarketEvent e, ref byte destination, ref RecordTimeBase times, DepthSlabPool? slabs, bool narrow)
    {
        var writer = new RecordWriter(ref destination);
        ref readonly EventHeader h = ref e.Header;
        long exchangeDelta = h.ExchangeTimeNs - times.ExchangeTimeNs;
        long receiveDelta = h.ReceiveTimeNs - times.ReceiveTimeNs;
        bool narrowTimes = narrow && (int)exchangeDelta == exchangeDelta && (int)receiveDelta == receiveDelta;
        byte marks = (byte)((narrow ? NarrowPayloadMark : 0) | (narrowTimes ? NarrowTimesMark : 0));
        writer.Write((byte)((byte)h.Kind | marks));
        writer.Write((byte)h.Feed);
        writer.Write(h.PriceDecimals);
        writer.Write(h.QuantityDecimals);
        writer.Write((ushort)h.Flags);
        writer.Write(h.SessionId);
        writer.Write(h.Instrument.Value);
        if (narrowTimes)
        {
            writer.Write((int)exchangeDelta);
            writer.Write((int)receiveDelta);
        }
        else
        {
            writer.Write(exchangeDelta);
            writer.Write(receiveDelta);
        }

        times.ExchangeTimeNs = h.ExchangeTimeNs;
        times.ReceiveTimeNs = h.ReceiveTimeNs;

        // The payload writers get the position as a plain ref and return their length: a RecordWriter passed by ref
        // lives in memory, and every store then waited on the previous one's position update (the encoder's largest cost).
        ref byte payload = ref Unsafe.Add(ref Unsafe.As<MarketEvent, byte>(ref Unsafe.AsRef(in e)), PayloadOffset);
        ref byte body = ref writer.Current;
        switch (h.Kind)
        {
            case EventKind.Tick:
                return writer.Position + WriteWords(ref body, ref payload, s_tickWords, narrow);
            case EventKind.Quote:
                return writer.Position + WriteWords(ref body, ref payload, s_quoteWords, narrow);
            case EventKind.Control:
            case EventKind.Clock:
                return writer.Position + WriteWords(ref body, ref payload, s_controlWords, narrow);
            case EventKind.Depth:
                int depth = WriteDepth(ref body, in e.Depth, slabs, narrow);
                return depth >= 0 ? writer.Position + depth : depth - writer.Position;
            default:
                return writer.Position + WriteWords(ref body, ref payload, GenericWords, narrow);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WriteWords(ref byte destination, ref byte payload, int words, bool narrow)
        => narrow ? WriteNarrowWords(ref destination, ref payload, words) : WriteMaskedWords(ref destination, ref payload, words);

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
        if (available < NarrowHeaderBytes + 1)
        {
            return RecordStatus.Truncated;
        }

        // One bounds check per part, then unchecked reads: the replay decodes every record of a block in this method,
        // so span slicing per field and per depth level was a measurable share of its cost.
        ref byte src = ref Unsafe.Add(ref MemoryMarshal.GetReference(block), start);
        byte kind = src;
        int headerBytes = HeaderLength(kind);
        if (available < headerBytes + 1)
        {
            return RecordStatus.Truncated;
        }

        destination = default;
        ref EventHeader h = ref destination.Header;
        h.Kind = (EventKind)(kind & KindMask);
        h.Feed = (FeedKind)Unsafe.Add(ref src, 1);
        h.PriceDecimals = Unsafe.Add(ref src, 2);
        h.QuantityDecimals = Unsafe.Add(ref src, 3);
        h.Flags = (EventFlags)Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref src, 4));
        h.SessionId = Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref src, 6));
        h.Instrument = new Core.Instruments.InstrumentId(Unsafe.ReadUnaligned<long>(ref Unsafe.Add(ref src, 8)));
        AdvanceTimes(ref src, kind, ref times);
        h.ExchangeTimeNs = times.ExchangeTimeNs;
        h.ReceiveTimeNs = times.ReceiveTimeNs;

        ref byte rest = ref Unsafe.Add(ref src, headerBytes);
        int restLength = available - headerBytes;
        ref byte payload = ref Unsafe.Add(ref Unsafe.As<MarketEvent, byte>(ref destination), PayloadOffset);
        bool narrow = (kind & NarrowPayloadMark) != 0;
        int consumed;
        RecordStatus status = h.Kind switch
        {
            EventKind.Tick => ReadWords(ref rest, restLength, ref payload, s_tickWords, narrow, out consumed),
            EventKind.Quote => ReadWords(ref rest, restLength, ref payload, s_quoteWords, narrow, out consumed),
            EventKind.Control or EventKind.Clock => ReadWords(ref rest, restLength, ref payload, s_controlWords, narrow, out consumed),
            EventKind.Depth => ReadDepth(ref rest, restLength, ref destination.Depth, out consumed, out slabDataOffset),
            _ => ReadWords(ref rest, restLength, ref payload, GenericWords, narrow, out consumed),
        };

        if (status != RecordStatus.Ok)
        {
            return status;
        }

        if (slabDataOffset >= 0)
        {
            slabDataOffset += start + headerBytes;
        }

        position = start + headerBytes + consumed;
        return RecordStatus.Ok;
    }

    /// <summary>The kind and instrument of the record at <paramref name="position"/> (false when its header is cut off), without decoding it.</summary>
    public static bool TryPeekRoute(ReadOnlySpan<byte> block, int position, out EventKind kind, out long instrument)
    {
        if (block.Length - position < NarrowHeaderBytes + 1)
        {
            kind = default;
            instrument = 0;
            return false;
        }

        ref byte src = ref Unsafe.Add(ref MemoryMarshal.GetReference(block), position);
        kind = (EventKind)(src & KindMask);
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
        if (available < NarrowHeaderBytes + 1)
        {
            return RecordStatus.Truncated;
        }

        ref byte src = ref Unsafe.Add(ref MemoryMarshal.GetReference(block), start);
        byte mark = src;
        int headerBytes = HeaderLength(mark);
        if (available < headerBytes + 1)
        {
            return RecordStatus.Truncated;
        }

        AdvanceTimes(ref src, mark, ref times);
        ref byte rest = ref Unsafe.Add(ref src, headerBytes);
        int restLength = available - headerBytes;
        bool narrow = (mark & NarrowPayloadMark) != 0;
        int consumed;
        RecordStatus status = (EventKind)(mark & KindMask) switch
        {
            EventKind.Tick => MeasureWords(ref rest, restLength, s_tickWords, narrow, out consumed),
            EventKind.Quote => MeasureWords(ref rest, restLength, s_quoteWords, narrow, out consumed),
            EventKind.Control or EventKind.Clock => MeasureWords(ref rest, restLength, s_controlWords, narrow, out consumed),
            EventKind.Depth => MeasureDepth(ref rest, restLength, out consumed),
            _ => MeasureWords(ref rest, restLength, GenericWords, narrow, out consumed),
        };

        if (status == RecordStatus.Ok)
        {
            position = start + headerBytes + consumed;
        }

        return status;
    }

    /// <summary>Bytes of the header of a record whose kind byte is <paramref name="kind"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int HeaderLength(byte kind) => (kind & NarrowTimesMark) != 0 ? NarrowHeaderBytes : HeaderBytes;

    /// <summary>Adds the time deltas of the record at <paramref name="record"/> (checked to hold its whole header) to <paramref name="times"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AdvanceTimes(ref byte record, byte kind, ref RecordTimeBase times)
    {
        if ((kind & NarrowTimesMark) != 0)
        {
            times.ExchangeTimeNs += Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref record, 16));
            times.ReceiveTimeNs += Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref record, 20));
        }
        else
        {
            times.ExchangeTimeNs += Unsafe.ReadUnaligned<long>(ref Unsafe.Add(ref record, 16));
            times.ReceiveTimeNs += Unsafe.ReadUnaligned<long>(ref Unsafe.Add(ref record, 24));
        }
    }

    /// <summary>The metadata of a slab record at <paramref name="slabDataOffset"/> (from <see cref="TryDecode"/>).</summary>
    public static DepthSlabMetadata SlabMetadata(ReadOnlySpan<byte> block, int slabDataOffset)
        => MemoryMarshal.Read<DepthSlabMetadata>(block[slabDataOffset..]);

    /// <summary>Decodes the bid and ask levels of a slab record into <paramref name="bids"/> and <paramref name="asks"/> (at least BidCount and AskCount long).</summary>
    public static void ReadSlabLevels(ReadOnlySpan<byte> block, int slabDataOffset, Span<DepthLevel> bids, Span<DepthLevel> asks)
    {
        // The level source byte sits right before the metadata and tells the width of the levels.
        int levelBytes = LevelBytesOf((DepthLevelSource)block[slabDataOffset - 1]);
        int offset = slabDataOffset + Unsafe.SizeOf<DepthSlabMetadata>();
        ReadLevels(block.Slice(offset, bids.Length * levelBytes), bids, levelBytes);
        ReadLevels(block.Slice(offset + (bids.Length * levelBytes), asks.Length * levelBytes), asks, levelBytes);
    }

    /// <summary>
    /// Writes a depth payload at <paramref name="destination"/>; its length, negated when the slab could not be resolved.
    /// When <paramref name="narrow"/>, the levels are written 10 bytes each and kept so if every one fits.
    /// </summary>
    private static int WriteDepth(ref byte destination, ref readonly DepthPayload depth, DepthSlabPool? slabs, bool narrow)
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
            ReadOnlySpan<DepthLevel> inline = depth.Levels;
            int inlineBids = Math.Min((int)depth.BidCount, levels);
            return writer.Position + 1 + WriteSides(ref destination, writer.Position, inline[..inlineBids], inline[inlineBids..levels], DepthLevelSource.Inline, narrow);
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
        int metadataEnd = writer.Position;
        int sourceAt = metadataEnd - Unsafe.SizeOf<DepthSlabMetadata>() - 1;
        return metadataEnd + WriteSides(ref destination, sourceAt, slabs.Bids(depth.SlabIndex, bids), slabs.Asks(depth.SlabIndex, asks), DepthLevelSource.Slab, narrow);
    }

    /// <summary>
    /// Writes bids then asks right after the level source byte at <paramref name="sourceAt"/> + any metadata, and sets
    /// that byte to <paramref name="wide"/> or its narrow form; the bytes of levels written.
    /// </summary>
    private static int WriteSides(ref byte record, int sourceAt, scoped ReadOnlySpan<DepthLevel> bids, scoped ReadOnlySpan<DepthLevel> asks, DepthLevelSource wide, bool narrow)
    {
        int levelsAt = sourceAt + 1 + (wide == DepthLevelSource.Slab ? Unsafe.SizeOf<DepthSlabMetadata>() : 0);
        ref byte levels = ref Unsafe.Add(ref record, levelsAt);
        if (narrow)
        {
            // Written narrow first, checked in the same pass: nearly every book fits, and a rewrite is rare.
            ulong overflow = 0;
            int length = WriteNarrowLevels(ref levels, bids, ref overflow);
            length += WriteNarrowLevels(ref Unsafe.Add(ref levels, length), asks, ref overflow);
            if (overflow == 0)
            {
                Unsafe.Add(ref record, sourceAt) = (byte)NarrowFormOf(wide);
                return length;
            }
        }

        Unsafe.Add(ref record, sourceAt) = (byte)wide;
        int written = WriteLevels(ref levels, bids);
        return written + WriteLevels(ref Unsafe.Add(ref levels, written), asks);
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
        int levelWidth = LevelBytesOf(levelSource);
        if (levelSource is DepthLevelSource.Inline or DepthLevelSource.InlineNarrow)
        {
            depth.SlabIndex = -1;
            int levels = Math.Min(depth.BidCount + depth.AskCount, InlineDepthLevels.Capacity);
            int levelBytes = levels * levelWidth;
            if (length - offset < levelBytes)
            {
                return RecordStatus.Truncated;
            }

            ref DepthLevel inline = ref MemoryMarshal.GetReference((Span<DepthLevel>)depth.Levels);
            int inlineBids = Math.Min((int)depth.BidCount, levels);
            ref byte at = ref Unsafe.Add(ref source, offset);
            ReadLevels(ref at, ref inline, inlineBids, levelWidth);
            ReadLevels(ref Unsafe.Add(ref at, inlineBids * levelWidth), ref Unsafe.Add(ref inline, inlineBids), levels - inlineBids, levelWidth);
            consumed = offset + levelBytes;
            return RecordStatus.Ok;
        }

        if (levelSource is not (DepthLevelSource.Slab or DepthLevelSource.SlabNarrow))
        {
            return RecordStatus.Malformed;
        }

        depth.SlabIndex = UnresolvedSlab;
        int slabBytes = Unsafe.SizeOf<DepthSlabMetadata>() + ((depth.BidCount + depth.AskCount) * levelWidth);
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
        if (levelSource is DepthLevelSource.Inline or DepthLevelSource.InlineNarrow)
        {
            bytes = Math.Min(bids + asks, InlineDepthLevels.Capacity) * LevelBytesOf(levelSource);
        }
        else if (levelSource is DepthLevelSource.Slab or DepthLevelSource.SlabNarrow)
        {
            bytes = Unsafe.SizeOf<DepthSlabMetadata>() + ((bids + asks) * LevelBytesOf(levelSource));
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

    private static void ReadLevels(ReadOnlySpan<byte> source, Span<DepthLevel> levels, int levelBytes)
    {
        // Callers pass exactly levels.Length * levelBytes bytes; checked once here, not per level.
        if (source.Length < levels.Length * levelBytes)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(source), source.Length, "The source holds fewer bytes than the levels need.");
        }

        ReadLevels(ref MemoryMarshal.GetReference(source), ref MemoryMarshal.GetReference(levels), levels.Length, levelBytes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ReadLevels(ref byte source, ref DepthLevel levels, int count, int levelBytes)
    {
        long previous = 0;
        if (levelBytes == NarrowLevelBytes)
        {
            for (int i = 0; i < count; i++)
            {
                ref byte at = ref Unsafe.Add(ref source, i * NarrowLevelBytes);
                previous += Unsafe.ReadUnaligned<int>(ref at);
                ref DepthLevel level = ref Unsafe.Add(ref levels, i);
                level.Price = previous;
                level.Quantity = Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref at, 4));
                level.Orders = Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref at, 8));
            }

            return;
        }

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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int LevelBytesOf(DepthLevelSource source)
        => source is DepthLevelSource.InlineNarrow or DepthLevelSource.SlabNarrow ? NarrowLevelBytes : LevelBytes;

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

        WriteMask(ref destination, maskBytes, bits);
        return maskBytes + length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteMask(ref byte destination, int maskBytes, uint bits)
    {
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
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static RecordStatus ReadWords(ref byte source, int length, ref byte payload, int words, bool narrow, out int consumed)
        => narrow ? ReadNarrowWords(ref source, length, ref payload, words, out consumed) : ReadMaskedWords(ref source, length, ref payload, words, out consumed);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static RecordStatus MeasureWords(ref byte source, int length, int words, bool narrow, out int consumed)
        => narrow ? MeasureNarrowWords(ref source, length, words, out consumed) : MeasureMaskedWords(ref source, length, words, out consumed);

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
