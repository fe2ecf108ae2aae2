using System.Runtime.CompilerServices;
using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Protocols.Binance;

/// <summary>
/// Publishes one Binance book message (diff or snapshot, any number of levels) as one or more consecutive depth
/// events, each carrying the message's update ids.
/// </summary>
/// <remarks>
/// <para><b>Fragments.</b> A message is cut into fragments published back to back, with no other event in between from
/// the same session. The first fragment has the message's kind (<see cref="DepthUpdateKind.Snapshot"/> clears both sides,
/// <see cref="DepthUpdateKind.Diff"/> updates); every later fragment is a <see cref="DepthUpdateKind.Diff"/> that sets
/// absolute quantities, so applying the fragments in order yields exactly the message. Only the fragment flagged final
/// leaves the book consistent: consumers that derive signals from the book should wait for it.</para>
/// <para><b>Inline fragments</b> (no slab pool, or at most <see cref="InlineLevelsPerEvent"/> levels): up to 9 levels,
/// best levels of both sides first. The level after the last real one (index <c>BidCount + AskCount</c>, never counted)
/// is an <i>id trailer</i>: <c>Price</c> = first update id (<c>U</c>), <c>Quantity</c> = final update id (<c>u</c>),
/// <c>Orders</c> = <see cref="TrailerTag"/> | final bit 0x8000 | fragment index (15 bits).</para>
/// <para><b>Slab fragments</b> (a <see cref="DepthSlabPool"/> given and more than 9 levels): up to
/// <see cref="DepthSlabPool.LevelsPerSide"/> levels per side in one slab, ids in <see cref="DepthSlabMetadata.FirstUpdateId"/>
/// and <see cref="DepthSlabMetadata.LastUpdateId"/>, fragment index and final bit in <see cref="DepthSlabMetadata.Tag"/>
/// (same encoding as the trailer's <c>Orders</c>).</para>
/// <para>Read the ids back with <see cref="TryReadUpdateIds"/> rather than decoding either layout by hand.</para>
/// </remarks>
public static class BinanceDepthWriter
{
    /// <summary>Real levels in an inline Binance depth event; the tenth slot holds the id trailer.</summary>
    public const int InlineLevelsPerEvent = InlineDepthLevels.Capacity - 1;

    /// <summary>High bits of the trailer's <c>Orders</c> ("BI"), telling it from an absent trailer.</summary>
    public const int TrailerTag = 0x4249_0000;

    private const int TagMask = 0x7FFF_0000;
    private const int FinalBit = 0x8000;
    private const int IndexMask = 0x7FFF;

    /// <summary>
    /// Publishes a book message. <paramref name="header"/> supplies instrument, decimals, times, flags and session;
    /// its kind is forced to <see cref="EventKind.Depth"/>.
    /// </summary>
    /// <returns>Events published (at least one, even for a message with no levels, so the update ids still advance).</returns>
    public static int Publish<TSink>(
        ref TSink sink,
        in EventHeader header,
        DepthUpdateKind kind,
        long firstUpdateId,
        long lastUpdateId,
        ReadOnlySpan<DepthLevel> bids,
        ReadOnlySpan<DepthLevel> asks,
        DepthSlabPool? slabs = null)
        where TSink : IEventSink
    {
        if (slabs is not null && bids.Length + asks.Length > InlineLevelsPerEvent)
        {
            return PublishSlabs(ref sink, header, kind, firstUpdateId, lastUpdateId, bids, asks, slabs);
        }

        int bid = 0;
        int ask = 0;
        int fragment = 0;
        do
        {
            int remainingBids = bids.Length - bid;
            int remainingAsks = asks.Length - ask;

            // Both sides share the nine slots; the best of each side goes first so the first fragment shows the touch.
            int takeAsks = Math.Min(remainingAsks, InlineLevelsPerEvent - Math.Min(remainingBids, (InlineLevelsPerEvent + 1) / 2));
            int takeBids = Math.Min(remainingBids, InlineLevelsPerEvent - takeAsks);
            bool final = takeBids == remainingBids && takeAsks == remainingAsks;

            ref MarketEvent e = ref sink.Claim();
            e.Header = header;
            e.Header.Kind = EventKind.Depth;
            e.Depth.UpdateKind = fragment == 0 ? kind : DepthUpdateKind.Diff;
            e.Depth.BidCount = (ushort)takeBids;
            e.Depth.AskCount = (ushort)takeAsks;
            e.Depth.SlabIndex = -1;
            Span<DepthLevel> levels = e.Depth.Levels;
            bids.Slice(bid, takeBids).CopyTo(levels);
            asks.Slice(ask, takeAsks).CopyTo(levels[takeBids..]);
            levels[takeBids + takeAsks] = new DepthLevel(firstUpdateId, lastUpdateId, EncodeTag(fragment, final));
            sink.Publish();

            bid += takeBids;
            ask += takeAsks;
            fragment++;
        }
        while (bid < bids.Length || ask < asks.Length);

        return fragment;
    }

    /// <summary>
    /// Reads the update ids of a Binance depth event published by <see cref="Publish"/>. False when the event is not a
    /// Binance depth event or carries no ids (slab events need <paramref name="slabs"/>).
    /// </summary>
    public static bool TryReadUpdateIds(ref readonly MarketEvent e, DepthSlabPool? slabs, out BinanceDepthUpdateIds ids)
    {
        ids = default;
        if (e.Header.Kind != EventKind.Depth || e.Header.Feed != FeedKind.Binance)
        {
            return false;
        }

        if (e.Depth.SlabIndex >= 0)
        {
            if (slabs is null || e.Depth.SlabIndex >= slabs.SlabCount)
            {
                return false;
            }

            ref DepthSlabMetadata meta = ref slabs.Metadata(e.Depth.SlabIndex);
            return TryDecodeTag(meta.Tag, meta.FirstUpdateId, meta.LastUpdateId, out ids);
        }

        int used = e.Depth.BidCount + e.Depth.AskCount;
        if (used >= InlineDepthLevels.Capacity)
        {
            return false;
        }

        ReadOnlySpan<DepthLevel> levels = e.Depth.Levels;
        ref readonly DepthLevel trailer = ref levels[used];
        return TryDecodeTag(trailer.Orders, trailer.Price, trailer.Quantity, out ids);
    }

    private static int PublishSlabs<TSink>(
        ref TSink sink,
        in EventHeader header,
        DepthUpdateKind kind,
        long firstUpdateId,
        long lastUpdateId,
        ReadOnlySpan<DepthLevel> bids,
        ReadOnlySpan<DepthLevel> asks,
        DepthSlabPool slabs)
        where TSink : IEventSink
    {
        int perSide = slabs.LevelsPerSide;
        int bid = 0;
        int ask = 0;
        int fragment = 0;
        do
        {
            int takeBids = Math.Min(bids.Length - bid, perSide);
            int takeAsks = Math.Min(asks.Length - ask, perSide);
            bool final = bid + takeBids == bids.Length && ask + takeAsks == asks.Length;

            ref MarketEvent e = ref sink.Claim();
            int slab = slabs.Claim();
            bids.Slice(bid, takeBids).CopyTo(slabs.WritableBids(slab));
            asks.Slice(ask, takeAsks).CopyTo(slabs.WritableAsks(slab));
            ref DepthSlabMetadata meta = ref slabs.Metadata(slab);
            meta.FirstUpdateId = firstUpdateId;
            meta.LastUpdateId = lastUpdateId;
            meta.Tag = EncodeTag(fragment, final);

            e.Header = header;
            e.Header.Kind = EventKind.Depth;
            e.Depth.UpdateKind = fragment == 0 ? kind : DepthUpdateKind.Diff;
            e.Depth.BidCount = (ushort)takeBids;
            e.Depth.AskCount = (ushort)takeAsks;
            e.Depth.SlabIndex = slab;
            sink.Publish();

            // The publisher stamped the slot's ring sequence; the slab stays referenced until consumers pass it.
            slabs.Commit(slab, e.Header.Sequence);

            bid += takeBids;
            ask += takeAsks;
            fragment++;
        }
        while (bid < bids.Length || ask < asks.Length);

        return fragment;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int EncodeTag(int fragment, bool final) => TrailerTag | (final ? FinalBit : 0) | Math.Min(fragment, IndexMask);

    private static bool TryDecodeTag(long tag, long first, long last, out BinanceDepthUpdateIds ids)
    {
        if ((tag & ~(long)(TagMask | FinalBit | IndexMask)) != 0 || (tag & TagMask) != TrailerTag)
        {
            ids = default;
            return false;
        }

        ids = new BinanceDepthUpdateIds(first, last, (int)(tag & IndexMask), (tag & FinalBit) != 0);
        return true;
    }
}
