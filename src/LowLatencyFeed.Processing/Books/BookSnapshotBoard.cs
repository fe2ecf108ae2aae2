using System.Collections.Concurrent;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Processing.Derived;

namespace LowLatencyFeed.Processing.Books;

/// <summary>
/// The latest book of every instrument, readable from any thread. The book thread copies each book changed in a batch
/// into the instrument's slot at batch end under a seqlock: it never takes a lock, never waits for a reader and
/// allocates nothing (slots are allocated once per instrument). A reader retries while a copy is in progress.
/// </summary>
public sealed class BookSnapshotBoard
{
    private readonly ConcurrentDictionary<long, Slot> _slots = new();

    /// <summary>Creates a board holding up to <paramref name="maxLevels"/> levels per side.</summary>
    public BookSnapshotBoard(int maxLevels = BookOptions.DefaultMaxLevels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLevels, 1);
        MaxLevels = maxLevels;
    }

    /// <summary>Levels held per side.</summary>
    public int MaxLevels { get; }

    /// <summary>Instruments with a book.</summary>
    public int Count => _slots.Count;

    /// <summary>
    /// Copies up to <paramref name="bids"/>.Length / <paramref name="asks"/>.Length best levels and the book's metrics;
    /// false when the book stage has no book for <paramref name="instrument"/>. Returns the number of levels copied
    /// per side in <paramref name="info"/> (at most the span lengths).
    /// </summary>
    public bool TryRead(InstrumentId instrument, Span<DepthLevel> bids, Span<DepthLevel> asks, out BookSnapshotInfo info)
    {
        if (!_slots.TryGetValue(instrument.Value, out Slot? slot))
        {
            info = default;
            return false;
        }

        var spin = new SpinWait();
        while (true)
        {
            long before = Volatile.Read(ref slot.Version);
            if ((before & 1) != 0)
            {
                spin.SpinOnce();
                continue;
            }

            info = slot.Info;
            int bidCount = Math.Min(Math.Min(info.BidCount, bids.Length), MaxLevels);
            int askCount = Math.Min(Math.Min(info.AskCount, asks.Length), MaxLevels);
            slot.Bids.AsSpan(0, bidCount).CopyTo(bids);
            slot.Asks.AsSpan(0, askCount).CopyTo(asks);
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref slot.Version) == before)
            {
                info.BidCount = bidCount;
                info.AskCount = askCount;
                info.Version = before / 2;
                return true;
            }

            spin.SpinOnce();
        }
    }

    /// <summary>Book thread: the slot of a new instrument (cold path, allocates once).</summary>
    internal object Register(InstrumentId instrument) => _slots.GetOrAdd(instrument.Value, static (_, levels) => new Slot(levels), MaxLevels);

    /// <summary>Book thread: publishes <paramref name="book"/> into <paramref name="handle"/>.</summary>
    internal void Write(object handle, OrderBook book, in BookMetricsValues metrics, DerivedFlags flags, long timeNs, long sequence, byte priceDecimals, byte quantityDecimals)
    {
        var slot = (Slot)handle;
        ReadOnlySpan<DepthLevel> bids = book.Bids;
        ReadOnlySpan<DepthLevel> asks = book.Asks;
        int bidCount = Math.Min(bids.Length, MaxLevels);
        int askCount = Math.Min(asks.Length, MaxLevels);

        // Odd while writing; the full fence keeps the data stores after it.
        Interlocked.Increment(ref slot.Version);
        bids[..bidCount].CopyTo(slot.Bids);
        asks[..askCount].CopyTo(slot.Asks);
        slot.Info.Metrics = metrics;
        slot.Info.TimeNs = timeNs;
        slot.Info.Sequence = sequence;
        slot.Info.BidCount = bidCount;
        slot.Info.AskCount = askCount;
        slot.Info.Flags = flags;
        slot.Info.PriceDecimals = priceDecimals;
        slot.Info.QuantityDecimals = quantityDecimals;
        Volatile.Write(ref slot.Version, slot.Version + 1);
    }

    private sealed class Slot
    {
        public readonly DepthLevel[] Bids;
        public readonly DepthLevel[] Asks;
        public long Version;
        public BookSnapshotInfo Info;

        public Slot(int levels)
        {
            Bids = new DepthLevel[levels];
            Asks = new DepthLevel[levels];
        }
    }
}
